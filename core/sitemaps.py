"""/sitemap.xml: every live public Wagtail page, in both interface languages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from wagtail.models import Page, Site

from core import locales


class PageSitemap(Sitemap):
    """Live pages that anonymous visitors may open (no view restrictions, and not of a type
    with `show_in_sitemap = False`), with their alternates.

    The Czech address is the main one; the English interface of the same page (its English
    version when it has one) is listed as an alternate (`hreflang`), so search engines offer
    each visitor their language. Each page is listed once per language.

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
            return []
        root = site.root_page
        pages = (
            Page.objects.filter(
                Q(translation_key=root.translation_key)
                | locales.in_any_translation_of(root, children=False)
            )
            .live()
            .public()
            .filter(depth__gt=1, alias_of__isnull=True)
            .order_by("path")
            .specific(defer=True)
        )
        # Page types whose content is not for everyone (lessons) say so with show_in_sitemap.
        pages = [page for page in pages if getattr(page, "show_in_sitemap", True)]
        # One item per page whatever its number of language versions: the Czech page, or
        # the version itself when its Czech page is not live. `location` picks the version
        # of the language being listed.
        self._versions = {(page.translation_key, page.locale_id): page for page in pages}
        default_id = locales.default_locale_id()
        return [
            page
            for page in pages
            if page.locale_id == default_id
            or (page.translation_key, default_id) not in self._versions
        ]

    def location(self, item):
        # `_location` calls this inside translation.override(language), so reverse() adds /en/.
        version = self._versions.get((item.translation_key, locales.active_locale_id()), item)
        # Wagtail's own parts moved to the interface's prefix: also for page types that are
        # not the project's (BasePage does the same in its get_url_parts).
        url_parts = locales.interface_url_parts(version, Page.get_url_parts(version))
        if url_parts is None:
            return ""
        return url_parts[2]

    def lastmod(self, item):
        return item.last_published_at


SITEMAPS = {"pages": PageSitemap}
