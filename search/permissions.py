"""Who may see which search documents (the audiences of a person), and who may see search
analytics.

The query of every engine is limited to these audiences, so permissions are part of the
query, not a filter after it.
"""

from core import locales
from search import registry
from search.documents import PUBLIC, SIGNED_IN


def in_language(audience: str, language: str) -> str:
    """An audience limited to one interface language: pages are found once per language
    (their version in it, else the Czech page; see ``search.pages.page_audiences``)."""
    return f"{audience}@{language}"


def audiences_for(user) -> frozenset[str]:
    """The person's audiences, and each of them in the interface's language (documents of
    pages carry only the latter; forum topics, glossary terms and documents the former)."""
    audiences = {PUBLIC}
    if user is not None and user.is_authenticated:
        audiences.add(SIGNED_IN)
        for provider in registry.audience_providers():
            audiences.update(provider(user))
    language = locales.active_language()
    return frozenset(audiences | {in_language(audience, language) for audience in audiences})


def can_see_search_analytics(user) -> bool:
    """Search analytics in the Wagtail admin: people whom a rule registered by a content app
    allows (`registry.register_report_viewers`; the knowledge base lets in those who may see
    its editorial reports), nobody otherwise."""
    if user is None or not user.is_authenticated:
        return False
    return any(rule(user) for rule in registry.report_viewer_rules())
