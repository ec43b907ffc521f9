"""The data migration that moves coarse "flats provided" figures into precise indicators."""

from importlib import import_module

import pytest
from django.apps import apps

from casestudies.models import CaseStudyIndicatorValue, CaseStudyPage
from tests.factories import OrganisationFactory, case_study_create

pytestmark = pytest.mark.django_db

migration = import_module("casestudies.migrations.0005_precise_indicators")


def _rows(page):
    return sorted(
        CaseStudyIndicatorValue.objects.filter(page=page).values_list(
            "indicator__slug", "value", "note"
        )
    )


def test_old_demo_rows_and_revisions_move_into_precise_indicators(home_page):
    ostrava = case_study_create(
        organisation=OrganisationFactory(slug="ostrava"),
        slug="ostrava-pilot-bydleni",
        values=[("flats-provided", 105, "2017-01-01"), ("households-housed", 3, "2018-01-01")],
    )
    body_before = list(CaseStudyPage.objects.get(pk=ostrava.pk).body.raw_data)
    praha = case_study_create(
        organisation=OrganisationFactory(slug="praha"),
        slug="praha-rodiny-s-detmi",
        values=[("flats-provided", 30, "2024-01-01")],
    )
    edited = case_study_create(
        slug="trutnov-krizovy-byt", values=[("flats-provided", 2, "2023-01-01")]
    )

    migration.move_demo_figures(apps, None)

    crisis, households, social = _rows(ostrava)
    assert crisis[:2] == ("crisis-flats", 5) and "nejvýše 6 měsíců" in crisis[2]
    assert households[:2] == ("households-housed", 3)
    assert social[:2] == ("social-or-affordable-flats", 100) and "3 měsíce" in social[2]
    # Sources that do not give the kind, and figures an editor changed, stay as they are.
    assert [row[:2] for row in _rows(praha)] == [("flats-provided", 30)]
    assert [row[:2] for row in _rows(edited)] == [("flats-provided", 2)]
    # The admin edits the latest revision: it must show the moved rows, not restore the old.
    revised = CaseStudyPage.objects.get(pk=ostrava.pk).get_latest_revision_as_object()
    assert sorted(
        (item.indicator.slug, int(item.value)) for item in revised.indicator_values.all()
    ) == [("crisis-flats", 5), ("households-housed", 3), ("social-or-affordable-flats", 100)]
    assert list(CaseStudyPage.objects.get(pk=ostrava.pk).body.raw_data) == body_before


def test_moving_twice_changes_nothing(home_page):
    page = case_study_create(
        slug="jihlava-housing-first", values=[("flats-provided", 12, "2023-01-01")]
    )
    migration.move_demo_figures(apps, None)
    migration.move_demo_figures(apps, None)
    assert [row[:2] for row in _rows(page)] == [("housing-first-flats", 12)]
