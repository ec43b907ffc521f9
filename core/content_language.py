"""In which language content is written, so that pages can say so (WCAG 3.1.2, language of
parts): Czech pages shown in the English interface carry ``lang="cs"`` on their content."""

from core import locales


def default_content_language() -> str:
    """The language content is written in unless a page says otherwise."""
    return locales.default_language()


def content_language(obj=None) -> str:
    """The language of a page's content (its locale), else the default content language.
    The locales are read once per process (core.locales), so this makes no query."""
    locale_id = getattr(obj, "locale_id", None)
    if getattr(obj, "alias_of_id", None) is not None:
        # An alias mirrors a page of the default locale (Wagtail makes one in the English
        # tree for an untranslated parent): its content is that page's.
        return default_content_language()
    if locale_id is not None:
        language = locales.language_of_locale(locale_id)
        if language:
            return language
    return default_content_language()


def differs_from_interface(obj=None) -> str | None:
    """The content's language when it is not the interface's language, else None."""
    language = content_language(obj)
    return None if language == locales.interface_language() else language
