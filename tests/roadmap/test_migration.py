"""roadmap 0002 + casestudies 0006: the case studies' milestones become the roadmap's records
and the catalogue keeps its ids."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("roadmap", "0001_initial"), ("casestudies", "0005_precise_indicators")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_case_study_milestones_become_records_of_their_town():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation = old.get_model("accounts", "Organisation")
    Definition = old.get_model("casestudies", "MilestoneDefinition")
    CaseStudyPage = old.get_model("casestudies", "CaseStudyPage")
    CaseStudyMilestone = old.get_model("casestudies", "CaseStudyMilestone")
    ContentType = old.get_model("contenttypes", "ContentType")
    locale = old.get_model("wagtailcore", "Locale").objects.first()
    town = Organisation.objects.create(name="Město Písek", short_name="Písek", slug="pisek")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="casestudies", model="casestudypage"
    )
    # The seed migration's rows, also when a transactional test before this one emptied the
    # tables (the catalogue keeps the ids either way).
    crisis, _ = Definition.objects.get_or_create(
        slug="crisis-flat", defaults={"name": "Zřízený krizový byt", "sort_order": 20}
    )
    mapped, _ = Definition.objects.get_or_create(
        slug="housing-need-mapped", defaults={"name": "Zmapovaná bytová nouze", "sort_order": 10}
    )
    pages = []
    for number, path in ((1, "00019998"), (2, "00019999")):
        pages.append(
            CaseStudyPage.objects.create(
                title=f"Písek {number}",
                slug=f"pisek-{number}",
                path=path,
                depth=2,
                content_type=content_type,
                locale=locale,
                organisation=town,
                period_start="2020-01-01",
                summary="Shrnutí.",
                body="[]",
            )
        )
    CaseStudyMilestone.objects.create(
        page=pages[0], milestone=crisis, reached_on="2023-05-01", sort_order=0
    )
    CaseStudyMilestone.objects.create(
        page=pages[1], milestone=crisis, reached_on="2022-01-01", sort_order=0
    )
    CaseStudyMilestone.objects.create(
        page=pages[1], milestone=mapped, reached_on="2021-01-01", sort_order=1
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from roadmap.models import Milestone, MilestoneRecord

    assert Milestone.objects.get(slug="crisis-flat").pk == crisis.pk
    records = {
        record.milestone.slug: record
        for record in MilestoneRecord.objects.filter(organisation__slug="pisek")
    }
    assert set(records) == {"crisis-flat", "housing-need-mapped"}
    assert str(records["crisis-flat"].reached_on) == "2022-01-01"  # the earliest of the two
    assert records["crisis-flat"].evidence == "Podle příkladu dobré praxe „Písek 2“."
    assert records["crisis-flat"].status == "met"
    assert (
        Milestone.objects.get(slug="housing-first-running")
        .requires.filter(slug="crisis-flat")
        .exists()
    )
