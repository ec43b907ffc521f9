"""Search knows the apps only through what they register: kinds, facets, report viewers,
and the outbox's two verbs."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.regions import Region
from accounts.roles import Role
from kb.models import DocumentType
from search import registry
from search.documents import FACETS
from search.labels import facet_labels, kind_labels, value_labels
from search.models import SearchOutbox
from search.outbox import outbox_add, outbox_remove
from search.permissions import can_see_search_analytics
from tests.factories import OrganisationFactory, UserFactory, user_with_role


def test_every_kind_a_source_produces_is_named_by_its_app():
    kinds = set(registry.kinds())
    assert kinds == {
        "article",
        "glossary_term",
        "document",
        "case_study",
        "course",
        "lesson",
        "forum_topic",
    }
    assert set(kind_labels()) == kinds
    assert kind_labels()["case_study"] == "Příklad dobré praxe"


def test_every_facet_of_the_documents_has_a_heading():
    assert set(facet_labels()) == set(FACETS)
    assert facet_labels()["document_type"] == "Druh dokumentu"


@pytest.mark.django_db
def test_value_labels_come_from_what_the_apps_registered():
    organisation = OrganisationFactory(slug="pisek", short_name="Písek")
    labels = value_labels()
    assert set(labels) == set(FACETS)
    assert labels["municipality"][organisation.slug] == "Písek"
    assert labels["region"][Region.VYSOCINA] == str(Region.VYSOCINA.label)
    assert labels["document_type"] == {value: str(label) for value, label in DocumentType.choices}
    assert labels["year"] == {}


@pytest.mark.django_db
def test_outbox_remove_queues_the_removal_of_each_key_once():
    outbox_add(["kb.articlepage:901"])
    outbox_remove(["kb.glossaryterm:902", "kb.glossaryterm:902"])
    assert list(
        SearchOutbox.objects.filter(key__in=["kb.articlepage:901", "kb.glossaryterm:902"])
        .order_by("key")
        .values_list("key", "action")
    ) == [
        ("kb.articlepage:901", SearchOutbox.Action.INDEX),
        ("kb.glossaryterm:902", SearchOutbox.Action.REMOVE),
    ]


@pytest.mark.django_db
def test_search_analytics_are_for_whom_a_registered_rule_allows(monkeypatch):
    adviser = user_with_role(Role.ADVISER)
    assert can_see_search_analytics(adviser) is True
    assert can_see_search_analytics(UserFactory()) is False
    assert can_see_search_analytics(AnonymousUser()) is False
    monkeypatch.setattr(registry, "_report_viewer_rules", [])
    assert can_see_search_analytics(adviser) is False
