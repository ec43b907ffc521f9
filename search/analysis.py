"""Czech text analysis shared by both search engines.

The minimal Elasticsearch distribution has no `analysis-common` module: no ASCII folding, no
Czech stemmer, no synonym filter. Rather than depend on what a node happens to have, the text
is analysed here, in Python, the same way for indexing and for queries and for both engines:

1. fold: lower case, diacritics removed ("Krizový" -> "krizovy"), so queries typed without
   diacritics find text with them;
2. tokenize: runs of letters and digits;
3. drop Czech stop words (prepositions, conjunctions, pronouns);
4. stem: a light Czech stemmer (case endings, possessive suffixes and consonant alternations
   removed), so "byt", "bytu" and "bytech", or "rodina", "rodiny" and "rodinami", meet.

The stemmer follows the light stemming approach for Czech published by Dolamic and Savoy
(2009): remove the case ending, then a possessive suffix, then normalise the final consonant.
It works on the folded form, so it treats "dětmi" and "detmi" alike. A light stemmer merges
fewer forms than an aggressive one and so rarely joins unrelated words; what it misses
(irregular forms such as "člověk" / "lidé") the glossary's synonyms can cover.
"""

import re
import unicodedata

_TOKEN = re.compile(r"\w+", re.UNICODE)

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

# Case endings by the minimum word length at which they are removed (folded, no diacritics).
_CASE_ENDINGS = (
    (8, ("atech",)),
    (7, ("etem", "atum")),
    (6, ("ech", "ich", "eho", "emi", "emu", "ete", "eti", "iho", "imi", "imu", "ach")),
    (6, ("ata", "aty", "ych", "ama", "ami", "ove", "ovi", "ymi")),
    (5, ("em", "es", "im", "um", "at", "am", "os", "us", "ym", "mi", "ou")),
    (4, ("a", "e", "i", "o", "u", "y")),
)
_POSSESSIVE_ENDINGS = ("ov", "in", "uv")


def fold(text: str) -> str:
    """Lower case without diacritics: "Bydlení v Písku" -> "bydleni v pisku"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def tokens(text: str) -> list[str]:
    """Folded words of `text`, in order (stop words included)."""
    return _TOKEN.findall(fold(text))


def _remove_case(word: str) -> str:
    for minimum_length, endings in _CASE_ENDINGS:
        if len(word) >= minimum_length:
            for ending in endings:
                if word.endswith(ending):
                    return word[: -len(ending)]
    return word


def _remove_possessive(word: str) -> str:
    if len(word) >= 6 and word.endswith(_POSSESSIVE_ENDINGS):
        return word[:-2]
    return word


def _normalize(word: str) -> str:
    if word.endswith("ct"):
        return word[:-2] + "ck"
    if word.endswith("st") and len(word) > 3:
        return word[:-2] + "sk"
    if word.endswith("c"):
        word = word[:-1] + "k"
    elif word.endswith("z"):
        word = word[:-1] + "h"
    # The mobile e: "domek" / "domku", "týden" / "týdne".
    if len(word) > 3 and word[-2] == "e" and word[-1] not in "aeiouy":
        word = word[:-2] + word[-1]
    return word


def stem(word: str) -> str:
    """The light stem of one folded word; numbers and short words stay as they are."""
    if len(word) < 4 or word.isdigit():
        return word
    return _normalize(_remove_possessive(_remove_case(word)))


def analyze(text: str) -> list[str]:
    """Stems of the words of `text` without stop words, in order (duplicates kept)."""
    return [stem(word) for word in tokens(text) if word not in STOP_WORDS]


def analyzed_text(text: str) -> str:
    """`analyze` as one space-separated string, the form both engines index."""
    return " ".join(analyze(text))
