from django import template
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language
from wagtail.models import Page, Site

from core.page_cache import cached_until_content_changes
from core.templatetags.content_language import content_lang
from legal.models import AccessibilityStatementPage, ContactPage, LegalPage

register = template.Library()


@register.inclusion_tag("legal/footer_links.html", takes_context=True)
def legal_footer_links(context):
    """Links to the contact page, the privacy notice, the accessibility statement and the
    terms: the live, public pages of those types under the site's home page, in the order
    of the page tree. One query, then kept until content changes."""
    request = context.get("request")
    return cached_until_content_changes(
        "legal-footer-links",
        lambda: _footer_links(request),
        request.get_host() if request else "",
        get_language(),
    )


def _footer_links(request) -> dict:
    site = Site.find_for_request(request) if request else None
    links = []
    if site is not None:
        pages = (
            Page.objects.live()
            .public()
            .child_of(site.root_page)
            .type(LegalPage, AccessibilityStatementPage, ContactPage)
            .annotate(
                footer_label=Subquery(
                    LegalPage.objects.filter(pk=OuterRef("pk")).values("footer_label")[:1]
                )
            )
            .order_by("path")
        )
        links = [
            {"label": page.footer_label or page.title, "url": page.get_url(request)}
            for page in pages
        ]
    return {"links": links, "lang_attr": content_lang(site.root_page if site else None)}
