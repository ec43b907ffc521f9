"""Give pages created before WAGTAIL_ALLOW_UNICODE_SLUGS = False an ASCII address.

"Písek – krizový byt" had the slug "písek-krizový-byt" (percent-encoded in links); it becomes
"pisek-krizovy-byt". Wagtail's redirects app records the old address of the page and of every
page below it, so links people saved keep working. Deepest pages first, so that each page's redirect is made from its whole old address.
Idempotent.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page


def ascii_slug(page: Page) -> str:
    """An ASCII slug for ``page``, unique among its siblings."""
    base = slugify(page.slug, allow_unicode=False) or slugify(page.title) or f"stranka-{page.pk}"
    taken = set(page.get_siblings(inclusive=False).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class Command(BaseCommand):
    help = "Replace non-ASCII page slugs with transliterated ones; old addresses redirect."

    def handle(self, *args, **options):
        changed = 0
        for page_id in (
            Page.objects.filter(depth__gt=1).order_by("-depth", "path").values_list("pk", flat=True)
        ):
            page = Page.objects.get(pk=page_id).specific
            if page.slug.isascii():
                continue
            old = page.slug
            with transaction.atomic():
                page.slug = ascii_slug(page)
                page.save()  # page_slug_changed: Wagtail records redirects from the old paths
                revision = page.latest_revision
                if revision is not None and revision.content.get("slug") == old:
                    revision.content["slug"] = page.slug
                    revision.save(update_fields=["content"])
            changed += 1
            self.stdout.write(f"{old} → {page.slug}")
        self.stdout.write(f"{changed} page(s) changed")
