"""The main navigation, built from the home page's sections."""

from django import template
from wagtail.models import Site

from core.templatetags.content_language import content_lang
from home.models import HomePageSection

register = template.Library()


@register.inclusion_tag("components/main_navigation.html", takes_context=True)
def main_navigation(context):
    """The site's main navigation: home plus every home-page section that leads somewhere."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    home_url = "/"
    if site is not None:
        home_url = site.root_page.get_url(request) or "/"
        sections = HomePageSection.objects.filter(page_id=site.root_page_id).in_navigation()
        path = request.path
        for section in sections:
            url = section.url(request)
            if url is None:
                continue
            items.append({"label": section.title, "url": url, "is_current": path.startswith(url)})
    return {
        "home_url": home_url,
        "items": items,
        "lang_attr": content_lang(site.root_page if site else None),
        "request": request,
    }
