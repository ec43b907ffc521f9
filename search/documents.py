"""What the search engines store: one `SearchDocument` per searchable thing.

Content apps turn their objects into search documents (in `<app>/search.py`); the engines
never look at the apps' models. Who may see a document travels with it as `audiences`, and
every query is limited to the audiences of the person asking, inside the engine's query:
a result, a snippet, a facet count or a suggestion can only come from documents the person
may read.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from html import unescape

from django.utils.html import strip_tags

# Audiences: "public" (everyone), "signed-in", "partners" (members of partner organisations
# and staff), "staff" (advisers, moderators, admins), and per-object ones such as
# "forum-category:12" (a closed forum group) or "course:5" (people enrolled in a course).
PUBLIC = "public"
SIGNED_IN = "signed-in"
PARTNERS = "partners"
STAFF = "staff"

FACETS = ("kind", "topic", "region", "municipality", "year", "document_type")


@dataclass(frozen=True)
class SearchDocument:
    key: str  # "<app_label>.<model>:<pk>", unique across the index
    kind: str  # "article", "glossary_term", "document", "case_study", "course", ...
    title: str
    url: str
    summary: str = ""
    body: str = ""
    date: dt.date | None = None
    place: str = ""  # where it belongs: a municipality, a forum category, a course
    topics: tuple[str, ...] = ()
    region: str = ""
    municipality: str = ""
    year: int | None = None
    document_type: str = ""
    audiences: tuple[str, ...] = (PUBLIC,)
    extra: dict = field(default_factory=dict, compare=False)

    def facet_values(self) -> dict[str, list[str]]:
        """The values of each facet, as strings (a document may have several topics)."""
        values = {
            "kind": [self.kind],
            "topic": list(self.topics),
            "region": [self.region] if self.region else [],
            "municipality": [self.municipality] if self.municipality else [],
            "year": [str(self.year)] if self.year else [],
            "document_type": [self.document_type] if self.document_type else [],
        }
        return {name: values[name] for name in FACETS}


# Block-level tags end a word; inline ones (strong, em, a, code, span) do not, so "<b>byt</b>y"
# stays one word. Rendered StreamFields put blocks side by side without whitespace
# ("…bydlení</p><h2>Stačí…"), so without this the last word of a block and the first of the
# next would fuse into one unfindable word ("bydleníStačí").
_BLOCK_TAG = re.compile(
    r"</?(?:address|article|aside|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure"
    r"|footer|h[1-6]|header|hr|img|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot"
    r"|th|thead|tr|ul)\b[^>]*>",
    re.IGNORECASE,
)


def html_text(html: str) -> str:
    """The words of rendered or stored HTML as plain text, one space between blocks and no
    entities: what every content app's `search.py` puts in a document's text fields."""
    return " ".join(unescape(strip_tags(_BLOCK_TAG.sub(" ", str(html)))).split())


def plain_text(*parts: str) -> str:
    """Pieces of text joined with single spaces (empty pieces dropped)."""
    return " ".join(" ".join(part for part in parts if part).split())
