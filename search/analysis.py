"""Czech text analysis shared by both search engines, for indexing and for querying.

The minimal Elasticsearch distribution has no `analysis-common` module: no ASCII folding, no
Czech stemmer, no synonym filter. Rather than depend on what a node happens to have, the text
is analysed here, in Python, the same way for indexing and for queries and for both engines.
Each word of a text gives two index terms:

- its **stem**, from a light Czech stemmer (Dolamic and Savoy 2009, as Lucene's
  `CzechStemmer`) that works on the word *with* its diacritics, so "krize" / "kříž",
  "pas" / "pás" and "byt" / "být" stay apart, and "rodinám" loses its ending while
  "program" keeps its "am";
- its **lemma**, from simplemma's Czech form → lemma dictionary extended with the domain's
  words it lacks (`DOMAIN_FORMS`), so irregular forms meet ("dům" / "domě", "dítě" / "dětmi",
  "dobrý" / "lepší") and so do verbs ("bydlí" / "bydlet"); a word the dictionary does not
  know is its own lemma.

A query word typed without diacritics ("krizoveho", "detmi") is expanded to the forms of the
dictionary that fold to it ("krizového", "křížového", "dětmi"), at most MAX_EXPANSIONS of
them, and matches their lemmas and stems; the form typed exactly (a lemma of the word as
written) is the strong match, the expansions and stems weaker ones (see `QueryWord`).
Folded words (lower case, no diacritics) are indexed too: prefixes and typos match them.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)

MAX_EXPANSIONS = 6  # lemmas one diacritics-free query word may expand to
MAX_WORD_LENGTH = 40  # longer "words" (hashes, glued garbage) are not analysed further

# Folded, so "byt" (a flat) is deliberately not here although "být" (to be) would be.
_STOP_WORDS_TEXT = """
    a aby aj ale ani aniz ano az bez beze bude budou by byl byla byli bylo ci co coz
    do ho i jak jake jaky je jeho jej jeji jejich jen jeste ji jiz jsem jsi jsme jste jsou
    k kam kde kdo kdy kdyz ke ktera ktere kteri ktery kteru ku ma mate me mezi mi mne mu my
    na nad nam nas ne nebo nej neni nez ni nic o od ode on ona oni ono pak po pod podle pokud
    pouze pri pro proc proto protoze pred s se si sve svych ta tak take tam te tedy ten tento
    teto tim to tohle toho tom tomto tomu tu tuto ty tyto u uz v vam vas ve vice vsak z za
    ze
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
# Stop words told apart from content words only by their diacritics ("být" / "byt").
STOP_WORDS_WITH_DIACRITICS = frozenset({"být"})

# Regular Czech paradigms (endings after a stem) for the domain's words simplemma lacks.
_PARADIGMS = {
    "noun-í": "í ím ích ími",  # mapování
    "noun-ost": "ost osti ostí ostem ostech ostmi",  # naléhavost
    "noun-ce": "ce ci cí cemi cím cích",  # evaluace
    "adj-ý": "ý ého ému ém ým á é ou í ých ými",  # regulovaný
    "verb-ovat": "ovat uji uje ujeme ujete ují uj ujte oval ovala ovalo ovali ovaly ován "
    "ována ováno ováni ovány",  # mapovat
    "verb-et": "et ím íš í íme íte ejí el ela elo eli ely en ena eno eni eny",  # zabydlet
}
# The domain's words simplemma's dictionary lacks (or reads wrongly): lemma: (stem, paradigm)
# or lemma: "forms…". Found by listing the demo content's words the dictionary does not know.
_DOMAIN_WORDS = {
    "mapování": ("mapován", "noun-í"),
    "zmapování": ("zmapován", "noun-í"),
    "mapovat": ("map", "verb-ovat"),
    "zmapovat": ("zmap", "verb-ovat"),
    "zabydlení": ("zabydlen", "noun-í"),
    "zabydlování": ("zabydlován", "noun-í"),
    "zabydlet": ("zabydl", "verb-et"),
    "zabydlený": ("zabydlen", "adj-ý"),
    "nastěhování": ("nastěhován", "noun-í"),
    "vystěhování": ("vystěhován", "noun-í"),
    "přidělování": ("přidělován", "noun-í"),
    "bodování": ("bodován", "noun-í"),
    "bodovat": ("bod", "verb-ovat"),
    "vyhodnocování": ("vyhodnocován", "noun-í"),
    "začleňování": ("začleňován", "noun-í"),
    "naléhavost": ("naléhav", "noun-ost"),
    "bezdlužnost": ("bezdlužn", "noun-ost"),
    "obyvatelnost": ("obyvateln", "noun-ost"),
    "udržitelnost": ("udržiteln", "noun-ost"),
    "evaluace": ("evalua", "noun-ce"),
    "exekuce": ("exeku", "noun-ce"),
    "abstinence": ("abstinen", "noun-ce"),
    "regulovaný": ("regulovan", "adj-ý"),
    "přelidněný": ("přelidněn", "adj-ý"),
    "statutární": "statutární statutárního statutárnímu statutárním statutárních",
    "nájemné": "nájemné nájemného nájemnému nájemným",
    "pilotáž": "pilotáž pilotáže pilotáži pilotáží pilotážemi",
    "exekutor": "exekutor exekutora exekutorovi exekutorem exekutoři exekutorů exekutorům",
    "ubytovna": "ubytovna ubytovny ubytovně ubytovnu ubytovnou ubytoven ubytovnám "
    "ubytovnách ubytovnami",
    "bezdomovectví": "bezdomovectví bezdomovectvím",
    "housing": "housing",
    "first": "first",
    # Adjective degrees: simplemma reads "lepší" as a form of the verb "lepšit".
    "dobrý": "lepší lepšího lepšímu lepším lepších lepšími nejlepší nejlepšího nejlepším "
    "nejlepších",
}


def _domain_forms() -> dict[str, str]:
    """lemma: space-separated forms, from _DOMAIN_WORDS."""
    forms = {}
    for lemma_, spec in _DOMAIN_WORDS.items():
        if isinstance(spec, str):
            forms[lemma_] = spec
        else:
            stem_, paradigm = spec
            forms[lemma_] = " ".join(stem_ + ending for ending in _PARADIGMS[paradigm].split())
    return forms


DOMAIN_FORMS = _domain_forms()


# --- folding and words ------------------------------------------------------------------


def _fold_char(character: str) -> str:
    decomposed = unicodedata.normalize("NFKD", character)
    return "".join(part for part in decomposed if not unicodedata.combining(part))


# Latin letters with diacritics folded by one table lookup; anything else through NFKD.
_FOLD_TABLE = str.maketrans({chr(code): _fold_char(chr(code)) for code in range(0xC0, 0x250)})


def fold(text: str) -> str:
    """Lower case without diacritics: "Bydlení v Písku" -> "bydleni v pisku"."""
    folded = text.casefold().translate(_FOLD_TABLE)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    # Compatibility forms may decompose to capitals ("㎆" -> "MB", "ϒ" -> "Υ"): folded once
    # more, so no folded word holds an ASCII capital (FTS5's `ascii` tokenizer, migration
    # search.0011, would lower those; every other character it keeps as it is).
    return "".join(
        character for character in decomposed if not unicodedata.combining(character)
    ).casefold()


def words(text: str) -> list[str]:
    """Lower-case words of `text` with their diacritics, in order (stop words included)."""
    return _TOKEN.findall(unicodedata.normalize("NFC", text.casefold()))


def tokens(text: str) -> list[str]:
    """Folded words of `text`, in order (stop words included)."""
    return _TOKEN.findall(fold(text))


def is_stop_word(word: str, folded: str | None = None) -> bool:
    """`word` (lower case, diacritics as written) is a Czech function word; `folded`: its
    `fold`, when the caller has it already."""
    if word in STOP_WORDS_WITH_DIACRITICS:
        return True
    return (fold(word) if folded is None else folded) in STOP_WORDS


def has_diacritics(word: str) -> bool:
    return fold(word) != word


# --- stems -------------------------------------------------------------------------------

# Case endings by the minimum word length at which they are removed. "ové"/"ovi" need seven
# letters so that "domově" keeps "domov" (not "dom", as "dům") and "hotové" meets "hotový".
_CASE_ENDINGS = (
    (8, ("atech",)),
    (7, ("ětem", "etem", "atům", "ové", "ovi")),
    (
        6,
        (
            *("ech", "ich", "ích", "ého", "ěmi", "emi", "ému", "ěte", "ete", "ěti", "eti"),
            *("ího", "iho", "ími", "ímu", "imu", "ách", "ata", "aty", "ých", "ama", "ami", "ými"),
        ),
    ),
    (5, ("em", "es", "ém", "ím", "ům", "at", "ám", "os", "us", "ým", "mi", "ou")),
    (4, ("a", "e", "i", "o", "u", "ů", "y", "á", "é", "í", "ý", "ě")),
)
_POSSESSIVE_ENDINGS = ("ov", "in", "ův")


# Per group: (minimum length, its endings, the same as a set, their lengths). No ending of
# a group ends another of the same group, so at most one of them matches a word.
_CASE_GROUPS = tuple(
    (minimum_length, endings, frozenset(endings), sorted({len(e) for e in endings}, reverse=True))
    for minimum_length, endings in _CASE_ENDINGS
)


def _remove_case(word: str) -> str:
    """The first group's ending the word is long enough for and ends with, removed (one
    `endswith` per group, then a set lookup: 40 `endswith` calls per word cost more)."""
    length = len(word)
    for minimum_length, endings, ending_set, lengths in _CASE_GROUPS:
        if length >= minimum_length and word.endswith(endings):
            for ending_length in lengths:
                if word[-ending_length:] in ending_set:
                    return word[:-ending_length]
    return word


def _remove_possessive(word: str) -> str:
    if len(word) >= 6 and word.endswith(_POSSESSIVE_ENDINGS):
        return word[:-2]
    return word


def _normalize(word: str) -> str:
    if word.endswith(("čt", "ct")):
        return word[:-2] + "ck"
    if word.endswith(("št", "st")) and len(word) > 3:
        return word[:-2] + "sk"
    if word.endswith(("c", "č")):
        word = word[:-1] + "k"
    elif word.endswith(("z", "ž")):
        word = word[:-1] + "h"
    # The mobile e: "domek" / "domku", "týden" / "týdne".
    if len(word) > 3 and word[-2] in "eě" and word[-1] not in "aeiouyáéíóúůýě":
        word = word[:-2] + word[-1]
    return word


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The light stem of one lower-case word, diacritics kept; numbers, short and very long
    words stay as they are."""
    if len(word) < 4 or len(word) > MAX_WORD_LENGTH or not word.isalpha():
        return word
    return _normalize(_remove_possessive(_remove_case(word)))


# --- lemmas ------------------------------------------------------------------------------


class _Lexicon:
    """simplemma's Czech dictionary with the domain's forms, loaded once per process.

    `lemma_of` maps a form to its lemma; `forms_folding_to` maps a folded form to the forms
    with diacritics that fold to it (a "|"-joined string, to keep the table small). That
    table is built on the first query word without diacritics, not with the dictionary:
    indexing never needs it (a rebuild process saved about 0.6 s of CPU and 50 MB of peak
    memory)."""

    def __init__(self):
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory

        self._dictionary = DefaultDictionaryFactory().get_dictionary("cs")._dict
        self._domain: dict[str, str] = {}
        for lemma, forms in DOMAIN_FORMS.items():
            for form in (lemma, *forms.split()):
                self._domain[form] = lemma

    @functools.cached_property
    def _folding(self) -> dict[str, str]:
        folding: dict[str, str] = {}
        forms = (key.decode().lower() for key in self._dictionary)
        for form in (*forms, *self._domain):
            folded = fold(form)
            if folded == form:
                continue
            known = folding.get(folded)
            if known is None:
                folding[folded] = form
            elif form not in known.split("|"):
                folding[folded] = f"{known}|{form}"
        return folding

    def lemma_of(self, word: str) -> str | None:
        if word in self._domain:
            return self._domain[word]
        for key in (word, word.capitalize()):
            lemma = self._dictionary.get(key.encode())
            if lemma is not None:
                return lemma.decode().lower()
        return None

    def forms_folding_to(self, folded: str) -> list[str]:
        known = self._folding.get(folded)
        return known.split("|") if known else []


@functools.cache
def lexicon() -> _Lexicon:
    return _Lexicon()


@functools.lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The dictionary lemma of one lower-case word, or the word itself when unknown."""
    if len(word) > MAX_WORD_LENGTH or word.isdigit():
        return word
    return lexicon().lemma_of(word) or word


# --- what the analysis is ----------------------------------------------------------------

# Raise it with any change to how a text becomes index terms that the tables below do not
# show (the code of `words`, `fold`, `stem`, `lemma`, search.engines.base's analysed fields):
# it is part of every document's content hash (search.fingerprint), so the next rebuild
# rewrites every entry (it keeps an entry whose hash did not change) and `search_check`
# reports the index stale until then.
ANALYSIS_VERSION = 2


def _analysis_fingerprint() -> str:
    """A digest of what the index terms depend on: ANALYSIS_VERSION, the word tables, the
    lemma dictionary's version and Python's Unicode database (casefolding, `\\w`)."""
    import hashlib
    from importlib.metadata import version

    parts = (
        ANALYSIS_VERSION,
        MAX_WORD_LENGTH,
        sorted(STOP_WORDS),
        sorted(STOP_WORDS_WITH_DIACRITICS),
        sorted(DOMAIN_FORMS.items()),
        _CASE_ENDINGS,
        _POSSESSIVE_ENDINGS,
        version("simplemma"),
        unicodedata.unidata_version,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


ANALYSIS_FINGERPRINT = _analysis_fingerprint()


# --- what is indexed ---------------------------------------------------------------------


def content_words(text: str) -> list[str]:
    """The words of `text` that are indexed: lower case, diacritics kept, no stop words."""
    return [word for word in words(text) if not is_stop_word(word)]


def analyze(text: str) -> list[str]:
    """Stems of the words of `text` without stop words, in order (duplicates kept)."""
    return [stem(word) for word in content_words(text)]


def analyzed_text(text: str) -> str:
    """`analyze` as one space-separated string, the stem field both engines index."""
    return " ".join(analyze(text))


def lemmatized_text(text: str) -> str:
    """Lemmas of the words of `text` without stop words, space-separated: the lemma field."""
    return " ".join(lemma(word) for word in content_words(text))


# --- what a query word matches -----------------------------------------------------------


@dataclass(frozen=True)
class QueryWord:
    """What one query word matches. `lemmas`: the word as typed (its lemma), the strong
    match; `loose_lemmas`: lemmas of other forms that fold to a word typed without
    diacritics; `stems`: the word's stem and those of the forms it expands to."""

    word: str
    folded: str
    lemmas: tuple[str, ...]
    loose_lemmas: tuple[str, ...]
    stems: tuple[str, ...]


def query_word(word: str) -> QueryWord:
    """Analyse one lower-case query word (see QueryWord); at most MAX_EXPANSIONS forms."""
    folded = fold(word)
    own_lemma = lemma(word)
    stems = [stem(word)]
    loose: list[str] = []
    if folded == word and len(word) <= MAX_WORD_LENGTH:
        for form in lexicon().forms_folding_to(word)[:MAX_EXPANSIONS]:
            if is_stop_word(form):
                continue
            form_lemma, form_stem = lemma(form), stem(form)
            if form_lemma != own_lemma and form_lemma not in loose:
                loose.append(form_lemma)
            if form_stem not in stems:
                stems.append(form_stem)
    return QueryWord(
        word=word,
        folded=folded,
        lemmas=(own_lemma,),
        loose_lemmas=tuple(loose),
        stems=tuple(stems),
    )
