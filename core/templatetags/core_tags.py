from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings
from django.db import models
from django.utils import formats
from wagtail.models import Site

from core import locales
from core.models import HomePageSection
from core.templatetags.content_language import content_lang

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The site's main navigation: home plus every home-page section that leads somewhere,
    from the home page in the interface's language (its English version when it has one)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    home_url = "/"
    home = None
    if site is not None:
        home = locales.translation_for_language(site.root_page, locales.active_language())
        home = home or site.root_page
        home_url = locales.page_url(home, request) or "/"
        sections = (
            HomePageSection.objects.filter(page_id=home.pk)
            .filter(models.Q(link_page__live=True) | ~models.Q(link_url_name=""))
            .select_related("link_page")
            .order_by("sort_order")
        )
        path = request.path
        for section in sections:
            url = section.url(request)
            if url is None:
                continue
            items.append({"label": section.title, "url": url, "is_current": path.startswith(url)})
    return {
        "home_url": home_url,
        "items": items,
        "lang_attr": content_lang(home),
        "request": request,
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
