"""How facets and their values are shown to people.

Search names the two facets it owns: the kind of content (its values are the kinds the apps
register with `registry.register_kind`) and the topic (core's shared taxonomy). Every other
facet is named by the app that fills it (`registry.register_facet` in `<app>/search.py`).
"""

from django.utils.translation import gettext_lazy as _

from core.models import Topic
from search import registry
from search.documents import FACETS

OWN_FACET_LABELS = {"kind": _("Druh obsahu"), "topic": _("Téma")}


def kind_labels() -> dict[str, str]:
    """kind → its name, for every registered kind."""
    return {kind: str(label) for kind, label in registry.kind_labels().items()}


def facet_labels() -> dict[str, str]:
    """facet → the heading of its group of filters, for every facet that has one."""
    return {**OWN_FACET_LABELS, **{facet.name: facet.label for facet in registry.facets()}}


def value_labels() -> dict[str, dict[str, str]]:
    """facet → (value → label), for every facet of `documents.FACETS` (empty: values as they
    are, such as years)."""
    labels: dict[str, dict[str, str]] = {name: {} for name in FACETS}
    labels["kind"] = kind_labels()
    labels["topic"] = dict(Topic.objects.values_list("slug", "name"))
    for facet in registry.facets():
        if facet.values is not None:
            labels[facet.name] = {value: str(label) for value, label in facet.values().items()}
    return labels
