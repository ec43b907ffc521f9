"""Fault injection against real services: `make test-faults` (docs/OPERATIONS.md).

It starts, all of its own: a throwaway PostgreSQL cluster (initdb on a free port, never the
shared server), the demo site under gunicorn with production settings, the supervised worker
(`run_worker`), a real SMTP sink (aiosmtpd) and uses the Elasticsearch node of
`scripts/elasticsearch`. Then it repeats the scenarios of issue 17:

  mail      the SMTP sink is stopped while e-mails are written, then started: none lost
  worker    the worker is killed (/healthz degraded), a task left RUNNING is reclaimed
  es-kill   the node is killed while content changes; it comes back; the index catches up
  es-freeze the node is frozen (SIGSTOP): pages that do not search stay fast, search falls back
  es-index  the index is deleted: no empty index appears, /healthz says so, search_rebuild fixes it
  drains    four concurrent drains race with edits: 0 stale documents (content hashes)
  db        the database stops for 20 s: 503, never 500, for anonymous and signed-in people;
            the worker survives
  load      50 simulated users for 30 s: 0 errors

Prints a summary and writes it as JSON (FAULTS_RESULTS, default test-artifacts/faults.json);
exits 1 when a criterion fails. Needs root (initdb runs as the postgres user), Java for the
Elasticsearch node, and the dev dependencies (aiosmtpd).
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
ES_SCRIPT = ROOT / "scripts" / "elasticsearch"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
RESULTS_FILE = Path(os.environ.get("FAULTS_RESULTS", ROOT / "test-artifacts" / "faults.json"))
STUCK_AFTER = 20  # HEALTH_STUCK_AFTER_SECONDS for this run
WORKER_STALE = 12  # WORKER_STALE_AFTER_SECONDS for this run


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, *, timeout: float, interval: float = 1.0, what: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out waiting for {what}")


class Run:
    def __init__(self):
        self.id = uuid.uuid4().hex[:6]
        self.work = Path(tempfile.mkdtemp(prefix=f"housing-faults-{self.id}-"))
        os.chmod(self.work, 0o755)
        self.pg_port = free_port()
        self.web_port = free_port()
        self.smtp_port = free_port()
        self.smtp_log = self.work / "smtp.jsonl"
        self.smtp_log.touch()
        self.processes: dict[str, subprocess.Popen] = {}
        self.results: dict = {}
        self.es_url = ""
        self.env = {}

    # --- services ---------------------------------------------------------------------

    def pg(self, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        command = " ".join([str(PG_BIN / "pg_ctl"), "-D", str(self.work / "pg"), *arguments])
        return subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c", command],
            capture_output=True,
            text=True,
            check=check,
        )

    def start_postgres(self) -> None:
        data = self.work / "pg"
        data.mkdir()
        shutil.chown(data, "postgres", "postgres")
        (self.work / "pglog").mkdir()
        shutil.chown(self.work / "pglog", "postgres", "postgres")
        subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c",
             f"{PG_BIN / 'initdb'} -D {data} --auth=trust -U postgres -E UTF8 --locale=C.UTF-8"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        self.pg_start()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-c",
             "CREATE DATABASE housing_faults"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip

    def pg_start(self) -> None:
        options = f"'-p {self.pg_port} -k {self.work / 'pg'} -c listen_addresses=127.0.0.1'"
        self.pg("-o", options, "-l", str(self.work / "pglog" / "pg.log"), "-w", "start")

    def pg_stop(self) -> None:
        self.pg("-m", "fast", "-w", "stop", check=False)

    def start_smtp(self) -> None:
        self.processes["smtp"] = subprocess.Popen(
            [PYTHON, str(ROOT / "scripts" / "faults_smtp_sink.py"), str(self.smtp_port),
             str(self.smtp_log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(lambda: _port_open(self.smtp_port), timeout=15, interval=0.2, what="smtp sink")

    def stop(self, name: str, sig=signal.SIGTERM) -> None:
        process = self.processes.pop(name, None)
        if process is not None and process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def es_pid(self) -> int:
        return int((ROOT / ".cache" / "elasticsearch" / "state" / "pid").read_text().strip())

    def start_es(self, port: int | None = None) -> str:
        env = {**os.environ}
        if port:
            env["ES_HTTP_PORT"] = str(port)
        result = subprocess.run(
            [str(ES_SCRIPT), "start"], capture_output=True, text=True, env=env, check=True
        )
        return result.stdout.strip().splitlines()[-1]

    def django_env(self) -> dict:
        return {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "faults-" + "x" * 60,
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/housing_faults",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SITE_URL": f"http://127.0.0.1:{self.web_port}",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_TIMEOUT": "5",
            "MAIL_RETRY_BASE_SECONDS": "2",
            "MAIL_RETRY_MAX_SECONDS": "8",
            "MAIL_MAX_ATTEMPTS": "100",  # the outage outlasts the production bound of retries
            "ELASTICSEARCH_URL": self.es_url,
            "SEARCH_INDEX_PREFIX": f"faults-{self.id}",
            "SEARCH_RETRY_BASE_SECONDS": "2",
            "SEARCH_RETRY_MAX_SECONDS": "8",
            "HEALTH_STUCK_AFTER_SECONDS": str(STUCK_AFTER),
            "WORKER_HEARTBEAT_SECONDS": "3",
            "WORKER_STALE_AFTER_SECONDS": str(WORKER_STALE),
            "MEDIA_ROOT": str(self.work / "media"),
            "DATA_DIR": str(self.work / "data"),
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *arguments: str, check: bool = True, timeout: float = 600):
        result = subprocess.run(
            [PYTHON, "manage.py", *arguments],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout,
        )  # fmt: skip
        if check and result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(arguments)}: {result.stderr[-3000:]}")
        return result

    def shell(self, code: str, *, check: bool = True):
        """Run Python inside Django; the last line printed as JSON is returned."""
        result = self.manage("shell", "-c", code, check=check)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        return json.loads(lines[-1]) if lines else None

    def start_web(self) -> None:
        self.processes["web"] = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application",
             "--bind", f"127.0.0.1:{self.web_port}", "--workers", "3", "--timeout", "60",
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=open(self.work / "web.log", "w"),  # noqa: SIM115 (lives with the process)
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: _port_open(self.web_port), timeout=60, interval=0.5, what="gunicorn")

    def start_worker(self) -> None:
        self.processes["worker"] = subprocess.Popen(
            [PYTHON, "manage.py", "run_worker", "--queue-name=*", "--interval", "0.5",
             "--no-startup-delay", "-v", "0"],
            cwd=ROOT, env=self.env, stdout=open(self.work / "worker.log", "a"),  # noqa: SIM115 (lives with the process)
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    # --- HTTP ---------------------------------------------------------------------------

    def get(self, path: str, *, cookie: str = "", timeout: float = 30) -> tuple[int, float, str]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.web_port}{path}")
        request.add_header("X-Forwarded-Proto", "https")
        if cookie:
            request.add_header("Cookie", cookie)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read().decode("utf-8", errors="replace")
                status = response.status
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", errors="replace")
            status = error.code
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            return 0, time.monotonic() - started, str(error)
        return status, time.monotonic() - started, body

    def health(self) -> dict:
        status, _elapsed, body = self.get("/healthz")
        try:
            return {"http": status, **json.loads(body)}
        except json.JSONDecodeError:
            return {"http": status, "status": "no-json"}

    def es(self, method: str, path: str) -> tuple[int, dict]:
        request = urllib.request.Request(f"{self.es_url}{path}", method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    # --- content --------------------------------------------------------------------------

    def rename_articles(self, count: int, label: str) -> None:
        self.shell(
            "from kb.models import ArticlePage\n"
            f"for page in ArticlePage.objects.live().order_by('pk')[:{count}]:\n"
            "    page = page.specific\n"
            f"    page.title = page.title.split(' [')[0] + ' [{label}]'\n"
            "    page.save_revision().publish()\n"
        )

    def outbox(self) -> dict:
        return self.shell(
            "import json\n"
            "from core.models import OutgoingEmail\n"
            "from search.models import SearchOutbox\n"
            "pending = SearchOutbox.objects.pending()\n"
            "print(json.dumps({'mail_pending': OutgoingEmail.objects.pending().count(),"
            " 'mail_failed': OutgoingEmail.objects.failed().count(),"
            " 'mail_total': OutgoingEmail.objects.count(),"
            " 'search_pending': pending.count(),"
            " 'search_error': (pending.exclude(last_error='').values_list('last_error', flat=True).first() or '')[:200]}))"
        )

    def search_check(self) -> dict:
        result = self.manage("search_check", check=False)
        counts = {}
        for engine, missing, extra, stale in re.findall(
            r"^(\w+): (\d+) missing, (\d+) extra, (\d+) stale", result.stdout, re.M
        ):
            counts[engine] = {"missing": int(missing), "extra": int(extra), "stale": int(stale)}
        return {"clean": result.returncode == 0, "engines": counts, "error": result.stderr[-300:]}


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


# --- scenarios ------------------------------------------------------------------------------


def scenario_mail(run: Run) -> dict:
    send = (
        "from core.mail import send_email\n"
        "for n in range({count}):\n"
        "    send_email(to=f'{prefix}{{n}}@example.org', subject=f'{prefix} {{n}}', body_text='x')\n"
    )
    run.shell(send.format(count=10, prefix="before"))
    wait_for(lambda: run.outbox()["mail_pending"] == 0, timeout=60, what="first e-mails")
    run.stop("smtp", signal.SIGKILL)
    log("mail: SMTP sink stopped; writing e-mails")
    run.shell(send.format(count=40, prefix="during"))
    # allauth's password reset, through the adapter, in a real request cycle.
    run.shell(
        "from django.test import Client\n"
        "from accounts.models import User\n"
        "user = User.objects.filter(is_active=True).order_by('pk').first()\n"
        "Client(HTTP_HOST='127.0.0.1').post('/ucet/password/reset/', {'email': user.email}, secure=True)\n"
    )
    run.manage("kb_send_review_reminders", check=False)
    run.manage("forum_send_digests", check=False)
    run.manage("courses_send_reminders", check=False)
    time.sleep(STUCK_AFTER + 3)
    during = run.outbox()
    health_down = run.health()
    run.start_smtp()
    log("mail: SMTP sink started again")
    wait_for(lambda: run.outbox()["mail_pending"] == 0, timeout=120, what="e-mail retries")
    final = run.outbox()
    expected = run.shell(
        "import json\nfrom core.models import OutgoingEmail\n"
        "print(json.dumps({'ids': [str(pk) for pk in OutgoingEmail.objects.values_list('pk', flat=True)]}))"
    )["ids"]
    received = [json.loads(line)["id"] for line in run.smtp_log.read_text().splitlines() if line]
    lost = sorted(set(expected) - set(received), key=int)
    return {
        "emails_written": len(expected),
        "pending_while_smtp_down": during["mail_pending"],
        "healthz_while_smtp_down": health_down.get("status"),
        "delivered": len(set(received)),
        "lost": len(lost),
        "duplicates": len(received) - len(set(received)),
        "failed_for_good": final["mail_failed"],
        "ok": not lost
        and final["mail_failed"] == 0
        and health_down.get("status") == "degraded"
        and during["mail_pending"] > 0,
    }


def scenario_worker(run: Run) -> dict:
    run.stop("worker", signal.SIGKILL)
    log("worker: killed")
    time.sleep(WORKER_STALE + 4)
    health_dead = run.health()
    run.shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "from core.tasks import email_outbox_deliver\n"
        "result = email_outbox_deliver.enqueue()\n"
        "DBTaskResult.objects.filter(pk=result.id).update(status='RUNNING', "
        "started_at=timezone.now() - timedelta(minutes=10), worker_ids=['killed-worker'])\n"
    )
    run.start_worker()
    time.sleep(6)
    state = run.shell(
        "import json\nfrom django_tasks_db.models import DBTaskResult\n"
        "print(json.dumps({'running': DBTaskResult.objects.filter(status='RUNNING', "
        "worker_ids__contains=['killed-worker']).count()}))"
    )
    health_back = run.health()
    return {
        "healthz_without_worker": health_dead.get("status"),
        "problems": health_dead.get("tasks", {}).get("problems"),
        "stale_running_after_restart": state["running"],
        "healthz_after_restart": health_back.get("status"),
        "ok": health_dead.get("status") == "degraded"
        and state["running"] == 0
        and health_back.get("status") == "ok",
    }


def _page_latencies(run: Run, paths: list[str], rounds: int) -> dict:
    statuses, times = Counter(), []
    for _round in range(rounds):
        for path in paths:
            status, elapsed, _body = run.get(path)
            statuses[status] += 1
            times.append(elapsed)
    times.sort()
    return {
        "statuses": dict(statuses),
        "median_ms": round(times[len(times) // 2] * 1000),
        "max_ms": round(times[-1] * 1000),
    }


def scenario_es_kill(run: Run, pages: list[str]) -> dict:
    port = int(run.es_url.rsplit(":", 1)[1])
    os.kill(run.es_pid(), signal.SIGKILL)
    log("es-kill: node killed")
    time.sleep(2)
    run.rename_articles(5, "es-kill")
    pages_down = _page_latencies(run, pages, 3)
    status, _elapsed, body = run.get("/search/?q=bydleni")
    search_fallback = status == 200 and "neodpovídá" in body
    time.sleep(3)
    health_down = run.health()
    outbox_down = run.outbox()
    run.es_url = run.start_es(port)
    log("es-kill: node started again")
    wait_for(lambda: run.outbox()["search_pending"] == 0, timeout=90, what="index catch-up")
    check = run.search_check()
    return {
        "pages_while_down": pages_down,
        "search_falls_back": search_fallback,
        "healthz_while_down": health_down.get("status"),
        "pending_while_down": outbox_down["search_pending"],
        "search_check": check,
        "ok": health_down.get("status") == "degraded"
        and search_fallback
        and set(pages_down["statuses"]) == {200}
        and check["clean"],
    }


def scenario_es_freeze(run: Run, pages: list[str]) -> dict:
    before = _page_latencies(run, pages, 5)
    pid = run.es_pid()
    os.kill(pid, signal.SIGSTOP)
    log("es-freeze: node frozen")
    try:
        run.rename_articles(3, "es-freeze")
        frozen = _page_latencies(run, pages, 5)
        searches = [run.get("/search/?q=bydleni") for _ in range(5)]
        health_frozen = run.health()
    finally:
        os.kill(pid, signal.SIGCONT)
    log("es-freeze: node thawed")
    wait_for(lambda: run.outbox()["search_pending"] == 0, timeout=90, what="index catch-up")
    check = run.search_check()
    search_ms = sorted(round(elapsed * 1000) for _s, elapsed, _b in searches)
    return {
        "pages_before": before,
        "pages_while_frozen": frozen,
        "search_statuses_while_frozen": [status for status, _e, _b in searches],
        "search_ms_while_frozen": search_ms,
        "healthz_while_frozen": health_frozen.get("status"),
        "search_check": check,
        "ok": set(frozen["statuses"]) == {200}
        and all(status == 200 for status, _e, _b in searches)
        and health_frozen.get("status") == "degraded"
        and check["clean"],
    }


def scenario_es_index(run: Run) -> dict:
    alias = f"faults-{run.id}-content"
    _status, aliases = run.es("GET", f"/{alias}/_alias")
    (index,) = aliases.keys()
    run.es("DELETE", f"/{index}")
    log(f"es-index: deleted {index}")
    run.rename_articles(2, "es-index")
    time.sleep(5)
    outbox_missing = run.outbox()
    indices_status, indices = run.es("GET", f"/faults-{run.id}-*/_alias")
    health_missing = run.health()
    run.manage("search_rebuild")
    wait_for(lambda: run.outbox()["search_pending"] == 0, timeout=60, what="outbox after rebuild")
    check = run.search_check()
    health_after = run.health()
    return {
        "pending_while_missing": outbox_missing["search_pending"],
        "error_while_missing": outbox_missing["search_error"],
        "indices_created_meanwhile": sorted(indices) if indices_status == 200 else [],
        "healthz_while_missing": health_missing.get("status"),
        "index_present_reported": health_missing.get("search", {}).get("index_present"),
        "search_check_after_rebuild": check,
        "healthz_after_rebuild": health_after.get("status"),
        "ok": outbox_missing["search_pending"] > 0
        and not (indices if indices_status == 200 else {})
        and health_missing.get("status") == "degraded"
        and check["clean"],
    }


def scenario_drains(run: Run) -> dict:
    editor = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c",
         "from kb.models import ArticlePage\n"
         "for round_ in range(6):\n"
         "    for page in ArticlePage.objects.live().order_by('pk')[:8]:\n"
         "        page = page.specific\n"
         "        page.title = page.title.split(' [')[0] + f' [race {round_}]'\n"
         "        page.save_revision().publish()\n"],
        cwd=ROOT, env=run.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    failures: list[str] = []

    def drain_loop():
        while editor.poll() is None:
            result = run.manage("search_sync", check=False)
            if result.returncode != 0 and "could not reach" not in result.stderr:
                failures.append(result.stderr[-300:])

    drainers = [threading.Thread(target=drain_loop) for _ in range(4)]
    for thread in drainers:
        thread.start()
    editor.wait()
    for thread in drainers:
        thread.join()
    run.manage("search_sync", check=False)
    wait_for(lambda: run.outbox()["search_pending"] == 0, timeout=60, what="last drain")
    check = run.search_check()
    stale = sum(engine["stale"] for engine in check["engines"].values())
    return {
        "editor_exit": editor.returncode,
        "drain_failures": failures[:3],
        "deadlocks": sum("deadlock" in failure for failure in failures),
        "search_check": check,
        "stale_documents": stale,
        "ok": editor.returncode == 0 and not failures and check["clean"] and stale == 0,
    }


def scenario_db(run: Run, pages: list[str]) -> dict:
    session = run.shell(
        "import json\n"
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from accounts.models import User\n"
        "user, _ = User.objects.get_or_create(email='faults-learner@example.org')\n"
        "user.set_password('faults-password-2026'); user.save()\n"
        "store = SessionStore()\n"
        "store[SESSION_KEY] = str(user.pk)\n"
        "store[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "store[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "store.create()\n"
        "print(json.dumps({'key': store.session_key}))"
    )
    cookie = f"sessionid={session['key']}"
    signed_in_ok = run.get("/ucet/profil/", cookie=cookie)[0]
    run.pg_stop()
    log("db: PostgreSQL stopped")
    statuses = {"anonymous": Counter(), "signed_in": Counter(), "healthz": Counter()}
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for path in pages:
            statuses["anonymous"][run.get(path)[0]] += 1
        for path in ["/", "/ucet/profil/", pages[-1]]:
            statuses["signed_in"][run.get(path, cookie=cookie)[0]] += 1
        statuses["healthz"][run.get("/healthz")[0]] += 1
    worker_alive_during = run.processes["worker"].poll() is None
    run.pg_start()
    log("db: PostgreSQL started again")
    time.sleep(3)
    after = _page_latencies(run, pages, 1)
    health_after = wait_for(
        lambda: (h := run.health()).get("status") == "ok" and h, timeout=40, what="healthz ok"
    )
    total_500 = sum(counter.get(500, 0) for counter in statuses.values())
    return {
        "signed_in_before": signed_in_ok,
        "statuses_during_outage": {name: dict(counter) for name, counter in statuses.items()},
        "responses_500": total_500,
        "worker_alive_after_outage": run.processes["worker"].poll() is None and worker_alive_during,
        "pages_after": after["statuses"],
        "healthz_after": health_after.get("status"),
        "ok": total_500 == 0
        and signed_in_ok == 200
        and run.processes["worker"].poll() is None
        and set(after["statuses"]) == {200},
    }


def scenario_load(run: Run, pages: list[str], *, users: int = 50, seconds: int = 30) -> dict:
    statuses, errors = Counter(), []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def user(number: int):
        paths = [*pages, "/search/?q=bydleni", "/forum/"]
        index = number
        while time.monotonic() < stop_at:
            status, _elapsed, body = run.get(paths[index % len(paths)], timeout=60)
            index += 1
            with lock:
                statuses[status] += 1
                if status == 0 or status >= 500:
                    errors.append(f"{status} {body[:80]}")

    threads = [threading.Thread(target=user, args=(number,)) for number in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "users": users,
        "seconds": seconds,
        "requests": sum(statuses.values()),
        "statuses": dict(statuses),
        "errors": len(errors),
        "examples": errors[:3],
        "ok": not errors,
    }


# --- main -----------------------------------------------------------------------------------


def main() -> int:
    if os.geteuid() != 0:
        print("make test-faults runs initdb as the postgres user: run it as root.")
        return 2
    run = Run()
    log(f"work folder {run.work}")
    selected = set(sys.argv[1:]) or {
        "mail", "worker", "es-kill", "es-freeze", "es-index", "drains", "db", "load"
    }  # fmt: skip
    try:
        run.es_url = run.start_es()
        run.start_postgres()
        run.env = run.django_env()
        log("migrating and loading the demo content into the throwaway cluster")
        run.manage("migrate", "--noinput")
        run.manage("createcachetable")
        run.manage("load_demo")
        run.manage("search_rebuild")
        run.manage("collectstatic", "--noinput")
        run.start_smtp()
        run.start_web()
        run.start_worker()
        pages = run.shell(
            "import json\nfrom kb.models import ArticlePage\n"
            "print(json.dumps({'urls': [p.url for p in ArticlePage.objects.live()[:2]]}))"
        )["urls"]
        pages = ["/", "/znalosti/", "/pripadove-studie/", *pages]
        scenarios = [
            ("mail", lambda: scenario_mail(run)),
            ("worker", lambda: scenario_worker(run)),
            ("es-kill", lambda: scenario_es_kill(run, pages)),
            ("es-freeze", lambda: scenario_es_freeze(run, pages)),
            ("es-index", lambda: scenario_es_index(run)),
            ("drains", lambda: scenario_drains(run)),
            ("db", lambda: scenario_db(run, pages)),
            ("load", lambda: scenario_load(run, pages)),
        ]
        for name, scenario in scenarios:
            if name not in selected:
                continue
            log(f"scenario {name}")
            try:
                run.results[name] = scenario()
            except Exception as error:  # report and go on with the next scenario
                run.results[name] = {"ok": False, "error": f"{error.__class__.__name__}: {error}"}
            log(f"{name}: {'ok' if run.results[name]['ok'] else 'FAILED'}")
    finally:
        for name in list(run.processes):
            run.stop(name)
        run.pg_stop()
        try:
            pid = run.es_pid()
            os.kill(pid, signal.SIGCONT)
        except (OSError, ValueError):
            pass
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(run.results, indent=2, ensure_ascii=False))
    print(json.dumps(run.results, indent=2, ensure_ascii=False))
    failed = [name for name, result in run.results.items() if not result.get("ok")]
    log("all scenarios passed" if not failed else f"FAILED: {', '.join(failed)}")
    if not failed:
        shutil.rmtree(run.work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
