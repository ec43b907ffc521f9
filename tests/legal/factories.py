"""Pages and form data of the legal app for tests."""

import datetime
import time

from django.core import signing

from legal.forms import FORM_STAMP_SALT
from legal.models import AccessibilityStatementPage, ContactPage, LegalPage


def legal_page_create(home, **kwargs):
    values = {
        "title": "Zásady ochrany osobních údajů",
        "slug": "ochrana-osobnich-udaju",
        "body": "<h2>Kdo údaje zpracovává</h2><p>Provozovatel.</p>",
        "last_updated": datetime.date(2025, 6, 30),
        "live": True,
        **kwargs,
    }
    return home.add_child(instance=LegalPage(**values))


def statement_create(home, **kwargs):
    values = {
        "title": "Prohlášení o přístupnosti",
        "slug": "prohlaseni-o-pristupnosti",
        "operator_name": "Provozovatel platformy",
        "compliance": AccessibilityStatementPage.Compliance.PARTIAL,
        "non_compliant_content": "<p>Grafy bez popisu.</p>",
        "out_of_scope": "<p>Starší dokumenty.</p>",
        "prepared_on": datetime.date(2026, 1, 15),
        "last_reviewed_on": datetime.date(2026, 11, 2),
        "feedback_email": "pristupnost@example.org",
        "enforcement": "<p>Podnět Ministerstvu vnitra.</p>",
        "live": True,
        **kwargs,
    }
    return home.add_child(instance=AccessibilityStatementPage(**values))


def contact_page_create(home, **kwargs):
    values = {
        "title": "Kontakt",
        "slug": "kontakt",
        "recipient_email": "sit@example.org",
        "live": True,
        **kwargs,
    }
    return home.add_child(instance=ContactPage(**values))


def form_stamp(seconds_ago: int = 30) -> str:
    """The contact form's signed time stamp, as if the form had been shown `seconds_ago`."""
    return signing.dumps(int(time.time()) - seconds_ago, salt=FORM_STAMP_SALT)
