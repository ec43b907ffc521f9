"""In which language content is written, so that pages can say so (WCAG 3.1.2, language of
parts): Czech pages shown in the English interface carry ``lang="cs"`` on their content."""

from functools import cache

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.models import Locale


def default_content_language() -> str:
    """The language content is written in unless a page says otherwise."""
    return settings.WAGTAIL_CONTENT_LANGUAGES[0][0]


@cache
def _locale_languages() -> dict[int, str]:
    return dict(Locale.objects.values_list("pk", "language_code"))


@receiver([post_save, post_delete], sender=Locale)
def _forget_locales(**kwargs):
    _locale_languages.cache_clear()


def content_language(obj=None) -> str:
    """The language of a page's content (its locale), else the default content language.
    Without content localisation (WAGTAIL_I18N_ENABLED off) every page is in the default
    content language, and no query is made."""
    locale_id = getattr(obj, "locale_id", None)
    if locale_id is not None and settings.WAGTAIL_I18N_ENABLED:
        language = _locale_languages().get(locale_id)
        if language is None:
            _locale_languages.cache_clear()
            language = _locale_languages().get(locale_id)
        if language:
            return language
    return default_content_language()


def differs_from_interface(obj=None) -> str | None:
    """The content's language when it is not the interface's language, else None."""
    language = content_language(obj)
    interface = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return None if language == interface else language
