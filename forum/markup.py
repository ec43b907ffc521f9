"""Markdown source → sanitised HTML, stored with the post.

Three steps, in this order on purpose:
1. markdown-it-py (CommonMark) with raw HTML switched off: whatever a person types as HTML
   comes out as text, and its link validator already refuses javascript:, vbscript: and data:.
2. nh3 (ammonia) with an allow-list of tags, attributes and URL schemes: the defence that
   holds even if step 1 ever lets something through.
3. Our own markup, added after sanitising so that people cannot forge it: @mentions of known
   handles and cards for bare links to case studies, articles and courses of this site.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.html import escape
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from forum.models import ForumProfile

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}

MENTION_RE = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9_-]{0,38}[a-z0-9])", re.IGNORECASE)
_TAG_RE = re.compile(r"(<[^>]*>)")
_BARE_LINK_RE = re.compile(r'<a href="([^"]+)" rel="[^"]*">([^<]+)</a>')

# Wagtail apps whose pages become cards, and what the card calls them.
RICH_LINK_APPS = {
    "casestudies": lambda: _("Případová studie"),
    "kb": lambda: _("Článek znalostní báze"),
    "courses": lambda: _("Kurz"),
}

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .enable("table")
    .enable("strikethrough")
)


@dataclass
class Rendered:
    html: str
    mentioned_handles: set[str]


def _shift_headings(html: str) -> str:
    # On a topic page the post's author is an h3; a "# heading" in a post becomes h4…h6.
    for level in (6, 5, 4, 3, 2, 1):
        target = min(level + 3, 6)
        html = html.replace(f"<h{level}>", f"<h{target}>").replace(f"</h{level}>", f"</h{target}>")
    return html


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow ugc noopener noreferrer",
        strip_comments=True,
    )


def _map_text(html: str, function) -> str:
    """Apply `function(text, quoted)` to the text of the HTML outside code, pre and links;
    `quoted` says whether the text is inside a blockquote."""
    parts = _TAG_RE.split(html)
    skip_depth = 0
    quote_depth = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part[1:].lstrip("/").split(" ", 1)[0].split(">", 1)[0].lower()
            step = -1 if part.startswith("</") else 1
            if name in {"code", "pre", "a"}:
                skip_depth = max(0, skip_depth + step)
            elif name == "blockquote":
                quote_depth = max(0, quote_depth + step)
            continue
        if not skip_depth and part:
            parts[index] = function(part, quote_depth > 0)
    return "".join(parts)


def _replace_mentions(html: str, known_handles: dict[str, int]) -> tuple[str, set[str]]:
    """Wrap @handle in text (not inside code, pre or links) when the handle exists.

    Returns the HTML and the handles the author mentioned themselves: a mention inside a
    quote (a blockquote) is shown as one but does not count, so quoting a post does not
    notify the people it mentioned again."""
    found: set[str] = set()

    def replace(text, quoted):
        def wrap(match):
            handle = match.group(1).lower()
            if handle not in known_handles:
                return match.group(0)
            if not quoted:
                found.add(handle)
            return f'<span class="mention">@{escape(handle)}</span>'

        return MENTION_RE.sub(wrap, text) if "@" in text else text

    html = _map_text(html, replace)
    return html, found


_BARE_URL_RE = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")


def _autolink(html: str) -> str:
    # CommonMark links <https://…> but not a bare address in text; link bare ones here
    # (before sanitising, so nh3 checks them too).
    return _map_text(
        html, lambda text, _quoted: _BARE_URL_RE.sub(r'<a href="\g<0>">\g<0></a>', text)
    )


def mention_candidates(source: str) -> set[str]:
    return {match.lower() for match in MENTION_RE.findall(source)}


def _site_path(href: str) -> str | None:
    """The path of a link to this site (relative, or absolute to one of our hosts)."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https"):
        host = (parts.hostname or "").lower()
        allowed = {h.lstrip(".").lower() for h in settings.ALLOWED_HOSTS if h != "*"}
        from wagtail.models import Site

        allowed |= set(Site.objects.values_list("hostname", flat=True))
        if host not in allowed:
            return None
    elif parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path


def resolve_rich_link(href: str):
    """(title, kind label) of a live public page of a content app, or None."""
    path = _site_path(href)
    if not path:
        return None
    from wagtail.models import Page, Site

    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if path.startswith(prefix):
            path = path[len(prefix) - 1 :]
            break
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    if not path.endswith("/"):
        path += "/"
    url_path = site.root_page.url_path.rstrip("/") + path
    page = (
        Page.objects.live()
        .public()
        .filter(url_path=url_path)
        .select_related("content_type")
        .first()
    )
    if page is None or page.content_type.app_label not in RICH_LINK_APPS:
        return None
    return page.title, RICH_LINK_APPS[page.content_type.app_label]()


def _replace_rich_links(html: str) -> str:
    def card(match):
        href, text = match.group(1), match.group(2)
        if text.strip() != href.replace("&amp;", "&") and text.strip() != href:
            return match.group(0)
        resolved = resolve_rich_link(href.replace("&amp;", "&"))
        if resolved is None:
            return match.group(0)
        title, kind = resolved
        return (
            f'<a class="rich-link" href="{href}">'
            f'<span class="rich-link__kind">{escape(kind)}</span> '
            f'<span class="rich-link__title">{escape(title)}</span></a>'
        )

    return _BARE_LINK_RE.sub(card, html)


def render(source: str) -> Rendered:
    """Markdown source to the HTML stored with the post, and the handles it mentions."""
    html = sanitise(_autolink(_shift_headings(_markdown.render(source))))
    candidates = mention_candidates(source)
    known = (
        dict(ForumProfile.objects.filter(handle__in=candidates).values_list("handle", "user_id"))
        if candidates
        else {}
    )
    html, found = _replace_mentions(html, known)
    html = _replace_rich_links(html)
    return Rendered(html=html, mentioned_handles=found)


def quote(*, author_name: str, source: str) -> str:
    """Markdown that quotes a post, for the reply form."""
    lines = source.strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    return f"> **{author_name}:**\n{quoted}\n\n"
