"""`make bench`: the key pages under load, and what each page costs in SQL queries.

Builds a throw-away SQLite database with the demo content (plus extra rows, so that lists are
long), then

1. requests each page in-process with Django's test client, without the page cache (median
   and p95 time, SQL queries of one request: for comparing one commit with the next);
2. starts gunicorn (`BENCH_WORKERS`, 2 by default: one per core) on that database and sends
   anonymous requests to each key page from `BENCH_CONNECTIONS` (10) threads for
   `BENCH_SECONDS` (5) seconds, each request on a new connection as a browser without
   keep-alive, and prints requests/s, median and p95, and the CPU the gunicorn workers used
   per request (read from /proc), with "req/s per 2 cores": 2000 ms / CPU ms per request,
   what the page would reach with both cores to itself. The machine may be shared: the CPU
   figures count, the wall-clock ones only on an idle machine.

`BENCH_PAGE_CACHE=0` turns the anonymous page cache off (`PAGE_CACHE_SECONDS=0`), for the
figures without it. Numbers are for comparing commits on one machine, never asserted in tests.
"""

import io
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "10"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
PORT = int(os.environ.get("BENCH_PORT", "8177"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _prepare(workdir: str) -> dict:
    """The database with the demo content; returns the paths of the key pages."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["PAGE_CACHE_DIR"] = f"{workdir}/page-cache"
    if os.environ.get("BENCH_PAGE_CACHE") == "0":
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.pop("ELASTICSEARCH_URL", None)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())

    from accounts.models import Invitation, User
    from casestudies.models import CaseStudyPage
    from kb.models import ArticlePage

    adviser = User.objects.get(email="poradce@demo.example")
    for number in range(200):
        Invitation.objects.create(
            email=f"bench{number}@example.org",
            organisation=adviser.memberships.first().organisation,
            role="learner",
            invited_by=adviser,
        )
    case_study = CaseStudyPage.objects.live().public().order_by("path").first()
    article = ArticlePage.objects.live().public().order_by("path").first()
    return {
        "home": "/",
        "case-study list": "/pripadove-studie/",
        "a case study": case_study.get_url(),
        "dashboard": "/pripadove-studie/vysledky/",
        "knowledge base": "/znalosti/",
        "an article": article.get_url(),
        "forum": "/forum/",
        "search": "/search/?q=krizovy+byt",
        # Each request a new address (an extra parameter search ignores): the kept page
        # never serves it, the answer cache does: what a signed-in person's search costs.
        "search, page not kept": "/search/?q=krizovy+byt&n={n}",
    }


def _in_process(key_pages: dict) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accounts.models import User

    setup_test_environment()
    # What rendering costs: the page cache would answer every request after the first.
    settings.PAGE_CACHE_SECONDS = 0
    anonymous = Client()
    signed_in = Client()
    # A learner: advisers are sent to set up a second factor first.
    signed_in.force_login(User.objects.get(email="studujici@demo.example"))
    pages = [(label, anonymous, path) for label, path in key_pages.items() if "{n}" not in path] + [
        ("home (en)", anonymous, "/en/"),
        ("case studies API", anonymous, "/api/v1/case-studies/"),
        ("search API", anonymous, "/api/search/?q=bydleni+rodin+s+detmi"),
        ("search, signed in", signed_in, "/search/?q=krizovy+byt"),
        ("forum, signed in", signed_in, "/forum/"),
    ]
    print(f"In process (Django test client, {ROUNDS} rounds, no page cache)", flush=True)
    print(f"{'page':<28}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
    for label, client, path in pages:
        client.get(path)  # warm caches and templates
        timings = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"{label:<28}{statistics.median(timings):>10.1f}{p95:>10.1f}{len(queries):>9}",
            flush=True,
        )


def _get(path: str) -> tuple[int, float]:
    """One GET on a new connection; (status, milliseconds)."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", PORT), timeout=30) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    status = int(b"".join(chunks[:1])[9:12] or 0)
    return status, (time.perf_counter() - started) * 1000


def _worker_cpu_seconds(master: int) -> float:
    """User + system CPU of gunicorn's workers (the master's children) so far."""
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def _load(path: str, master: int) -> dict:
    """`path` may contain "{n}": a number new for each request."""
    numbers = itertools.count()
    for _ in range(2 * CONNECTIONS):  # warm every worker
        _get(path.format(n=next(numbers)))
    timings: list[float] = []
    errors: list[int] = []
    deadline = time.perf_counter() + SECONDS

    def client():
        while time.perf_counter() < deadline:
            status, elapsed = _get(path.format(n=next(numbers)))
            timings.append(elapsed)
            if status != 200:
                errors.append(status)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    cpu_before = _worker_cpu_seconds(master)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = _worker_cpu_seconds(master) - cpu_before
    if errors:
        raise SystemExit(f"{path}: {len(errors)} responses were not 200 (e.g. {errors[0]})")
    return {
        "rps": len(timings) / wall,
        "median": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20)[-1],
        "cpu_ms": cpu * 1000 / len(timings),
    }


def _under_load(key_pages: dict) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{PORT}",
            "--preload",
            "--log-level=warning",
        ],
        cwd=REPO_ROOT,
        env=env,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        cache = "off" if os.environ.get("PAGE_CACHE_SECONDS") == "0" else "on"
        print(
            f"\nUnder load: gunicorn, {WORKERS} workers, {CONNECTIONS} connections, "
            f"{SECONDS:g} s per page, anonymous, page cache {cache}, {os.cpu_count()} cores, "
            f"load average before {os.getloadavg()[0]:.2f}"
        )
        print(
            f"{'page':<22}{'req/s':>8}{'median ms':>11}{'p95 ms':>9}{'CPU ms/req':>12}"
            f"{'req/s per 2 cores':>19}"
        )
        for label, path in key_pages.items():
            figures = _load(path, server.pid)
            print(
                f"{label:<22}{figures['rps']:>8.0f}{figures['median']:>11.1f}"
                f"{figures['p95']:>9.1f}{figures['cpu_ms']:>12.2f}"
                f"{2000 / max(figures['cpu_ms'], 0.01):>19.0f}",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="bench-")
    key_pages = _prepare(workdir)
    if os.environ.get("BENCH_IN_PROCESS", "1") != "0":
        _in_process(key_pages)
    _under_load(key_pages)


if __name__ == "__main__":
    main()
