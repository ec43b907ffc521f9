"""The catalogue's order (dependencies first) and the admin refusing cycles and duplicates."""

from types import SimpleNamespace

import pytest

from accounts.roles import Role
from roadmap.catalogue import dependency_cycle, dependency_order
from roadmap.models import Milestone
from roadmap.queries import ordered_catalogue
from tests.factories import user_with_role


def _m(pk, order, name=None):
    return SimpleNamespace(pk=pk, sort_order=order, name=name or f"m{pk}")


def test_a_milestone_comes_after_what_it_requires_whatever_the_editors_order():
    first, second, third = _m(1, 10), _m(2, 20), _m(3, 30)
    # The first in the editors' order requires the last.
    ordered = dependency_order([first, second, third], {1: [3]})
    assert [item.pk for item in ordered] == [2, 3, 1]


def test_without_dependencies_the_editors_order_holds():
    ordered = dependency_order([_m(1, 30), _m(2, 10), _m(3, 20)], {})
    assert [item.pk for item in ordered] == [2, 3, 1]


def test_a_cycle_hides_no_milestone():
    ordered = dependency_order([_m(1, 10), _m(2, 20)], {1: [2], 2: [1]})
    assert sorted(item.pk for item in ordered) == [1, 2]


def test_dependency_cycle_finds_the_path_back():
    # 1 requires 2, 2 requires 3; making 3 require 1 closes 3 → 1 → 2 → 3.
    assert dependency_cycle(3, [1], {1: [2], 2: [3]}) == [3, 1, 2, 3]
    assert dependency_cycle(3, [2], {1: [2]}) is None
    assert dependency_cycle(1, [1], {}) == [1, 1]
    assert dependency_cycle(None, [1], {1: [2]}) is None


@pytest.mark.django_db
def test_the_seeded_catalogue_puts_mapping_before_allocation_rules_and_crisis_flat_before_housing_first():
    slugs = [milestone.slug for milestone in ordered_catalogue()]
    assert slugs.index("housing-need-mapped") < slugs.index("progressive-allocation-rules")
    assert slugs.index("crisis-flat") < slugs.index("housing-first-running")


def _edit_data(milestone, **changes):
    data = {
        "name": milestone.name,
        "slug": milestone.slug,
        "description": milestone.description,
        "evidence": milestone.evidence,
        "sort_order": milestone.sort_order,
        "requires": [str(pk) for pk in milestone.requires.values_list("pk", flat=True)],
        "topics": [],
        "articles": [],
        "course_modules": [],
        "case_studies": [],
        "forum_category": "",
        "team_size_required": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def admin_client(client, db):
    client.force_login(user_with_role(Role.ADMIN))
    return client


def test_admin_refuses_a_dependency_cycle_with_a_czech_message_and_saves_nothing(admin_client):
    mapping = Milestone.objects.get(slug="housing-need-mapped")
    rules = Milestone.objects.get(slug="progressive-allocation-rules")
    assert mapping in rules.requires.all()
    response = admin_client.post(
        f"/admin/snippets/roadmap/milestone/edit/{mapping.pk}/",
        _edit_data(mapping, requires=[str(rules.pk)]),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Předpoklady by se zacyklily" in body
    assert (
        "Zmapovaná bytová nouze → Progresivní pravidla přidělování bytů → Zmapovaná bytová nouze"
        in body
    )
    assert not mapping.requires.exists()


def test_admin_refuses_a_milestone_requiring_itself(admin_client):
    crisis = Milestone.objects.get(slug="crisis-flat")
    response = admin_client.post(
        f"/admin/snippets/roadmap/milestone/edit/{crisis.pk}/",
        _edit_data(crisis, requires=[str(crisis.pk)]),
    )
    assert response.status_code == 400
    assert "nemůže být předpokladem sám sobě" in response.content.decode()


def test_admin_refuses_a_duplicate_milestone(admin_client):
    count = Milestone.objects.count()
    crisis = Milestone.objects.get(slug="crisis-flat")
    response = admin_client.post(
        "/admin/snippets/roadmap/milestone/add/",
        _edit_data(crisis, slug="krizovy-byt-znovu", requires=[]),
    )
    assert response.status_code == 400
    assert "Milník s tímto názvem už v katalogu je" in response.content.decode()
    assert Milestone.objects.count() == count


def test_admin_saves_a_valid_dependency(admin_client):
    concept = Milestone.objects.get(slug="housing-concept")
    crisis = Milestone.objects.get(slug="crisis-flat")
    response = admin_client.post(
        f"/admin/snippets/roadmap/milestone/edit/{crisis.pk}/",
        _edit_data(crisis, requires=[str(concept.pk)]),
    )
    assert response.status_code == 302
    assert list(crisis.requires.all()) == [concept]
