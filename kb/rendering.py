"""How an article body becomes HTML: headings with anchors for the table of contents, and the
first use of each glossary term marked and linked to its definition."""

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from kb.models.glossary import GlossaryTerm

TOC_LEVELS = ("h2", "h3")
# Text inside these elements is never marked: links stay links, headings stay plain.
UNMARKED_ELEMENTS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "button", "summary", "dfn", "abbr"}
    | {"script", "style", "caption", "figcaption", "th", "label", "option", "textarea"}
)
_VOWEL_ENDING = re.compile(r"[aeiouyáéěíóúůý]+$")


@dataclass(frozen=True)
class TocEntry:
    level: str
    text: str
    anchor: str


@dataclass
class RenderedBody:
    html: SafeString
    toc: list[TocEntry] = field(default_factory=list)
    terms: list[GlossaryTerm] = field(default_factory=list)


def heading_anchors(body) -> dict[str, TocEntry]:
    """An anchor for every heading block, unique within the article, keyed by block id."""
    anchors, used = {}, set()
    for block in body:
        if block.block_type != "heading":
            continue
        base = slugify(block.value["text"]) or "oddil"
        anchor, number = base, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        anchors[block.id] = TocEntry(block.value["level"], block.value["text"], anchor)
    return anchors


def form_pattern(form: str) -> str:
    """A regular expression for a term and its Czech word forms.

    Longer words match with their ending changed ("krizový byt" also finds "krizového
    bytu", "registrační týden" finds "registračního týdne"); abbreviations in capitals match
    only as written ("HF", not "hf"). A heuristic, not a stemmer: it may miss a rare form,
    which then simply stays unmarked.
    """
    words = []
    for word in form.split():
        if word.isupper() and len(word) <= 6:
            words.append(f"(?-i:{re.escape(word)})")
        elif len(word) >= 5:
            stem = _VOWEL_ENDING.sub("", word) or word
            if len(stem) >= 4 and stem[-2] == "e":
                # The Czech mobile e: "týden" – "týdne", "krajem" – "kraje".
                words.append(re.escape(stem[:-2]) + "e?" + re.escape(stem[-1]) + r"\w{0,4}")
            else:
                words.append(re.escape(stem) + r"\w{0,4}")
        else:
            words.append(re.escape(word) + r"\w{0,2}")
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def term_patterns(terms) -> list[tuple[GlossaryTerm, re.Pattern]]:
    return [
        (term, re.compile("|".join(form_pattern(form) for form in term.forms), re.IGNORECASE))
        for term in terms
    ]


def _is_markable(node) -> bool:
    if isinstance(node, (Comment, Declaration, Doctype, ProcessingInstruction)):
        return False
    return not any(parent.name in UNMARKED_ELEMENTS for parent in node.parents)


def mark_glossary_terms(html: str, terms) -> tuple[SafeString, list[GlossaryTerm]]:
    """Mark the first use of each term in `html`; return the new HTML and the terms used,
    in order of first use."""
    remaining = term_patterns(terms)
    if not remaining or not html:
        return mark_safe(html), []
    soup = BeautifulSoup(html, "html.parser")
    used: list[GlossaryTerm] = []
    for node in list(soup.find_all(string=True)):
        if not remaining:
            break
        if not _is_markable(node):
            continue
        text, position, pieces = str(node), 0, []
        while remaining:
            matches = [
                (match, term, pattern)
                for term, pattern in remaining
                if (match := pattern.search(text, position))
            ]
            if not matches:
                break
            # The earliest match wins; at the same place, the longer one ("krizový byt" over "byt").
            match, term, pattern = min(
                matches, key=lambda item: (item[0].start(), -len(item[0][0]))
            )
            pieces.append(NavigableString(text[position : match.start()]))
            link = soup.new_tag("a", href=f"#{term.anchor}", attrs={"class": "glossary-term"})
            link.string = match.group(0)
            pieces.append(link)
            position = match.end()
            remaining.remove((term, pattern))
            used.append(term)
        if pieces:
            pieces.append(NavigableString(text[position:]))
            node.replace_with(*pieces)
    return mark_safe(str(soup)), used


def render_article_body(page, context: dict | None = None) -> RenderedBody:
    anchors = heading_anchors(page.body)
    parts = []
    for block in page.body:
        if block.block_type == "heading":
            entry = anchors[block.id]
            parts.append(
                format_html('<{0} id="{1}">{2}</{0}>', entry.level, entry.anchor, entry.text)
            )
        else:
            parts.append(block.render(context=context))
    html, terms = mark_glossary_terms("".join(parts), GlossaryTerm.objects.all())
    toc = [entry for entry in anchors.values() if entry.level in TOC_LEVELS]
    return RenderedBody(html=html, toc=toc, terms=terms)
