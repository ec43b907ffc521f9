"""Where the time of one Elasticsearch search goes: `python scripts/profile_search_query.py`.

Builds an index of its own (prefix `profile-<pid>`, deleted at the end) on the node of
ELASTICSEARCH_URL with N synthetic Czech documents (PROFILE_DOCUMENTS, 3000 by default:
articles of 200–800 words drawn from the words of the demo content, in their inflected forms),
then answers a fixed set of queries through `search.service.answer` (what the search page
runs: term counts, the search with facets, "did you mean") and prints per query set the wall
and CPU time of the process, the node's own time (`took`), and the size of the hits. With
PROFILE_API=1 it also prints the node's profile (query and aggregation time per clause) for
one query. Numbers are for comparing commits on one machine.
"""

import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
DOCUMENTS = int(os.environ.get("PROFILE_DOCUMENTS", "3000"))
ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "5"))
QUERIES = [
    "krizový byt",
    "bydlení rodin s dětmi",
    "sociální práce",
    "krizoveho bydleni",
    "housing first",
    "dostupné bydlení pro seniory",
    "obecní byty",
    "exekuce",
    "bydleni",
    "krizvé bydlení",
    "nájemní smlouva",
    "zabydlení domácností",
]


def _corpus_words() -> list[str]:
    from search.analysis import words

    texts = []
    for path in REPO_ROOT.glob("*/demo_content/*.toml"):
        texts.append(path.read_text(encoding="utf-8"))
    for path in REPO_ROOT.glob("*/demo.py"):
        texts.append(path.read_text(encoding="utf-8"))
    found = [word for text in texts for word in words(text) if len(word) > 2 and word.isalpha()]
    return found


def _documents(count: int):
    from search.documents import PUBLIC, SIGNED_IN, SearchDocument

    vocabulary = _corpus_words()
    generator = random.Random(23)
    topics = ["krizove-bydleni", "socialni-prace", "housing-first", "dostupne-bydleni"]
    for number in range(count):
        length = generator.randint(200, 800)
        body = " ".join(generator.choices(vocabulary, k=length))
        title = " ".join(generator.choices(vocabulary, k=generator.randint(3, 8))).capitalize()
        yield SearchDocument(
            key=f"kb.articlepage:{number}",
            kind=generator.choice(["article", "case_study", "forum_topic", "document"]),
            title=title,
            url=f"/znalosti/clanek-{number}/",
            summary=" ".join(generator.choices(vocabulary, k=30)),
            body=body,
            topics=(generator.choice(topics),),
            audiences=(PUBLIC,) if number % 5 else (SIGNED_IN,),
        )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ["SEARCH_INDEX_PREFIX"] = f"profile-{os.getpid()}"
    import django

    django.setup()
    from django.conf import settings

    if not settings.ELASTICSEARCH_URL:
        raise SystemExit("Set ELASTICSEARCH_URL.")
    from search.analysis import lexicon
    from search.documents import PUBLIC
    from search.engines.elasticsearch import ElasticsearchEngine
    from search.query import SearchQuery, parse_terms
    from search.service import answer

    lexicon()
    engine = ElasticsearchEngine(timeout=30)
    name = engine.create_index()
    engine.switch_alias(name)
    try:
        started = time.perf_counter()
        engine.index(_documents(DOCUMENTS), target=name)
        engine.refresh()
        print(f"{DOCUMENTS} documents indexed in {time.perf_counter() - started:.1f} s")
        queries = [
            SearchQuery(text=text, terms=parse_terms(text), audiences=frozenset({PUBLIC}))
            for text in QUERIES
        ]
        took: list[int] = []
        sizes: list[int] = []
        client = engine.client
        original = client.search

        def counting_search(*args, **kwargs):
            response = original(*args, **kwargs)
            took.append(response["took"])
            sizes.append(len(str(response.body)))
            return response

        client.search = counting_search
        engine.__class__.client = property(lambda self: client)
        for query in queries:  # warm the node's caches
            answer(engine, query)
        walls, cpus = [], []
        took.clear()
        sizes.clear()
        for _ in range(ROUNDS):
            for query in queries:
                wall = time.perf_counter()
                cpu = resource.getrusage(resource.RUSAGE_SELF)
                answer(engine, query)
                after = resource.getrusage(resource.RUSAGE_SELF)
                walls.append((time.perf_counter() - wall) * 1000)
                cpus.append((after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime) * 1000)
        p95 = statistics.quantiles(walls, n=20)[-1]
        print(
            f"answer(): median {statistics.median(walls):.1f} ms, p95 {p95:.1f} ms wall; "
            f"{statistics.median(cpus):.1f} ms CPU of this process (median); "
            f"{len(took) / len(walls):.1f} requests to the node per answer, "
            f"node time {sum(took) / len(walls):.1f} ms per answer; "
            f"{sum(sizes) / len(walls) / 1024:.0f} KB of responses per answer"
        )
        if os.environ.get("PROFILE_API") == "1":
            _print_profile(engine, queries[1])
    finally:
        engine.client.indices.delete(index=name)


def _print_profile(engine, query) -> None:
    from dataclasses import replace

    from search.engines.elasticsearch import alias_name

    search_body = {}
    original = engine._run

    def capture(search):
        search_body.update(search.to_dict())
        return original(search)

    engine._run = capture
    engine.search(replace(query))
    engine._run = original
    response = engine.client.search(index=alias_name(), profile=True, **search_body)
    for shard in response["profile"]["shards"]:
        for search in shard["searches"]:
            for part in search["query"]:
                print(f"query {part['type']:<28}{part['time_in_nanos'] / 1e6:>8.2f} ms")
                for child in part.get("children", [])[:8]:
                    print(
                        f"  {child['type']:<26}{child['time_in_nanos'] / 1e6:>8.2f} ms "
                        f"{child['description'][:60]}"
                    )
            print(f"collector {search['collector'][0]['time_in_nanos'] / 1e6:.2f} ms")
        for aggregation in shard.get("aggregations", []):
            print(
                f"aggregation {aggregation['description']:<18}{aggregation['time_in_nanos'] / 1e6:>8.2f} ms"
            )
        fetch = shard.get("fetch")
        if fetch:
            print(f"fetch {fetch['time_in_nanos'] / 1e6:.2f} ms")


if __name__ == "__main__":
    main()
