"""English versions of a few demo pages (`load_demo`): the home page, the required pages,
one knowledge-base article and one case study, from `core/demo_content/english_pages.toml`.

Each record names its Czech page by address and gives the English texts. The English page is
made as an editor makes it (Wagtail's copy for translation: Stránka → Přeložit), then its
fields are set and it is published. Parents come first in the file, so every English page
sits under English parents. Idempotent: a page that already has an English version is left
as it is. Works on any page type (no app is imported): fields are set by name; `body`
StreamFields take a list of {type, value} blocks; `sections` rewrites the titles and
descriptions of the home page's sections in their order.
"""

import json
import tomllib
from pathlib import Path

from django.db import transaction
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import Locale, Page, Site

DATA = Path(__file__).resolve().parent / "demo_content" / "english_pages.toml"
INLINE_FIELDS = {"sections": ("title", "description")}


def _czech_page(site: Site, address: str) -> Page | None:
    """The Czech page at `address` ("/" is the home page), or None."""
    root = site.root_page
    url_path = root.url_path + address.strip("/") + ("/" if address.strip("/") else "")
    return Page.objects.filter(url_path=url_path, locale_id=root.locale_id).first()


def _set_fields(page: Page, fields: dict) -> None:
    for name, value in fields.items():
        if name in INLINE_FIELDS:
            rows = list(getattr(page, name).all().order_by("sort_order"))
            for row, texts in zip(rows, value, strict=False):
                for attribute in INLINE_FIELDS[name]:
                    if attribute in texts:
                        setattr(row, attribute, texts[attribute])
                row.save()
            continue
        if isinstance(value, list):  # a StreamField: [{type, value}, …]
            value = json.dumps(value)
        setattr(page, name, value)


@transaction.atomic
def load(*, stdout) -> None:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    english = Locale.objects.filter(language_code="en").first()
    if site is None or english is None:
        return
    records = tomllib.loads(DATA.read_text(encoding="utf-8"))["page"]
    created = 0
    for record in records:
        source = _czech_page(site, record["czech_address"])
        if source is None or source.has_translation(english):
            continue
        source = source.specific
        CopyPageForTranslationAction(page=source, locale=english).execute(
            skip_permission_checks=True
        )
        version = source.get_translation(english).specific
        version.title = record["title"]
        if "slug" in record:
            version.slug = record["slug"]
        _set_fields(version, record.get("fields", {}))
        version.save()
        version.save_revision().publish()
        created += 1
    if created:
        stdout.write(f"  {created} English page versions created")
