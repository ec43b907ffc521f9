"""Czech alphabetical order, for the glossary's A–Z.

In Czech, Č, Ř, Š, Ž and the digraph CH are letters of their own (CH comes after H),
while Á, É, Ě, Í, Ó, Ú, Ů, Ý, Ď, Ť and Ň sort with their base letter.
"""

import unicodedata

_PRIMARY_LETTERS = ["a", "b", "c", "č", "d", "e", "f", "g", "h", "ch", "i", "j", "k", "l", "m"]
_PRIMARY_LETTERS += ["n", "o", "p", "q", "r", "ř", "s", "š", "t", "u", "v", "w", "x", "y", "z", "ž"]
_RANK = {letter: rank for rank, letter in enumerate(_PRIMARY_LETTERS)}
_OWN_LETTERS = {"č", "ř", "š", "ž"}


def _base_letter(character: str) -> str:
    if character in _OWN_LETTERS:
        return character
    decomposed = unicodedata.normalize("NFD", character)
    return decomposed[0] if decomposed else character


def _letters(text: str) -> list[str]:
    """Lower-case Czech letters of `text`, with "ch" as one letter."""
    lowered = text.casefold()
    letters, index = [], 0
    while index < len(lowered):
        if lowered.startswith("ch", index):
            letters.append("ch")
            index += 2
        else:
            letters.append(_base_letter(lowered[index]))
            index += 1
    return letters


def collation_key(text: str) -> tuple:
    """Sort key: Czech letter order first, then accents and case as tie-breakers."""
    primary = tuple(
        (1, _RANK[letter])
        if letter in _RANK
        else (2, ord(letter[0]))
        if letter.isalnum()
        else (0, 0)  # spaces and punctuation: "dům X" before "důmek"
        for letter in _letters(text)
    )
    return primary, text.casefold(), text


def alphabet_initial(text: str) -> str:
    """The letter of the A–Z index under which `text` belongs ("Ch", "Č", …; "#" for others)."""
    letters = _letters(text.strip())
    if not letters or letters[0] not in _RANK:
        return "#"
    return letters[0].capitalize()


def alphabet() -> list[str]:
    """Every letter of the Czech A–Z index, in order."""
    return [letter.capitalize() for letter in _PRIMARY_LETTERS]
