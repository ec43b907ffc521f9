from django import template
from django.utils.html import format_html

from core.content_language import differs_from_interface

register = template.Library()


@register.simple_tag
def content_lang(obj=None):
    """` lang="cs"` on an element that holds content in another language than the
    interface (a Czech page in the English interface); nothing otherwise. ``obj`` is the
    page the content comes from (its locale decides); without it, the default content
    language is assumed (forum posts, case-study data)."""
    language = differs_from_interface(obj)
    return format_html(' lang="{}"', language) if language else ""


@register.inclusion_tag("components/content_language_notice.html")
def content_language_notice(obj=None):
    """Tells readers of the English interface that this page exists only in Czech."""
    return {"language": differs_from_interface(obj)}
