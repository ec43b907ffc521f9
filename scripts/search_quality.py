"""`make search-quality`: how well search ranks the demo content for typical Czech queries.

Builds a throw-away SQLite database with the demo content and asks each engine (the database
engine always; Elasticsearch too when a node is running or ELASTICSEARCH_URL is set) a fixed
set of queries whose right answer is known. Prints, per variant, the mean reciprocal rank of
the first right answer (MRR), how often one is among the first three (hit@3) and how often
one is found at all on the first page (found):

- "database" and "elasticsearch": the shipped analysis (folding, stop words, light stemming);
- "...without stemming": the same with the stemmer switched off, to show what it adds.

The numbers are recorded in docs/SEARCH.md.
"""

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

# (query, pieces of the titles of the right answers: any of them counts as right)
QUERIES = [
    ("krizový byt", ("Krizové bydlení", "krizového bytu", "krizovému bytu", "Krizový byt")),
    ("krizovy byt", ("Krizové bydlení", "krizového bytu", "krizovému bytu", "Krizový byt")),
    ("krizvé bydlení", ("Krizové bydlení", "krizového bytu")),
    ("bydleni rodin s detmi", ("Praha: žádné dítě", "Praha 10")),
    ("rodiny s dětmi z ubytoven", ("Praha: žádné dítě", "Praha 10")),
    ("HF", ("Housing First",)),
    ("registrační týden", ("Registrační týden", "registračního týdne")),
    ("registracniho tydne", ("Registrační týden", "registračního týdne")),
    ("pravidla pro přidělování bytů", ("pravidla", "Pravidla", "pravidel")),
    ("přidělování obecních bytů", ("pravidla", "Pravidla", "pravidel")),
    ("kontaktní centrum bydlení", ("Kontaktní centrum", "kontaktní centrum")),
    ("sociální byty", ("Sociální byt", "Sociální a dostupné byty")),
    ("dostupného bydlení", ("Dostupný byt", "Sociální a dostupné byty")),
    ("spolupráce odborů", ("Spolupráce odborů",)),
    ("Ostrava krizové byty", ("Ostrava",)),
    ("mapování bytové nouze", ("Trutnov", "Registrační týden")),
    ("smlouvy o dodávce energií", ("Krizové bydlení", "krizového bytu")),
    ("první tři měsíce podpory", ("Sociální a dostupné byty",)),
]


def _elasticsearch_url() -> str:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if url:
        return url
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "elasticsearch"), "url"], capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="search-quality-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/quality.sqlite3"
    es_url = _elasticsearch_url()
    os.environ["ELASTICSEARCH_URL"] = ""
    os.environ["SEARCH_INDEX_PREFIX"] = f"quality-{os.getpid()}"

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command

    from search import analysis, service
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine
    from search.indexing import all_documents
    from search.permissions import audiences_for
    from search.query import SearchQuery, clean_query, parse_terms

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    documents = all_documents()
    audiences = audiences_for(AnonymousUser())

    def measure(engine) -> tuple[float, float]:
        reciprocal, hits, found = 0.0, 0, 0
        for text, expected in QUERIES:
            query = SearchQuery(
                text=text,
                terms=parse_terms(clean_query(text), service.synonym_sets()),
                audiences=audiences,
                page_size=10,
            )
            titles = [hit.title for hit in engine.search(query).hits]
            rank = next(
                (
                    i
                    for i, title in enumerate(titles, 1)
                    if any(piece in title for piece in expected)
                ),
                None,
            )
            if os.environ.get("SEARCH_QUALITY_VERBOSE") and rank != 1:
                print(f"  {engine.name}: {text!r} -> rank {rank}: {titles[:3]}")
            reciprocal += 1 / rank if rank else 0
            hits += bool(rank and rank <= 3)
            found += bool(rank)
        count = len(QUERIES)
        return reciprocal / count, hits / count, found / count

    def variants():
        engine = DatabaseEngine()
        engine.clear()
        engine.index(documents)
        yield "database", engine
        if es_url:
            settings.ELASTICSEARCH_URL = es_url
            es = ElasticsearchEngine()
            new_index = es.create_index()
            es.index(documents, target=new_index)
            es.client.indices.refresh(index=new_index)
            es.switch_alias(new_index)
            yield "elasticsearch", es
            es.client.indices.delete(index=new_index)
            settings.ELASTICSEARCH_URL = ""

    print(f"{len(QUERIES)} queries, {len(documents)} demo documents")
    print(f"{'variant':<36}{'MRR':>6}{'hit@3':>8}{'found':>8}")
    for name, engine in variants():
        mrr, hit3, found = measure(engine)
        print(f"{name:<36}{mrr:>6.2f}{hit3:>8.0%}{found:>8.0%}")
    original_stem = analysis.stem
    analysis.stem = lambda word: word  # folding and stop words only
    import search.query

    search.query.stem = analysis.stem
    try:
        for name, engine in variants():
            mrr, hit3, found = measure(engine)
            print(f"{name + ' without stemming':<36}{mrr:>6.2f}{hit3:>8.0%}{found:>8.0%}")
    finally:
        analysis.stem = original_stem
        search.query.stem = original_stem


if __name__ == "__main__":
    main()
