from django import template
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language
from wagtail.models import Page, Site

from core.locales import in_any_translation_of, localized, order_by_source_path, page_url
from core.page_cache import cached_until_content_changes
from core.templatetags.content_language import content_lang
from legal.models import AccessibilityStatementPage, ContactPage, LegalPage

register = template.Library()


@register.inclusion_tag("legal/footer_links.html", takes_context=True)
def legal_footer_links(context):
    """Links to the contact page, the privacy notice, the accessibility statement and the
    terms: the live, public pages of those types under the site's home page, in the order
    of the page tree, each in the interface's language where it has a version in it (else
    Czech, marked ``lang="cs"``). Two queries, then kept until content changes."""
    request = context.get("request")
    # The site as Wagtail finds it (from the raw host name: an address not in ALLOWED_HOSTS
    # must still get its 400 page, footer included).
    site = Site.find_for_request(request) if request else None
    return cached_until_content_changes(
        "legal-footer-links",
        lambda: _footer_links(request, site),
        site.pk if site else 0,
        get_language(),
    )


def _footer_links(request, site) -> dict:
    links = []
    if site is not None:
        pages = order_by_source_path(
            localized(Page.objects.live().public().filter(in_any_translation_of(site.root_page)))
            .type(LegalPage, AccessibilityStatementPage, ContactPage)
            .annotate(
                footer_label=Subquery(
                    LegalPage.objects.filter(pk=OuterRef("pk")).values("footer_label")[:1]
                )
            )
        )
        links = [
            {
                "label": page.footer_label or page.title,
                "url": page_url(page, request),
                "lang_attr": content_lang(page),
            }
            for page in pages
        ]
    return {"links": links}
