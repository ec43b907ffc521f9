"""One language at a time: which version of a page the interface shows.

Content is written in Czech (the default locale); editors may add an English version of a
page (Wagtail's content localisation, simple_translation). The English interface then shows,
for every page, its live English version, and the Czech page where there is none (marked
``lang="cs"`` with a notice, see ``core.content_language``). The Czech interface shows Czech
pages only.

Every query that lists or counts pages goes through ``localized()`` (or ``localized_q()``
for a page reached through a relation, such as the case study of an indicator value), so
that an English copy never counts twice. The Locale rows are read once per process
(``_locale_ids``), so limiting a query costs no extra query.
"""

from functools import cache

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site


@cache
def _locale_ids() -> dict[str, int]:
    return dict(Locale.objects.values_list("language_code", "pk"))


@receiver([post_save, post_delete], sender=Locale)
def _forget_locale_ids(**kwargs):
    _locale_ids.cache_clear()


def _locale_id(language: str) -> int | None:
    ids = _locale_ids()
    if language not in ids:
        _locale_ids.cache_clear()
        ids = _locale_ids()
    return ids.get(language)


def language_of_locale(locale_id: int) -> str | None:
    """The language code of a Locale row (None for an unknown one)."""
    for language, pk in _locale_ids().items():
        if pk == locale_id:
            return language
    _locale_ids.cache_clear()
    return next((code for code, pk in _locale_ids().items() if pk == locale_id), None)


def interface_language() -> str:
    """The language of the interface ("cs", "en")."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def default_language() -> str:
    """The language content is written in (the first content language: Czech)."""
    return settings.WAGTAIL_CONTENT_LANGUAGES[0][0]


def active_language() -> str:
    """The content language of the interface (Czech unless the interface is in a content
    language of its own)."""
    interface = interface_language()
    languages = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    return interface if interface in languages else default_language()


def default_locale_id() -> int | None:
    return _locale_id(default_language())


def active_locale_id() -> int | None:
    return _locale_id(active_language()) or default_locale_id()


def localized_q(prefix: str = "") -> Q:
    """A condition on pages (``prefix`` is the relation to the page, e.g. ``"page__"``):
    the page is in the active locale, or it is a default-locale page without a live
    translation in the active locale. Each page thus appears once, in one language."""
    default_id, active_id = default_locale_id(), active_locale_id()
    if active_id == default_id:
        return Q(**{f"{prefix}locale_id": default_id})
    # An alias (a live mirror of the Czech page that Wagtail makes in the English tree for
    # untranslated parents) is not an English version.
    translated = Page.objects.filter(
        translation_key=OuterRef(f"{prefix}translation_key"),
        locale_id=active_id,
        live=True,
        alias_of__isnull=True,
    )
    return Q(**{f"{prefix}locale_id": active_id, f"{prefix}alias_of__isnull": True}) | (
        Q(**{f"{prefix}locale_id": default_id}) & ~Exists(translated)
    )


def localized(queryset: QuerySet) -> QuerySet:
    """The pages of ``queryset`` as the interface shows them: each once, in its active-locale
    version when that is live, else in the default locale. ``queryset`` must hold the pages
    of every locale (build it without ``child_of`` a single-locale parent: use
    ``in_any_translation_of``)."""
    return queryset.filter(localized_q())


def order_by_source_path(queryset: QuerySet) -> QuerySet:
    """Tree order of the default-locale tree for a localized list: an English version takes
    the place of its Czech page (it lives in the English tree, whose paths sort apart)."""
    source_path = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=default_locale_id()
    ).values("path")[:1]
    return queryset.annotate(source_path=Coalesce(Subquery(source_path), F("path"))).order_by(
        "source_path"
    )


def in_any_translation_of(page: Page, *, children: bool = True) -> Q:
    """Pages under ``page`` or under any of its translations (children, or all descendants):
    a Czech section's articles and their English versions, which live in the English tree.
    A condition in SQL (the translations of a page sit at its depth): no query of its own."""
    ancestor_path = Substr(OuterRef("path"), 1, page.depth * Page.steplen)
    under_a_version = Exists(
        Page.objects.filter(translation_key=page.translation_key, path=ancestor_path)
    )
    depth = Q(depth=page.depth + 1) if children else Q(depth__gt=page.depth)
    return depth & Q(under_a_version)


def interface_url_parts(page: Page, parts):
    """Wagtail's ``get_url_parts`` of a default-locale page, moved to the interface's
    language prefix (Wagtail puts a Czech page at its Czech address, which would switch an
    English reader's interface to Czech); other pages keep theirs."""
    if parts is None or parts[2] is None or page.locale_id != default_locale_id():
        return parts
    interface = active_language()
    if interface == default_language():
        return parts
    site_id, root_url, page_path = parts
    with translation.override(interface):
        page_path = reverse("wagtail_serve", args=(page_path.lstrip("/"),))
    return site_id, root_url, page_path


def page_url(page: Page, request=None) -> str | None:
    """The page's address for the interface (``interface_url_parts``), also for a plain
    ``Page`` instance that is not of its specific class."""
    parts = interface_url_parts(page, Page.get_url_parts(page, request))
    if parts is None or parts[2] is None:
        return None
    site_id, root_url, page_path = parts
    site = Site.find_for_request(request) if request is not None else None
    if site is None or site_id == site.pk:
        return page_path
    return root_url + page_path


def source_page(page: Page) -> Page:
    """The default-locale version of a page (the page itself when it is one, or when its
    source is gone): the page progress, enrolments and figures are kept for."""
    default_id = default_locale_id()
    if page.locale_id == default_id:
        return page
    source = (
        Page.objects.filter(translation_key=page.translation_key, locale_id=default_id)
        .specific()
        .first()
    )
    return source or page


def translation_for_language(page: Page, language: str) -> Page | None:
    """The live version of ``page`` in ``language``; the default-locale page stands in for a
    language it has no live version in (the interface shows it marked as Czech)."""
    locale_id = _locale_id(language)
    if locale_id is None:
        return None
    if page.locale_id == locale_id and page.alias_of_id is None:
        return page
    versions = {
        version.locale_id: version
        for version in Page.objects.filter(
            translation_key=page.translation_key, live=True, alias_of__isnull=True
        )
    }
    return versions.get(locale_id) or versions.get(default_locale_id())
