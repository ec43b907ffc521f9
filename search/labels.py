"""How facet values are shown to people (kinds, topics, regions, municipalities, types)."""

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "article": _("Článek"),
    "glossary_term": _("Pojem ze slovníku"),
    "document": _("Dokument"),
    "case_study": _("Příklad dobré praxe"),
    "course": _("Kurz"),
    "lesson": _("Lekce"),
    "forum_topic": _("Téma ve fóru"),
    "forum_post": _("Příspěvek ve fóru"),
}

FACET_LABELS = {
    "kind": _("Druh obsahu"),
    "topic": _("Téma"),
    "region": _("Kraj"),
    "municipality": _("Obec"),
    "year": _("Rok"),
    "document_type": _("Druh dokumentu"),
}


def value_labels() -> dict[str, dict[str, str]]:
    from accounts.models import Organisation
    from accounts.regions import Region
    from core.models import Topic
    from kb.models import DocumentType

    return {
        "kind": {key: str(label) for key, label in KIND_LABELS.items()},
        "topic": dict(Topic.objects.values_list("slug", "name")),
        "region": {code: str(label) for code, label in Region.choices},
        "municipality": dict(Organisation.objects.values_list("slug", "short_name")),
        "year": {},
        "document_type": {value: str(label) for value, label in DocumentType.choices},
    }
