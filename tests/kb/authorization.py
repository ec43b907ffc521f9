"""Rows of the authorization matrix for the knowledge base (see tests/authorization.py).

Its public pages are Wagtail pages served to everyone; drafts to nobody. Its editorial
reports live in the Wagtail admin, for advisers and admins."""

from tests.authorization import everyone

EDITORIAL = {**everyone(302), "adviser": 200, "admin": 200}

ROWS = {
    "(wagtail pages: kb)": [
        ("/znalosti/", everyone(200), True),
        ("/znalosti/oddil/", everyone(200), True),
        ("/znalosti/oddil/?pro=nevim", everyone(200), True),
        ("/znalosti/oddil/clanek/", everyone(200), True),
        ("/znalosti/oddil/koncept/", everyone(404), True),
        # Feedback is sent by POST; a GET is answered "method not allowed".
        ("/znalosti/oddil/clanek/zpetna-vazba/", everyone(405), True),
        ("/znalosti/oddil/koncept/zpetna-vazba/", everyone(404), True),
        ("/znalosti/slovnik/", everyone(200), True),
        ("/znalosti/dokumenty/", everyone(200), True),
        ("/znalosti/dokumenty/?tema=neni&rok=x&strana=999", everyone(200), True),
    ],
    "admin/ (kb reports)": [
        ("/admin/znalosti/revize/", EDITORIAL, False),
        ("/admin/znalosti/zpetna-vazba/", EDITORIAL, False),
        ("/admin/znalosti/dokumenty-bez-textu/", EDITORIAL, False),
    ],
}


def prepare(people) -> None:
    from home.models import HomePage
    from tests.kb.factories import (
        article_create,
        glossary_page_create,
        kb_index_create,
        library_page_create,
        section_create,
    )

    index = kb_index_create(HomePage.objects.get())
    section = section_create(index, slug="oddil", title="Oddíl")
    article_create(section, slug="clanek")
    article_create(section, slug="koncept", live=False)
    glossary_page_create(index)
    library_page_create(index)
