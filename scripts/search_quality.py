"""`make search-quality`: how well search finds the demo content for Czech queries, and how
well the analysis joins the forms of a word, measured against an outside oracle.

1. **Ranking.** Builds a throw-away SQLite database with the demo content and asks each
   engine (the database engine always; Elasticsearch too when a node is running or
   ELASTICSEARCH_URL is set) the queries of QUERIES as an anonymous visitor, through the
   same service the search page uses (left-out words, partial matches). Per engine and per
   kind of query: success@3 (a right answer among the first three) and MRR (mean reciprocal
   rank of the first right answer on the first page of ten), with and without the lemma
   field (the lemma clauses switched off at query time).
2. **Analysis against an oracle.** simplemma's Czech form -> lemma dictionary is the oracle:
   for ORACLE_LEMMAS lemmas sampled with a fixed seed, how many pairs of forms of the same
   lemma the analysis joins (recall: a document with one form is found by a query with the
   other) and how many pairs of forms of *different* lemmas that share their first four
   folded letters it joins (false matches); with the stems only and with stems and lemmas;
   queries typed with and without diacritics; and with 30 % of the sampled lemmas' forms
   hidden from the lexicon (as for words it lacks).
3. **Cost.** Time to analyse and index the demo content with and without the lemma field,
   the lexicon's one-off load, and the mean time of one query per engine.

The figures are recorded in docs/SEARCH.md. `SEARCH_QUALITY_VERBOSE=1` lists the misses.
"""

import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

ORACLE_LEMMAS = 3000
NEGATIVE_PAIRS = 20_000
HIDDEN_SHARE = 0.3
SEED = 22

# Title pieces of the demo content's documents (any piece of a query's list is a right answer).
JIH = "Jihlava: pilotní Housing First"
LIB = "Liberec: dva roky"
PRAHA = "Praha: žádné dítě"
P10 = "Praha 10:"
TRU = "Trutnov: od mapování"
PIS = "Písek:"
OST = "Ostrava:"
A_PHF = "Principy Housing First"
A_KB = "Krizové bydlení: byt hned"
A_SDB = "Sociální a dostupné byty: první tři"
A_RT = "Registrační týden krok"
A_PPOB = "Pravidla pro přidělování obecních bytů"
A_SO = "Spolupráce odborů"
G_BN = "Bytová nouze"
G_DB = "Dostupný byt"
G_HF = "Housing First"
G_KOB = "Koncepce bydlení"
G_KCB = "Kontaktní centrum bydlení"
G_KRB = "Krizové bydlení"
G_PP = "Progresivní pravidla"
G_RT = "Registrační týden"
G_SB = "Sociální byt"
G_TSP = "Terénní sociální práce"
G_UB = "Ubytovna"
D_MRT = "Metodika registračního týdne"
D_KS = "Kontrolní seznam krizového bytu"
D_KSB = "Koncepce sociálního bydlení a její"
D_HFEN = "Housing First: principles"
D_VZ = "Vzor pravidel"
COURSE = "Housing First v obci"
F_RT = "Registrační týden: kolik dní"
F_KB = "Krizový byt po prvním půlroce"

# (kind, query, right answers)
QUERIES = [
    # Word forms: other cases, numbers, verbs and adjective degrees than the text has.
    ("forms", "krizového bydlení", (A_KB, G_KRB)),
    ("forms", "krizovým bytem", (A_KB, D_KS, F_KB, TRU)),
    ("forms", "bytové nouzi", (G_BN,)),
    ("forms", "registračním týdnu", (A_RT, G_RT, D_MRT, F_RT)),
    ("forms", "ubytovnách", (G_UB, PRAHA)),
    ("forms", "zabydlené domácnosti", (PIS, LIB)),
    ("forms", "zabydlet domácnost", (PIS, LIB, A_SDB)),
    ("forms", "přidělovat obecní byty", (A_PPOB, D_VZ, G_PP)),
    ("forms", "spolupracovat s odbory", (A_SO,)),
    ("forms", "mapovat bytovou nouzi", (TRU, A_RT, G_BN)),
    ("forms", "kontaktním centru", (G_KCB, P10)),
    ("forms", "dostupnému bytu", (G_DB,)),
    ("forms", "sociálních bytech", (G_SB, A_SDB)),
    ("forms", "koncepci bydlení", (G_KOB, PIS)),
    ("forms", "pravidlech pronájmu", (P10, A_PPOB)),
    ("forms", "principech Housing First", (A_PHF,)),
    ("forms", "dětmi z ubytovny", (PRAHA, A_PPOB)),
    ("forms", "dítěte na ubytovně", (PRAHA,)),
    ("forms", "pilotním projektu Housing First", (JIH,)),
    ("forms", "terénních sociálních pracích", (G_TSP,)),
    ("forms", "kontrolního seznamu", (D_KS,)),
    ("forms", "metodiku registračního týdne", (D_MRT,)),
    ("forms", "vzorem pravidel", (D_VZ,)),
    ("forms", "bodovým hodnocením", (D_VZ,)),
    ("forms", "nejpotřebnějším domácnostem", (LIB,)),
    ("forms", "Jihlavě", (JIH,)),
    ("forms", "v Liberci", (LIB,)),
    ("forms", "Trutnově", (TRU,)),
    ("forms", "Písku", (PIS,)),
    ("forms", "Ostravě", (OST,)),
    ("forms", "odborů úřadu", (A_SO, TRU)),
    ("forms", "bydlí nejistě", (G_BN,)),
    ("forms", "nastěhovat se hned", (A_KB, D_KS, F_KB)),
    ("forms", "velké nouzi", (A_PPOB, G_PP)),  # "největší nouzi": an adjective degree
    ("forms", "zmapovala", (JIH, TRU)),
    ("forms", "přidělování", (A_PPOB, G_PP, D_VZ)),
    # Without diacritics.
    ("no diacritics", "krizove bydleni", (A_KB, G_KRB)),
    ("no diacritics", "bytova nouze", (G_BN,)),
    ("no diacritics", "registracni tyden", (A_RT, G_RT, D_MRT)),
    ("no diacritics", "socialni byt", (G_SB, A_SDB)),
    ("no diacritics", "dostupny byt", (G_DB, A_SDB)),
    ("no diacritics", "kontaktni centrum bydleni", (G_KCB, P10)),
    ("no diacritics", "terenni socialni prace", (G_TSP,)),
    ("no diacritics", "pridelovani obecnich bytu", (A_PPOB, D_VZ)),
    ("no diacritics", "pravidla pronajmu", (P10, A_PPOB, D_VZ)),
    ("no diacritics", "spoluprace odboru", (A_SO,)),
    ("no diacritics", "zadne dite na ubytovne", (PRAHA,)),
    ("no diacritics", "zabydlene domacnosti", (PIS, LIB)),
    ("no diacritics", "koncepce socialniho bydleni", (D_KSB, OST)),
    ("no diacritics", "kontrolni seznam", (D_KS,)),
    ("no diacritics", "pilotni housing first", (JIH,)),
    ("no diacritics", "pisek", (PIS,)),
    ("no diacritics", "ostrava krizove byty", (OST,)),
    ("no diacritics", "jihlave", (JIH,)),
    ("no diacritics", "mapovani bytove nouze", (TRU, A_RT, G_BN)),
    ("no diacritics", "progresivni pravidla", (G_PP, D_VZ)),
    ("no diacritics", "ubytovny", (G_UB,)),
    ("no diacritics", "rodiny s detmi", (PRAHA, A_PPOB)),
    ("no diacritics", "vzor pravidel", (D_VZ,)),
    ("no diacritics", "metodika", (D_MRT,)),
    ("no diacritics", "prvni tri mesice podpory", (A_SDB,)),
    # Typos.
    ("typos", "krizvé bydlení", (A_KB, G_KRB)),
    ("typos", "registarční týden", (A_RT, G_RT)),
    ("typos", "ubytvna", (G_UB,)),
    ("typos", "housing frist", (G_HF, A_PHF)),
    ("typos", "kontaktí centrum", (G_KCB,)),
    ("typos", "socilní byt", (G_SB,)),
    ("typos", "spolupráe odborů", (A_SO,)),
    ("typos", "přidělováni bytů", (A_PPOB,)),
    ("typos", "Trutov", (TRU,)),
    ("typos", "Libreec", (LIB,)),
    ("typos", "koncepe bydlení", (G_KOB,)),
    ("typos", "terénní socální práce", (G_TSP,)),
    ("typos", "dostupny bytt", (G_DB,)),
    ("typos", "metodyka registracniho tydne", (D_MRT,)),
    ("typos", "bytová nouse", (G_BN,)),
    # Abbreviations and synonyms (the glossary's).
    ("abbreviations", "HF", (G_HF, A_PHF)),
    ("abbreviations", "KCB", (G_KCB,)),
    ("abbreviations", "HF Jihlava", (JIH,)),
    ("abbreviations", "HF Liberec", (LIB,)),
    ("abbreviations", "bydlení především", (G_HF, A_PHF)),
    ("abbreviations", "KCB Praha 10", (P10,)),
    ("abbreviations", "krizový byt", (A_KB, G_KRB)),
    ("abbreviations", "progresivní pravidla přidělování", (G_PP,)),
    # Several words.
    ("multi-word", "jak zřídit krizový byt", (A_KB, D_KS, TRU)),
    ("multi-word", "kolik lidí je v bytové nouzi", (F_RT, A_RT)),
    ("multi-word", "rodiny s dětmi z ubytoven do běžného bydlení", (PRAHA,)),
    ("multi-word", "sociální pracovník první tři měsíce", (A_SDB,)),
    ("multi-word", "smlouvy o dodávce energií", (A_KB,)),
    ("multi-word", "nové vedení Praha 10 pravidla", (P10,)),
    ("multi-word", "bytový a sociální odbor u jednoho stolu", (A_SO,)),
    ("multi-word", "expert sítě zmapoval bytovou nouzi v Jihlavě", (JIH,)),
    ("multi-word", "anglická prezentace zásad", (D_HFEN,)),
    ("multi-word", "krizové bydlení v pěti bytech Ostrava", (OST,)),
    ("multi-word", "kurz pro pracovníky obcí", (COURSE,)),
    ("multi-word", "bydlení na ubytovně je drahé", (G_UB,)),
    # Partly matching: a word nothing contains, or words no document has together.
    ("partial", "krizový byt žirafa", (A_KB, G_KRB)),
    ("partial", "registrační týden Brno", (A_RT, G_RT)),
    ("partial", "Housing First Kladno", (G_HF, A_PHF, JIH, LIB)),
    ("partial", "ubytovna hotel", (G_UB,)),
    ("partial", "pravidla pro přidělování bytů v Olomouci", (A_PPOB, G_PP, D_VZ)),
    ("partial", "kontaktní centrum bydlení Pardubice", (G_KCB, P10)),
    ("partial", "Trutnov rodiny s dětmi", (TRU,)),
    ("partial", "Písek koncepce zabydlení seniorů", (PIS,)),
    ("partial", "Liberec krizové bydlení", (LIB,)),
    ("partial", "metodika registračního týdne ke stažení zdarma", (D_MRT,)),
    ("partial", "Ostrava evaluace hodnocení dopadů", (OST, D_KSB)),
]


def _elasticsearch_url() -> str:
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if url:
        return url
    result = subprocess.run(
        [str(REPO_ROOT / "scripts" / "elasticsearch"), "url"], capture_output=True, text=True
    )
    return result.stdout.strip() if result.returncode == 0 else ""


def _rank(titles: list[str], expected: tuple[str, ...]) -> int | None:
    return next(
        (position for position, title in enumerate(titles, 1) if any(p in title for p in expected)),
        None,
    )


def oracle() -> None:
    """Recall and false-match rates of the analysis against simplemma's dictionary."""
    from search import analysis

    lexicon = analysis.lexicon()
    by_lemma: dict[str, set[str]] = defaultdict(set)
    for key, value in lexicon._dictionary.items():
        form, lemma = key.decode(), value.decode()
        if form.islower() and form.isalpha() and lemma.islower():
            by_lemma[lemma].add(form)
    candidates = sorted(lemma for lemma, forms in by_lemma.items() if len(forms) >= 2)
    rng = random.Random(SEED)
    sample = rng.sample(candidates, min(ORACLE_LEMMAS, len(candidates)))
    positives = []
    for lemma in sample:
        forms = sorted(by_lemma[lemma] | {lemma})[:12]
        positives += [(a, b) for a in forms for b in forms if a != b]
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for lemma in sample:
        for form in sorted(by_lemma[lemma])[:12]:
            groups[analysis.fold(form)[:4]].append((lemma, form))
    negatives = [
        (a, b)
        for members in groups.values()
        for lemma_a, a in members
        for lemma_b, b in members
        if lemma_a < lemma_b
    ]
    rng.shuffle(negatives)
    negatives = negatives[:NEGATIVE_PAIRS]
    hidden = {
        form
        for lemma in rng.sample(sample, int(len(sample) * HIDDEN_SHARE))
        for form in by_lemma[lemma]
    }

    def meets(indexed: str, asked: str, *, with_lemmas: bool) -> bool:
        word = analysis.query_word(asked)
        if analysis.stem(indexed) in word.stems:
            return True
        return with_lemmas and analysis.lemma(indexed) in {*word.lemmas, *word.loose_lemmas}

    def rate(pairs, *, with_lemmas: bool, folded_query: bool) -> float:
        joined = sum(
            meets(a, analysis.fold(b) if folded_query else b, with_lemmas=with_lemmas)
            for a, b in pairs
        )
        return joined / len(pairs) if pairs else 0.0

    def table(label: str) -> None:
        for with_lemmas in (False, True):
            for folded_query in (False, True):
                name = f"{label}, {'stems + lemmas' if with_lemmas else 'stems only'}"
                name += ", query without diacritics" if folded_query else ""
                recall = rate(positives, with_lemmas=with_lemmas, folded_query=folded_query)
                false = rate(negatives, with_lemmas=with_lemmas, folded_query=folded_query)
                print(f"  {name:<62}{recall:>8.1%}{false:>10.2%}")

    print(
        f"\nAnalysis against simplemma's dictionary: {len(sample)} lemmas, "
        f"{len(positives)} pairs of forms of one lemma, {len(negatives)} pairs of different "
        "lemmas with the same first four folded letters"
    )
    print(f"  {'variant':<62}{'recall':>8}{'false':>10}")
    table("dictionary as shipped")
    original_lemma_of, original_folding = lexicon.lemma_of, lexicon.forms_folding_to
    lexicon.lemma_of = lambda word: None if word in hidden else original_lemma_of(word)
    lexicon.forms_folding_to = lambda folded: [
        form for form in original_folding(folded) if form not in hidden
    ]
    analysis.lemma.cache_clear()
    try:
        table(f"{HIDDEN_SHARE:.0%} of the lemmas' forms hidden")
    finally:
        lexicon.lemma_of, lexicon.forms_folding_to = original_lemma_of, original_folding
        analysis.lemma.cache_clear()


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
    from django.core.cache import cache
    from django.core.management import call_command

    from search import analysis, service
    from search.engines import base, database, elasticsearch
    from search.engines.database import DatabaseEngine
    from search.engines.elasticsearch import ElasticsearchEngine
    from search.indexing import all_documents
    from search.permissions import audiences_for
    from search.query import SearchQuery, clean_query, parse_terms

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    started = time.perf_counter()
    analysis._Lexicon()  # what each process pays once, on its first analysed word
    lexicon_seconds = time.perf_counter() - started
    documents = list(all_documents())
    audiences = audiences_for(AnonymousUser())
    verbose = bool(os.environ.get("SEARCH_QUALITY_VERBOSE"))

    def measure(engine) -> tuple[dict[str, list[int | None]], float]:
        ranks: dict[str, list[int | None]] = defaultdict(list)
        durations = []
        for kind, text, expected in QUERIES:
            query = SearchQuery(
                text=text,
                terms=parse_terms(clean_query(text), service.synonym_sets()),
                audiences=audiences,
                page_size=10,
            )
            started = time.perf_counter()
            results = service.answer(engine, query, suggest=False)
            durations.append(time.perf_counter() - started)
            titles = [hit.title for hit in results.hits]
            rank = _rank(titles, expected)
            if verbose and (rank is None or rank > 3):
                print(f"    {engine.name} [{kind}] {text!r} -> rank {rank}: {titles[:3]}")
            ranks[kind].append(rank)
            ranks["all"].append(rank)
        return ranks, statistics.mean(durations)

    def report(name: str, ranks: dict[str, list[int | None]], seconds: float) -> None:
        for kind in ["all", *dict.fromkeys(kind for kind, _text, _expected in QUERIES)]:
            found = ranks[kind]
            success = sum(bool(rank and rank <= 3) for rank in found) / len(found)
            mrr = sum(1 / rank for rank in found if rank) / len(found)
            label = f"{name} ({kind}, {len(found)})"
            timing = f"{seconds * 1000:>9.0f} ms" if kind == "all" else ""
            print(f"  {label:<58}{success:>10.0%}{mrr:>7.2f}{timing}")

    def index_seconds(engine, documents, **options) -> float:
        started = time.perf_counter()
        engine.index(documents, **options)
        return time.perf_counter() - started

    def engines():
        engine = DatabaseEngine()
        engine.clear()
        seconds = index_seconds(engine, documents)
        yield "database", engine, seconds
        if es_url:
            settings.ELASTICSEARCH_URL = es_url
            es = ElasticsearchEngine()
            new_index = es.create_index()
            seconds = index_seconds(es, documents, target=new_index)
            es.client.indices.refresh(index=new_index)
            es.switch_alias(new_index)
            yield "elasticsearch", es, seconds
            es.client.indices.delete(index=new_index)
            settings.ELASTICSEARCH_URL = ""

    kinds = defaultdict(int)
    for kind, _text, _expected in QUERIES:
        kinds[kind] += 1
    print(
        f"{len(QUERIES)} queries ({', '.join(f'{k} {n}' for k, n in kinds.items())}), "
        f"{len(documents)} demo documents, anonymous visitor"
    )
    print(f"  {'engine (queries)':<58}{'success@3':>10}{'MRR':>7}{'per query':>12}")
    no_lemmas = {"term_lemmas": lambda term: []}
    index_times = {}
    for name, engine, seconds in engines():
        index_times[name] = seconds
        cache.clear()
        report(name, *measure(engine))
        for module in (database, elasticsearch):
            module.term_lemmas = no_lemmas["term_lemmas"]
        try:
            cache.clear()
            report(f"{name} without the lemma field", *measure(engine))
        finally:
            for module in (database, elasticsearch):
                module.term_lemmas = base.term_lemmas

    def build_seconds() -> float:
        """Index the demo content into the database engine from cold analysis caches."""
        analysis.stem.cache_clear()
        analysis.lemma.cache_clear()
        base.clear_analysis_caches()  # the engines' per-word and per-token analysis
        engine = DatabaseEngine()
        engine.clear()
        return index_seconds(engine, documents)

    with_lemmas = statistics.median(build_seconds() for _ in range(3))
    # The engines analyse each word once (search.engines.base._AnalysedWords), its lemma
    # with `lemma` as imported there: without it, the lemma field is empty.
    original = base.lemma
    base.lemma = lambda word: ""
    try:
        without_lemmas = statistics.median(build_seconds() for _ in range(3))
    finally:
        base.lemma = original
    print(
        f"\nCost: the lexicon loads once per process in {lexicon_seconds:.1f} s; building the "
        f"database index of the {len(documents)} documents takes {with_lemmas:.2f} s with "
        f"the lemma field, {without_lemmas:.2f} s without (median of 3, cold analysis "
        "caches); indexing into "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in index_times.items())
    )
    oracle()


if __name__ == "__main__":
    main()
