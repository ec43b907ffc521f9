"""/sitemap.xml: every live public Wagtail page, in both interface languages."""

from django.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site


class PageSitemap(Sitemap):
    """Live pages that anonymous visitors may open (no view restrictions, and not of a type
    with `show_in_sitemap = False`), with their alternates.

    The Czech address is the main one; the English interface of the same page is listed as an
    alternate (`hreflang`), so search engines offer each visitor their language.

    `location` is the page's path only: Django's sitemap view adds the scheme and host of the
    request (django.contrib.sites is not installed, so it uses RequestSite), the same source
    as core.absolute_urls, never the hostname of a Wagtail Site record.
    """

    i18n = True
    languages = ["cs", "en"]
    alternates = True
    x_default = True

    def items(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return Page.objects.none()
        pages = (
            site.root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .filter(depth__gt=1)
            .order_by("path")
            .specific(defer=True)
        )
        # Page types whose content is not for everyone (lessons) say so with show_in_sitemap.
        return [page for page in pages if getattr(page, "show_in_sitemap", True)]

    def location(self, item):
        # `_location` calls this inside translation.override(language), so reverse() adds /en/.
        url_parts = item.get_url_parts()
        if url_parts is None:
            return ""
        return url_parts[2]

    def lastmod(self, item):
        return item.last_published_at


SITEMAPS = {"pages": PageSitemap}
