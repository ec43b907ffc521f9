"""The main navigation, built from the home page's sections."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from core import locales
from core.page_cache import cached_until_content_changes
from core.templatetags.content_language import content_lang
from home.models import HomePageSection

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The site's main navigation: home plus every home-page section that leads somewhere,
    from the home page in the interface's language (its English version when it has one);
    kept until content changes."""
    request = context.get("request")
    # The site as Wagtail finds it (from the raw host name: an address not in ALLOWED_HOSTS
    # must still get its 400 page, navigation included).
    site = Site.find_for_request(request) if request else None
    navigation = cached_until_content_changes(
        "main-navigation",
        lambda: _navigation(request, site),
        site.pk if site else 0,
        get_language(),
    )
    path = request.path if request else ""
    return {
        **navigation,
        "items": [
            {**item, "is_current": path.startswith(item["url"])} for item in navigation["items"]
        ],
        "request": request,
    }


def _navigation(request, site) -> dict:
    items = []
    home_url = "/"
    home = None
    if site is not None:
        home = locales.translation_for_language(site.root_page, locales.active_language())
        home = home or site.root_page
        home_url = locales.page_url(home, request) or "/"
        for section in HomePageSection.objects.filter(page_id=home.pk).in_navigation():
            url = section.url(request)
            if url is not None:
                items.append({"label": section.title, "url": url})
    return {
        "home_url": home_url,
        "items": items,
        "lang_attr": content_lang(home),
    }
