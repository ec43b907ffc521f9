#!/usr/bin/env python
"""make bench-search: the project's search engines against Wagtail's own (`modelsearch`) at
1k, 10k and 100k Czech knowledge-base articles, on the same content and the same queries.

For each size a fresh database (a SQLite file, or a PostgreSQL database with
`--database postgres://…`) gets the same synthetic articles: titles, summaries and bodies of
200–800 words in real inflected Czech forms (a word chain trained on the Czech seed texts and
the demo content, with 12 % of the words drawn from simplemma's Czech dictionary for a long
tail of forms). The 100k size is a cheaper stand-in: bodies of 60–120 words.

Index builds run in child processes, one at a time: CPU time (user + system, the analysis
pool included; not the database server's nor Elasticsearch's), wall time and peak resident
memory of the child. The project's builds start from an empty database index (emptied,
unmeasured, by a `_clear` child), as Wagtail's first `update_index` does; one more rebuilds
over the full index (every entry replaced), as Wagtail's second `update_index` does. Then the queries: each query asked of every engine in turn (interleaved
query by query, so a busy moment of the shared machine hits all of them), three rounds after
a warm-up round, wall and CPU time per query, p50/p95. The project's engines answer through
`search.service.answer` (results, total, six facets, the fallbacks for words found nowhere
and "did you mean"); Wagtail's backends return the first ten results and the count, and
on Elasticsearch once more as "wagtail-es-page" with the counts per topic (its `facet()`),
the nearest to the page's work its API offers.
The node's shard request cache is off for these rounds (Wagtail's count and counts per topic
would otherwise be answered from memory after the warm-up round: the project's request with
ten hits is never cached); the Elasticsearch engines are then asked once more with it on,
reported as "… (request cache)".
Every query has a budget (`--query-budget`, 10 s): a database statement running longer is
stopped and counted at the budget; an engine over it three times at a size is no longer
asked there and is reported as stopped (Wagtail's SQLite backend at 100k).

    .venv/bin/python scripts/bench_search.py [--sizes 1000 10000 100000] [--database URL]
        [--elasticsearch URL] [--rounds 3] [--output FILE.json]

The machine may be shared: compare ratios and CPU times, not wall times across runs.
"""

import argparse
import gc
import itertools
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

BENCH_PREFIX = os.environ.get("BENCH_SEARCH_PREFIX", "benchsearch")  # indexes, databases
LONG_TAIL_SHARE = 0.12
SEED = 23

QUERIES = [
    "krizové bydlení",
    "bytová nouze",
    "bytova nouze",
    "sociální práce",
    "rodiny s dětmi",
    "rodinám s dětmi",
    "obec",
    "obcím",
    "podpora",
    "nájemní smlouva",
    "sociální bydlení v obcích",
    "housing first",
    "dostupné bydlení",
    "bydelní",
    "spoluprace",
    "soc",
    "zástupci obcí",
    "bezdomovectví",
    "standardního bydlení",
    "poradenství školení",
    "městské byty",
    "krizovy byt pro rodinu",
    "systémová řešení",
    "dobrá praxe",
]


# --- the corpus --------------------------------------------------------------------------


def _czech_texts() -> list[str]:
    texts = [path.read_text() for path in sorted(Path("/work/shared/seeds").glob("*.txt"))]
    literal = re.compile(r'"([^"\n]{40,})"')
    for path in sorted(ROOT.glob("*/demo.py")) + sorted(ROOT.glob("*/demo_content/*.toml")):
        texts += [
            text for text in literal.findall(path.read_text()) if re.search("[ěščřžýáíéůú]", text)
        ]
    return texts


class Corpus:
    """A deterministic generator of Czech articles."""

    def __init__(self, seed: int = SEED):
        self.random = random.Random(seed)
        words = re.findall(r"\w+|[.,:;?!]", " ".join(_czech_texts()))
        self.chain: dict[str, list[str]] = {}
        for first, second in itertools.pairwise(words):
            self.chain.setdefault(first.lower(), []).append(second)
        self.starts = [word for word in words if word[:1].isupper()]
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        forms = [
            key.decode()
            for key in DefaultDictionaryFactory().get_dictionary("cs")._dict
            if key.decode().isalpha() and key.decode().islower() and 4 <= len(key) <= 14
        ]
        forms.sort()
        self.random.shuffle(forms)
        self.forms = forms[:60000]

    def _tail_word(self) -> str:
        # Zipf-like: a few forms often, many rarely.
        index = int(len(self.forms) * self.random.random() ** 3)
        return self.forms[index]

    def words(self, count: int) -> str:
        out = []
        word = self.random.choice(self.starts)
        while len(out) < count:
            if word not in ".,:;?!" and self.random.random() < LONG_TAIL_SHARE:
                out.append(self._tail_word())
            else:
                out.append(word)
            followers = self.chain.get(word.lower())
            word = self.random.choice(followers) if followers else self.random.choice(self.starts)
        text = " ".join(out)
        return re.sub(r" ([.,:;?!])", r"\1", text)

    def article(self, index: int, *, short: bool) -> dict:
        body_words = self.random.randint(60, 120) if short else self.random.randint(200, 800)
        title = self.words(self.random.randint(4, 9)).rstrip(".,:;?!")
        return {
            "title": title[:1].upper() + title[1:],
            "summary": self.words(self.random.randint(15, 30)),
            "body": self.words(body_words),
            "published": date(2020 + index % 6, 1 + index % 12, 1 + index % 28),
            "topic": ["krizove-bydleni", "housing-first", "mapovani", "socialni-prace"][index % 4],
        }


# --- the benchmark model (created in the benchmark database only) ---------------------------


def bench_model():
    """Articles as one plain model that both Wagtail's backends and the project's engines
    index (created at run time in the benchmark database; never migrated)."""
    from django.db import models
    from modelsearch import index

    class BenchArticle(index.Indexed, models.Model):
        title = models.CharField(max_length=300)
        summary = models.TextField()
        body = models.TextField()
        published = models.DateField()
        topic = models.CharField(max_length=40)

        search_fields = [
            index.SearchField("title", boost=10),
            index.AutocompleteField("title"),
            index.SearchField("summary", boost=4),
            index.SearchField("body"),
            index.FilterField("topic"),
        ]

        class Meta:
            app_label = "search"
            db_table = "bench_search_article"
            managed = False

        def __str__(self):
            return self.title

    return BenchArticle


def _register_source(model) -> None:
    """The project's side: a search source over the benchmark articles, read in batches."""
    from search import registry
    from search.documents import PUBLIC, SearchDocument
    from search.pages import in_batches

    def document(article) -> SearchDocument:
        return SearchDocument(
            key=f"search.bencharticle:{article.pk}",
            kind="article",
            title=article.title,
            url=f"/znalosti/{article.pk}/",
            summary=article.summary,
            body=article.body,
            date=article.published,
            place="Znalostní báze",
            topics=(article.topic,),
            audiences=(PUBLIC,),
        )

    def documents():
        for batch in in_batches(model.objects.all(), 200):
            yield from (document(article) for article in batch)

    def documents_for(pks):
        return [document(article) for article in model.objects.filter(pk__in=pks)]

    registry.register_source(
        registry.Source(
            "search.bencharticle",
            ("article",),
            documents,
            lambda pk: next(iter(documents_for([pk])), None),
            documents_for,
        )
    )


def _setup(database_url: str, elasticsearch_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ["ELASTICSEARCH_URL"] = elasticsearch_url
    os.environ["SEARCH_INDEX_PREFIX"] = BENCH_PREFIX
    import django

    django.setup()
    from django.conf import settings

    # No query log (DEBUG keeps the last 9,000 statements, bulk inserts with their texts):
    # it would cost CPU and grow the memory of every engine's build.
    settings.DEBUG = False
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
        "elasticsearch": {
            "BACKEND": "modelsearch.backends.elasticsearch8",
            "URLS": [elasticsearch_url or "http://127.0.0.1:9200"],
            "INDEX_PREFIX": f"{BENCH_PREFIX}-wagtail-",
            "TIMEOUT": 60,
            # Its index settings need ngram, edge_ngram and asciifolding (analysis-common),
            # which the minimal distribution lacks: its two ngram analyzers become plain
            # lower-casing ones, so it runs there. Its queries are unchanged; only its
            # autocomplete fields (not used here: `search`, not `autocomplete`) lose partial
            # words. Empty mappings replace the ngram tokenizers and filters (deep_update).
            "INDEX_SETTINGS": {
                "settings": {
                    "analysis": {
                        "analyzer": {
                            "ngram_analyzer": {"filter": ["lowercase"]},
                            "edgengram_analyzer": {"filter": ["lowercase"]},
                        },
                        "tokenizer": {},
                        "filter": {},
                    }
                }
            },
        },
    }
    model = bench_model()
    # Wagtail gives every indexed model its `index_entries` relation when the apps are
    # ready; this model is created later, so it gets it here (Wagtail's PostgreSQL backend
    # queries through it).
    from django.apps import apps
    from modelsearch.abstract_models import TextIDGenericRelation

    TextIDGenericRelation(apps.get_model("wagtailsearch", "IndexEntry")).contribute_to_class(
        model, "index_entries"
    )
    _register_source(model)
    return model


# --- children: one build each ---------------------------------------------------------------


def child_build(args) -> None:
    model = _setup(args.database, args.elasticsearch if args.engine.endswith("es") else "")
    started = time.perf_counter()
    error = ""
    if args.engine == "project-db" or args.engine == "project-db+es":
        from search.indexing import rebuild

        result = rebuild(workers=args.workers)
        count = result["documents"]
    else:
        from django.core.management import call_command

        backend = "elasticsearch" if args.engine == "wagtail-es" else "default"
        try:
            call_command("update_index", backend_name=backend, verbosity=0)
            if args.engine == "wagtail-es":
                _merge_wagtail_indexes(args.elasticsearch)
        except Exception as problem:
            error = f"{problem.__class__.__name__}: {str(problem)[:300]}"
        count = model.objects.count()
    print(json.dumps({"wall": time.perf_counter() - started, "documents": count, "error": error}))


def _merge_wagtail_indexes(url: str) -> None:
    """Wagtail's Elasticsearch indexes merged into one segment each, as the project's
    rebuild merges its new index before switching to it (`switch_alias`); timed with the
    build. Without it the bench compared the project's merged index with Wagtail's as the
    merge policy leaves it (16 segments at 100k), which slows Wagtail's searches more than
    the project's (2026-11-30: Wagtail's p50 7.0 -> 4.4 ms at 100k once merged)."""
    from elasticsearch import Elasticsearch

    Elasticsearch(url, request_timeout=900).indices.forcemerge(
        index=f"{BENCH_PREFIX}-wagtail-*", max_num_segments=1
    )


def child_clear(args) -> None:
    """Empty the project's database index (entries, facets, typo vocabulary), unmeasured, so
    that a build starts from an empty index as Wagtail's first `update_index` does."""
    _setup(args.database, "")
    from search.engines.database import DatabaseEngine

    DatabaseEngine().clear()


def run_build(
    args, engine: str, database_url: str, workers: int = 1, *, empty: bool = True
) -> dict:
    if empty and engine.startswith("project"):
        command = [sys.executable, __file__, "_clear", "--database", database_url]
        subprocess.run(command, check=True, cwd=ROOT)
    command = [
        sys.executable,
        __file__,
        "_build",
        "--engine",
        engine,
        "--database",
        database_url,
        "--elasticsearch",
        args.elasticsearch,
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, cwd=ROOT)
    _pid, status, usage = os.wait4(process.pid, 0)
    output = process.stdout.read().decode().strip().splitlines()
    result = json.loads(output[-1]) if output and status == 0 else {"error": f"exit {status}"}
    result.update(
        engine=engine,
        workers=workers,
        index="empty" if empty else "full",
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
    )
    if result.get("documents"):
        result["cpu_ms_per_document"] = 1000 * result["cpu"] / result["documents"]
    return result


# --- the parent ---------------------------------------------------------------------------


def _database_for(args, size: int, template: Path | None) -> str:
    if args.database.startswith("postgres"):
        import psycopg

        base, _slash, _name = args.database.rpartition("/")
        name = f"{BENCH_PREFIX}_{size}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
        return f"{base}/{name}"
    path = Path(args.workdir) / f"bench-{size}.sqlite3"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


def _prepare(database_url: str, size: int, args) -> None:
    """Migrate (PostgreSQL), create the benchmark table and fill it."""
    command = [sys.executable, __file__, "_fill", "--database", database_url, "--size", str(size)]
    subprocess.run(command, check=True, cwd=ROOT)


def child_fill(args) -> None:
    model = _setup(args.database, "")
    from django.core.management import call_command
    from django.db import connection

    if args.database.startswith("postgres"):
        call_command("migrate", verbosity=0)
    with connection.schema_editor() as editor:
        editor.create_model(model)
    corpus = Corpus()
    short = args.size >= 100_000
    batch = []
    for index in range(args.size):
        batch.append(model(**corpus.article(index, short=short)))
        if len(batch) == 2000:
            model.objects.bulk_create(batch)
            batch = []
    model.objects.bulk_create(batch)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


MAX_OVER_BUDGET = 3  # queries over the budget, after which an engine is no longer asked


class _QueryBudget:
    """Stops a database statement that runs longer than the budget (seconds).

    Wagtail's SQLite backend takes minutes per query at 100k documents: without a budget the
    bench would not finish. SQLite statements are interrupted through the connection's
    progress handler, PostgreSQL ones by `statement_timeout`; the same budget applies to
    every engine. Elasticsearch requests are not bounded here (none comes near it).
    """

    def __init__(self, seconds: float):
        from django.db import connection

        self.seconds = seconds
        self.deadline = 0.0
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(self._past_deadline, 20_000)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = %s", [round(seconds * 1000)])

    def _past_deadline(self) -> bool:
        return bool(self.deadline) and time.perf_counter() > self.deadline

    def __enter__(self):
        self.deadline = time.perf_counter() + self.seconds

    def __exit__(self, *exc_info):
        self.deadline = 0.0

    @staticmethod
    def exceeded(problem: Exception) -> bool:
        text = str(problem)
        return "interrupted" in text or "statement timeout" in text


def _set_request_cache(url: str, *, enabled: bool) -> None:
    """The shard request cache of every bench index (the project's and Wagtail's)."""
    if not url:
        return
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url)
    client.indices.put_settings(
        index=f"{BENCH_PREFIX}*", settings={"index.requests.cache.enable": enabled}
    )
    client.indices.clear_cache(index=f"{BENCH_PREFIX}*", request=True)


def _asked_rounds(askers: dict, rounds: int, budget) -> dict:
    """Every query of every asker, interleaved query by query, a warm-up round and `rounds`
    timed ones: p50/p95 of wall and CPU time per asker."""
    timings = {name: {"wall": [], "cpu": []} for name in askers}
    errors = {}
    over_budget = dict.fromkeys(askers, 0)
    totals = {name: {} for name in askers}
    for round_number in range(rounds + 1):
        if round_number == 1:
            # As a server worker after start-up (config/wsgi.py): what the warm-up loaded stays
            # out of the garbage collector's full passes, for every engine alike.
            gc.freeze()
        for text in QUERIES:
            for name, ask in askers.items():
                if name in errors:
                    continue
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    with budget:
                        total = ask(text)
                except Exception as problem:
                    if not budget.exceeded(problem):
                        errors[name] = f"{problem.__class__.__name__}: {str(problem)[:200]}"
                        continue
                    # Counted at the budget: a lower bound of what it would have taken.
                    over_budget[name] += 1
                    if over_budget[name] == MAX_OVER_BUDGET:
                        errors[name] = (
                            f"stopped: {MAX_OVER_BUDGET} queries took over "
                            f"{budget.seconds:g} s each"
                        )
                        continue
                    total = None
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                if total is not None:
                    totals[name][text] = total
                if round_number:  # the first round warms caches up
                    timings[name]["wall"].append(wall * 1000)
                    timings[name]["cpu"].append(cpu * 1000)
    report = {}
    for name, values in timings.items():
        if name in errors:
            # A stopped engine's percentiles would only count its fastest queries.
            report[name] = {"error": errors[name], "timed_rounds_answered": len(values["wall"])}
            continue
        if values["wall"]:
            report[name] = {
                "p50_ms": statistics.median(values["wall"]),
                "p95_ms": _percentile(values["wall"], 0.95),
                "cpu_p50_ms": statistics.median(values["cpu"]),
                "cpu_p95_ms": _percentile(values["cpu"], 0.95),
                "results_median": statistics.median(totals[name].values() or [0]),
            }
            if over_budget[name]:
                report[name]["over_budget"] = over_budget[name]
    return report


def child_queries(args) -> None:
    """Every query of every engine, interleaved query by query; prints the timings."""
    model = _setup(args.database, args.elasticsearch)
    from wagtail.search.backends import get_search_backend

    from search.engines.database import DatabaseEngine
    from search.query import SearchQuery, clean_query, parse_terms
    from search.service import answer

    engines = {"project-db": DatabaseEngine()}
    if args.elasticsearch:
        from search.engines.elasticsearch import ElasticsearchEngine

        engines["project-es"] = ElasticsearchEngine()

    def project(engine):
        def ask(text):
            query = SearchQuery(
                text=text,
                terms=parse_terms(clean_query(text)),
                audiences=frozenset({"public"}),
            )
            return answer(engine, query).total

        return ask

    def wagtail(backend):
        def ask(text):
            results = backend.search(text, model)
            list(results[:10])
            return results.count()

        return ask

    def wagtail_page(backend):
        """The search page's work in Wagtail's terms: ten results, the count and the counts
        per topic (the bench articles' one filter field; the project's six facets have one
        value or none for them beside the topic)."""

        def ask(text):
            results = backend.search(text, model)
            list(results[:10])
            results.facet("topic")
            return results.count()

        return ask

    askers = {name: project(engine) for name, engine in engines.items()}
    if not args.skip_wagtail_db:
        askers["wagtail-db"] = wagtail(get_search_backend("default"))
    if args.elasticsearch and not args.skip_wagtail_es:
        askers["wagtail-es"] = wagtail(get_search_backend("elasticsearch"))
        askers["wagtail-es-page"] = wagtail_page(get_search_backend("elasticsearch"))
    budget = _QueryBudget(args.query_budget)
    elasticsearch_askers = {name: ask for name, ask in askers.items() if "-es" in name}
    # The node's shard request cache answers a `size: 0` search or a `_count` asked again
    # before the next refresh from memory: Wagtail's count and counts per topic would be
    # measured from the cache after the warm-up round, the project's one request (ten
    # hits, total and facets) never. Off for the rounds that count, so both engines' work
    # is measured; then once more with it on, for the Elasticsearch engines only.
    _set_request_cache(args.elasticsearch, enabled=False)
    report = _asked_rounds(askers, args.rounds, budget)
    if elasticsearch_askers:
        _set_request_cache(args.elasticsearch, enabled=True)
        cached = _asked_rounds(elasticsearch_askers, args.rounds, budget)
        report.update({f"{name} (request cache)": figures for name, figures in cached.items()})
    print(json.dumps(report))


def _drop_elasticsearch_indexes(url: str) -> None:
    if not url:
        return
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url)
    for name in client.indices.get(index=f"{BENCH_PREFIX}*", expand_wildcards="all"):
        client.indices.delete(index=name)


def _node_description(url: str) -> dict:
    """What the figures depend on: the node's version, heap, processors and JIT (a node
    started with C1 only answers slower than a production node)."""
    from elasticsearch import Elasticsearch

    node = next(iter(Elasticsearch(url).nodes.info()["nodes"].values()))
    arguments = node["jvm"]["input_arguments"]
    return {
        "version": node["version"],
        "heap_mb": node["jvm"]["mem"]["heap_max_in_bytes"] // 2**20,
        "processors": node["os"]["allocated_processors"],
        "jit": "C1 only" if "-XX:TieredStopAtLevel=1" in arguments else "full",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "mode",
        nargs="?",
        default="run",
        choices=["run", "_build", "_fill", "_queries", "_clear"],
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--elasticsearch", default=os.environ.get("ELASTICSEARCH_URL", ""))
    parser.add_argument("--engine", default="project-db")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--query-budget",
        type=float,
        default=10.0,
        help="seconds per query; an engine over it 3 times is no longer asked at that size",
    )
    parser.add_argument("--skip-wagtail-es", action="store_true")
    parser.add_argument(
        "--skip-wagtail-db", action="store_true", help="(its SQLite backend takes seconds)"
    )
    parser.add_argument(
        "--skip-builds",
        nargs="*",
        default=[],
        help='e.g. "project-db:1" (engine:workers), "project-db:1:full"',
    )
    parser.add_argument("--workdir", default="")
    parser.add_argument("--reuse", action="store_true", help="keep the filled SQLite files")
    parser.add_argument("--no-queries", action="store_true")
    parser.add_argument("--output", default="")
    args = parser.parse_args()
    if args.mode == "_build":
        return child_build(args)
    if args.mode == "_fill":
        return child_fill(args)
    if args.mode == "_clear":
        return child_clear(args)
    if args.mode == "_queries":
        return child_queries(args)

    args.workdir = args.workdir or tempfile.mkdtemp(prefix="bench-search-")
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    template = None
    if not args.database.startswith("postgres") and not args.reuse:
        template = Path(args.workdir) / "migrated.sqlite3"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}", "ELASTICSEARCH_URL": ""}
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            check=True,
            cwd=ROOT,
            env=env,
        )
    results = {
        "date": datetime.now(UTC).isoformat(timespec="minutes"),
        "machine": f"{platform.node()}: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "database": "postgresql" if args.database.startswith("postgres") else "sqlite",
        "sizes": {},
    }
    if args.elasticsearch:
        results["elasticsearch"] = _node_description(args.elasticsearch)
        print("Elasticsearch:", json.dumps(results["elasticsearch"]), flush=True)
        if results["elasticsearch"]["jit"] != "full":
            print(
                "Warning: this node runs the C1 compiler only (the tests' node) and answers "
                "slower than a production node: `make es-stop` first, then `make bench-search`.",
                flush=True,
            )
    for size in args.sizes:
        print(f"== {size} articles", flush=True)
        _drop_elasticsearch_indexes(args.elasticsearch)
        existing = Path(args.workdir) / f"bench-{size}.sqlite3"
        if args.reuse and existing.exists():
            database_url = f"sqlite:///{existing}"
        else:
            database_url = _database_for(args, size, template)
            _prepare(database_url, size, args)
        # The project's builds start from an empty database index, as Wagtail's first
        # `update_index` does; "project-db:1:full" rebuilds over the full index (every entry
        # replaced: what `search_rebuild`, one process by default, does on a running site).
        plan = [("project-db", 1, True), ("project-db", 2, True), ("project-db", 1, False)]
        # Wagtail's `update_index` twice: its first into an empty index, then over its full
        # one (each entry replaced), the pair of the project's empty and full builds.
        plan += [("wagtail-db", 1, True), ("wagtail-db", 1, False)]
        if args.elasticsearch:
            plan += [("project-db+es", 2, True), ("wagtail-es", 1, True)]
        builds = [
            run_build(args, engine, database_url, workers=workers, empty=empty)
            for engine, workers, empty in plan
            if f"{engine}:{workers}{'' if empty else ':full'}" not in args.skip_builds
        ]
        for build in builds:
            print("  build", json.dumps(build), flush=True)
        if args.no_queries:
            results["sizes"][size] = {"builds": builds, "queries": {}}
            continue
        command = [
            sys.executable, __file__, "_queries", "--database", database_url,
            "--elasticsearch", args.elasticsearch, "--rounds", str(args.rounds),
            "--query-budget", str(args.query_budget),
        ]  # fmt: skip
        if any(build["engine"] == "wagtail-es" and build.get("error") for build in builds):
            command.append("--skip-wagtail-es")
        if args.skip_wagtail_db:
            command.append("--skip-wagtail-db")
        output = subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)
        queries = json.loads(output.stdout.strip().splitlines()[-1])
        for name, figures in queries.items():
            print("  query", name, json.dumps(figures), flush=True)
        results["sizes"][size] = {"builds": builds, "queries": queries}
    _drop_elasticsearch_indexes(args.elasticsearch)
    output_path = Path(args.output or Path(args.workdir) / "bench-search.json")
    output_path.write_text(json.dumps(results, indent=2))
    print(f"Figures: {output_path}")


if __name__ == "__main__":
    main()
