"""Markdown to sanitised HTML: known XSS payloads, mentions, rich links."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from forum import markup
from tests.forum.factories import member

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](&#106;avascript:alert(1))",
    "[klik](&#x6A;avascript&#x3A;alert(1))",
    "[klik](%6Aavascript:alert(1))",
    "[klik](vbscript:msgbox(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![obr](javascript:alert(1))",
    '![obr](x" onerror="alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0">x</p>',
    "<iframe src=//evil.example></iframe>",
    "<object data=//evil.example/x.swf></object>",
    "<embed src=//evil.example/x.swf>",
    '<form action="//evil.example"><input name=heslo></form>',
    '<a href="//evil.example" onclick="alert(1)">x</a>',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=`x`onerror=alert(1)>",
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    "<!--<img src=x onerror=alert(1)>-->",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<base href=//evil.example/>",
    '<link rel=stylesheet href="//evil.example/x.css">',
    "<style>@import 'http://evil.example/x.css';</style>",
    '<details open ontoggle="alert(1)">',
    '[x](https://example.org "title" onmouseover=alert(1))',
    'https://example.org/"onmouseover="alert(1)',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
]


class _Elements(HTMLParser):
    """Collects every element and attribute the browser would build from the HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _live_markup(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.django_db
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_known_xss_payloads_are_neutralised(payload):
    """Whatever is typed, the stored HTML holds only allowed elements and attributes, no
    event handlers or styles, and links only to http(s), mailto or this site. Escaped text
    (&lt;script&gt;) is harmless and may stay."""
    html = markup.render(f"Text před.\n\n{payload}\n\nText po.").html
    for tag, attrs in _live_markup(html):
        assert tag in markup.ALLOWED_TAGS | {"span"}, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name in {"href", "title", "rel", "class", "start"}, html
            if name == "href":
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in {"", "http", "https", "mailto"}, html
            if name == "class":
                assert value in {"mention", "rich-link"}, html


@pytest.mark.django_db
def test_markdown_is_rendered():
    html = markup.render("# Nadpis\n\n**tučně** a *kurzíva*\n\n- jedna\n- dvě\n\n> citace").html
    assert "<h4>Nadpis</h4>" in html
    assert "<strong>tučně</strong>" in html
    assert "<li>jedna</li>" in html
    assert "<blockquote>" in html


@pytest.mark.django_db
def test_links_get_rel_and_bare_addresses_become_links():
    html = markup.render(
        "Viz https://www.mpsv.cz/socialni-bydleni a [web](https://example.org)."
    ).html
    assert 'href="https://www.mpsv.cz/socialni-bydleni"' in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html


@pytest.mark.django_db
def test_mentions_of_known_handles_only():
    from forum import services

    services.profile_for(member(first_name="Jana", last_name="Dvořáková"))
    rendered = markup.render("Díky @jana-dvorakova a @neznamy, viz `@jana-dvorakova` v kódu.")
    assert rendered.mentioned_handles == {"jana-dvorakova"}
    assert rendered.html.count('<span class="mention">@jana-dvorakova</span>') == 1
    assert "@neznamy" in rendered.html


@pytest.mark.django_db
def test_mentions_are_not_forged_by_authors():
    html = markup.render('<span class="mention">@falesny</span>').html
    assert not any(tag == "span" for tag, _attrs in _live_markup(html))


@pytest.mark.django_db
def test_bare_link_to_live_case_study_becomes_a_card(home_page):
    from tests.factories import OrganisationFactory, case_study_create

    case_study_create(organisation=OrganisationFactory(), slug="jihlava-prvni-byty")
    html = markup.render(
        "Podívejte se: http://testserver/pripadove-studie/jihlava-prvni-byty/"
    ).html
    assert 'class="rich-link"' in html
    assert "Případová studie" in html


@pytest.mark.django_db
def test_unknown_and_foreign_links_stay_plain(home_page):
    html = markup.render("https://evil.example/pripadove-studie/x/ a /neexistuje/").html
    assert "rich-link" not in html


def test_quote_prefixes_every_line():
    assert markup.quote(author_name="Jana", source="a\n\nb") == "> **Jana:**\n> a\n>\n> b\n\n"


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href=" javascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    ],
)
def test_sanitiser_alone_drops_dangerous_link_schemes(html):
    """The second line of defence, tested without the Markdown parser in front of it
    (markdown-it already refuses these; the sanitiser must too, on its own)."""
    from forum.markup import sanitise

    cleaned = sanitise(html).lower()
    assert "href" not in cleaned
    for scheme in ("javascript", "vbscript", "data:"):
        assert scheme not in cleaned


def test_sanitiser_alone_keeps_safe_links():
    from forum.markup import sanitise

    assert 'href="https://example.org/"' in sanitise('<a href="https://example.org/">x</a>')
    assert 'href="mailto:a@example.org"' in sanitise('<a href="mailto:a@example.org">x</a>')
