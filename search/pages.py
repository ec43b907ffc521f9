"""Helpers for apps whose searchable objects are Wagtail pages.

Pages are indexed when published, removed when unpublished or deleted, and indexed again
with their descendants when moved (their URL changes) or when their view restrictions change
(their audience changes); never on a plain save, which is a draft. Every change goes through
the outbox in the same transaction.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from core import locales
from search import registry
from search.documents import PUBLIC, SIGNED_IN
from search.models import SearchOutbox
from search.outbox import outbox_add
from search.permissions import in_language

_page_models: list[type[Page]] = []


def page_audiences(page: Page) -> tuple[str, ...] | None:
    """Who may read a live page, in which interface language, as audiences
    (``search.permissions.in_language``: "public@cs"); None when it must not be searchable
    (password-protected pages are never indexed: a snippet would give their text away).

    A page is found in the interface of its own language, and a Czech page also in every
    interface where it has no live version of that language: each page once per language."""
    audiences = _restriction_audiences(page)
    if audiences is None or page.alias_of_id is not None:
        # An alias mirrors another page, which is found instead.
        return None
    languages = _languages_shown_in(page)
    return tuple(
        sorted(in_language(audience, language) for audience in audiences for language in languages)
    )


def _languages_shown_in(page: Page) -> list[str]:
    own = locales.language_of_locale(page.locale_id) or locales.default_language()
    if own != locales.default_language():
        return [own]
    translated = set(
        Locale.objects.filter(
            pk__in=Page.objects.filter(
                translation_key=page.translation_key, live=True, alias_of__isnull=True
            )
            .exclude(pk=page.pk)
            .values("locale_id")
        ).values_list("language_code", flat=True)
    )
    return [own] + [
        code
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != own and code not in translated
    ]


def _restriction_audiences(page: Page) -> tuple[str, ...] | None:
    audiences: set[str] = set()
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
