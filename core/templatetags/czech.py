"""Dates and counts that read as written by a person, in Czech first.

    {% load czech %}
    {{ value.measured_on|czech_date }}   → „30. června 2025“ (English: „June 30, 2025“)

`czech_date` is also a plain function for Python code (exports, e-mails, PDFs). Counted nouns
go through `ngettext` (or `{% blocktranslate count %}`): the Czech catalogue has three plural
forms (1 byt, 2–4 byty, 5 a více bytů, 21 bytů), which an English-style singular/plural pair
cannot express.
"""

from datetime import date, datetime

from django import template
from django.utils import formats, translation

register = template.Library()

# Day, the month in the genitive ("června"), year: Django's format letter E is the month's
# alternative (genitive) name in the Czech locale.
CZECH_DATE_FORMAT = "j. E Y"


@register.filter
def czech_date(value: date | datetime | None) -> str:
    """A date as a sentence would say it: „30. června 2025“ in Czech, the locale's own long
    date in other languages. Empty for None."""
    if value in (None, ""):
        return ""
    if (translation.get_language() or "").startswith("cs"):
        return formats.date_format(value, CZECH_DATE_FORMAT)
    return formats.date_format(value, "DATE_FORMAT")
