"""What each content app contributes to search, registered from `<app>/search.py`.

A *source* turns one kind of object into search documents: `documents()` yields every object
that should be searchable now (for rebuilds and checks) and `document(pk)` gives one object's
document, or None when it should not be in the index (a draft, a hidden post, a deleted row).
*Audience providers* say which per-object audiences a person has ("forum-category:9" for the
members of a closed group, "course:5" for people enrolled in a course); the rules behind them
stay in the app that owns the objects. *Synonym providers* give sets of words that mean the
same (the glossary). *Dependencies* say which documents show another object's text (an
article showing a linked case study's title): when that object changes, they are re-indexed.
*Kinds* and *facets* say how the app's document kinds and the facets it fills are named on
the search page (`search.labels`), and *report viewers* who may see search analytics in the
Wagtail admin. Search itself imports no content app: it knows only what is registered here.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.documents import SearchDocument


@dataclass(frozen=True)
class Source:
    label: str  # "<app_label>.<model_name>", the prefix of the documents' keys
    kinds: tuple[str, ...]  # the kinds of document it produces, for the kind facet
    documents: Callable[[], Iterable[SearchDocument]]
    document: Callable[[int], SearchDocument | None]
    # The documents of some objects at once, with a fixed number of queries per batch (those
    # that must not be in the index left out); the outbox drain uses it when given.
    documents_for: Callable[[list[int]], Iterable[SearchDocument]] | None = None


@dataclass(frozen=True)
class Facet:
    """A facet a content app fills (a field of `SearchDocument`, see `documents.FACETS`)."""

    name: str  # "region", "document_type", ...
    label: str  # the heading of its group of filters
    # value → label, read when the search page is shown (None: the values are their labels)
    values: Callable[[], dict[str, str]] | None = None


_sources: dict[str, Source] = {}
_kind_labels: dict[str, str] = {}
_facets: dict[str, Facet] = {}
_report_viewer_rules: list[Callable] = []
_audience_providers: list[Callable] = []
_synonym_providers: list[Callable[[], list[list[str]]]] = []
_dependencies: dict[str, list[Callable[[int], Iterable[str]]]] = {}


def register_source(source: Source) -> None:
    _sources[source.label] = source


def register_kind(kind: str, label: str) -> None:
    """How a kind of document (a `Source.kinds` item) is named to people."""
    _kind_labels[kind] = label


def register_facet(facet: Facet) -> None:
    _facets[facet.name] = facet


def register_report_viewers(rule: Callable) -> None:
    """`rule(user) -> bool`: people it allows may see search analytics in the admin (the app
    whose editors act on them: the glossary's synonyms, promotions)."""
    if rule not in _report_viewer_rules:
        _report_viewer_rules.append(rule)


def register_audience_provider(provider: Callable) -> None:
    if provider not in _audience_providers:
        _audience_providers.append(provider)


def register_synonym_provider(provider: Callable[[], list[list[str]]]) -> None:
    if provider not in _synonym_providers:
        _synonym_providers.append(provider)


def register_dependency(label: str, dependents: Callable[[int], Iterable[str]]) -> None:
    """`dependents(pk)` gives the keys of the documents that show the text of the object
    "<label>:<pk>" (label as in `document_key`); they are re-indexed whenever it changes."""
    providers = _dependencies.setdefault(label, [])
    if dependents not in providers:
        providers.append(dependents)


def dependents_of(key: str) -> list[str]:
    label, _separator, pk = key.partition(":")
    if not pk.isdigit():
        return []
    return [
        dependent for provider in _dependencies.get(label, ()) for dependent in provider(int(pk))
    ]


def sources() -> list[Source]:
    return list(_sources.values())


def source_for_key(key: str) -> Source | None:
    label, _separator, _pk = key.partition(":")
    return _sources.get(label)


def audience_providers() -> list[Callable]:
    return list(_audience_providers)


def synonym_providers() -> list[Callable[[], list[list[str]]]]:
    return list(_synonym_providers)


def document_key(instance) -> str:
    """The key of a model instance: "<app_label>.<model_name>:<pk>" of its concrete class."""
    meta = instance._meta
    return f"{meta.app_label}.{meta.model_name}:{instance.pk}"


def kinds() -> list[str]:
    return [kind for source in _sources.values() for kind in source.kinds]


def kind_labels() -> dict[str, str]:
    return dict(_kind_labels)


def facets() -> list[Facet]:
    return list(_facets.values())


def report_viewer_rules() -> list[Callable]:
    return list(_report_viewer_rules)
