from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import get_language
from wagtail.models import Site

from core.models import HomePageSection
from core.page_cache import cached_until_content_changes
from core.templatetags.content_language import content_lang

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
        sections = (
            HomePageSection.objects.filter(page_id=site.root_page_id)
            .filter(models.Q(link_page__live=True) | ~models.Q(link_url_name=""))
            .select_related("link_page")
            .order_by("sort_order")
        )
        for section in sections:
            url = section.url(request)
            if url is not None:
                items.append({"label": section.title, "url": url})
    return {
        "home_url": home_url,
        "items": items,
        "lang_attr": content_lang(site.root_page if site else None),
    }


@register.simple_tag
def language_choices():
    """(code, name) of each interface language, each named in itself and never translated."""
    return settings.LANGUAGES


@register.filter
def figure(value, decimal_places: int = 1):
    """A number the Czech way: thousands grouped ("1 234"), decimal comma, whole numbers
    without decimals. Empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return value
    places = 0 if number == number.to_integral_value() else int(decimal_places)
    return formats.number_format(number, places, use_l10n=True, force_grouping=True)
