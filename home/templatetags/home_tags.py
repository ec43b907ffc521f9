"""The main navigation, built from the home page's sections."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from core.page_cache import cached_until_content_changes
from core.templatetags.content_language import content_lang
from home.models import HomePageSection

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The site's main navigation: home plus every home-page section that leads somewhere."""
    request = context.get("request")
    navigation = cached_until_content_changes(
        "main-navigation",
        lambda: _navigation(request),
        request.get_host() if request else "",
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


def _navigation(request) -> dict:
    site = Site.find_for_request(request) if request else None
    items = []
    home_url = "/"
    if site is not None:
        home_url = site.root_page.get_url(request) or "/"
        sections = HomePageSection.objects.filter(page_id=site.root_page_id).in_navigation()
        for section in sections:
            url = section.url(request)
            if url is not None:
                items.append({"label": section.title, "url": url})
    return {
        "home_url": home_url,
        "items": items,
        "lang_attr": content_lang(site.root_page if site else None),
    }
