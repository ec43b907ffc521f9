"""Helpers for apps whose searchable objects are Wagtail pages.

Pages are indexed when published, removed when unpublished or deleted, and indexed again
with their descendants when moved (their URL changes) or when their view restrictions change
(their audience changes); never on a plain save, which is a draft. Every change goes through
the outbox in the same transaction.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import locales
from search import registry
from search.documents import PUBLIC, SIGNED_IN
from search.models import SearchOutbox
from search.outbox import outbox_add
from search.permissions import in_language

_page_models: list[type[Page]] = []


@dataclass(frozen=True)
class PageAccess:
    """What decides who finds a page, when read for a batch (`page_access_of`): the view
    restrictions of the page and its ancestors, and the interface languages it is shown in."""

    restrictions: list
    languages: list[str]


def page_audiences(page: Page, access: PageAccess | None = None) -> tuple[str, ...] | None:
    """Who may read a live page, in which interface language, as audiences
    (``search.permissions.in_language``: "public@cs"); None when it must not be searchable
    (password-protected pages are never indexed: a snippet would give their text away).

    A page is found in the interface of its own language, and a Czech page also in every
    interface where it has no live version of that language: each page once per language.
    `access`: what `page_access_of` read for the page's batch (else read here)."""
    if page.alias_of_id is not None:
        # An alias mirrors another page, which is found instead.
        return None
    audiences = _restriction_audiences(page, access.restrictions if access else None)
    if audiences is None:
        return None
    languages = access.languages if access else _languages_shown_in([page])[page.pk]
    return tuple(
        sorted(in_language(audience, language) for audience in audiences for language in languages)
    )


def _languages_shown_in(pages) -> dict[int, list[str]]:
    """The interface languages each page is shown in, for a batch of pages in one query."""
    default = locales.default_language()
    translated: dict = {}
    own_default = [
        page for page in pages if (locales.language_of_locale(page.locale_id) or default) == default
    ]
    if own_default:
        for key, locale_id in Page.objects.filter(
            translation_key__in={page.translation_key for page in own_default},
            live=True,
            alias_of__isnull=True,
        ).values_list("translation_key", "locale_id"):
            translated.setdefault(key, set()).add(locales.language_of_locale(locale_id))
    result = {}
    for page in pages:
        own = locales.language_of_locale(page.locale_id) or default
        if own != default:
            result[page.pk] = [own]
            continue
        others = translated.get(page.translation_key, set()) - {own}
        result[page.pk] = [own] + [
            code
            for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
            if code != own and code not in others
        ]
    return result


def _restriction_audiences(page: Page, restrictions=None) -> tuple[str, ...] | None:
    audiences: set[str] = set()
    if restrictions is None:
        restrictions = list(page.get_view_restrictions())
    if not restrictions:
        return (PUBLIC,)
    for restriction in restrictions:
        if restriction.restriction_type == PageViewRestriction.PASSWORD:
            return None
        if restriction.restriction_type == PageViewRestriction.LOGIN:
            audiences.add(SIGNED_IN)
        elif restriction.restriction_type == PageViewRestriction.GROUPS:
            audiences.update(f"group:{group.pk}" for group in restriction.groups.all())
    return tuple(sorted(audiences)) or None


def page_access_of(pages) -> dict[int, PageAccess]:
    """The view restrictions of each page and its ancestors and the languages it is shown in,
    for a batch of pages in three queries (the restrictions on any ancestor path, their groups,
    and the pages' live versions in other languages)."""
    pages = list(pages)
    steplen = Page.steplen
    paths = {
        page.path[:length]
        for page in pages
        for length in range(steplen, len(page.path) + 1, steplen)
    }
    restrictions = list(
        PageViewRestriction.objects.filter(page__path__in=paths)
        .select_related("page")
        .prefetch_related("groups")
    )
    languages = _languages_shown_in(pages)
    return {
        page.pk: PageAccess(
            restrictions=[
                restriction
                for restriction in restrictions
                if page.path.startswith(restriction.page.path)
            ],
            languages=languages[page.pk],
        )
        for page in pages
    }


def parents_of(pages) -> dict[str, Page]:
    """The parent of each page by the page's path, in one query (base Page objects)."""
    parent_paths = {page.path[: -Page.steplen] for page in pages}
    return {parent.path: parent for parent in Page.objects.filter(path__in=parent_paths)}


def in_batches(queryset, size: int = 200):
    """The rows of a queryset, `size` at a time, each batch one query (plus its prefetches):
    memory stays flat however many rows there are."""
    last_pk = None
    while True:
        rows = queryset.order_by("pk")
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        batch = list(rows[:size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def user_group_audiences(user) -> set[str]:
    return {f"group:{pk}" for pk in user.groups.values_list("pk", flat=True)}


def _is_indexed(page) -> bool:
    return any(isinstance(page, model) for model in _page_models)


def _keys_of_subtree(page: Page) -> list[str]:
    pages = Page.objects.descendant_of(page, inclusive=True).specific(defer=True)
    return [registry.document_key(descendant) for descendant in pages if _is_indexed(descendant)]


def _other_versions_keys(instance) -> list[str]:
    """Keys of the page's versions in other languages: a Czech page is found in the English
    interface only while it has no live English version, so theirs change too."""
    return [
        registry.document_key(version)
        for version in type(instance)
        .objects.filter(translation_key=instance.translation_key)
        .exclude(pk=instance.pk)
        .only("pk")
    ]


def _on_published(sender, instance, **kwargs):
    outbox_add([registry.document_key(instance), *_other_versions_keys(instance)])


def _on_unpublished_or_deleted(sender, instance, **kwargs):
    outbox_add([registry.document_key(instance)], action=SearchOutbox.Action.REMOVE)
    if others := _other_versions_keys(instance):
        outbox_add(others)


def _on_moved(sender, instance, **kwargs):
    outbox_add(_keys_of_subtree(instance))


def _on_restriction_changed(sender, instance, **kwargs):
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        outbox_add(_keys_of_subtree(page))


def index_pages(*models: type[Page]) -> None:
    """Keep these page types in the index (call once, from the app's search.py)."""
    for model in models:
        if model in _page_models:
            continue
        _page_models.append(model)
        page_published.connect(_on_published, sender=model, weak=False)
        page_unpublished.connect(_on_unpublished_or_deleted, sender=model, weak=False)
        post_delete.connect(_on_unpublished_or_deleted, sender=model, weak=False)
        post_page_move.connect(_on_moved, sender=model, weak=False)


post_save.connect(_on_restriction_changed, sender=PageViewRestriction, weak=False)
post_delete.connect(_on_restriction_changed, sender=PageViewRestriction, weak=False)
# The groups of a group restriction change without a save of the restriction.
m2m_changed.connect(_on_restriction_changed, sender=PageViewRestriction.groups.through, weak=False)
registry.register_audience_provider(user_group_audiences)
