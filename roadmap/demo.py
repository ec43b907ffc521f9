"""Demo roadmap for `load_demo`: what teaches each milestone, the demo adviser's towns, and
where the seven municipalities of the sources stand (roadmap/demo_content/*.toml).

Runs after the case studies, the knowledge base, courses and the forum (it links their
pages). Idempotent: records keyed by town and milestone are created once.
"""

import tomllib
from pathlib import Path

from django.db import transaction

from accounts.models import Organisation, User
from core.models import Topic
from courses.models import CourseModulePage
from forum.models import Category
from kb.models import ArticlePage
from roadmap.models import Milestone, MilestoneRecord, MunicipalityAdviser

CONTENT = Path(__file__).parent / "demo_content"


def _read(name: str) -> dict:
    with open(CONTENT / name, "rb") as handle:
        return tomllib.load(handle)


def _links(item: dict, milestone: Milestone) -> None:
    milestone.topics.set(Topic.objects.filter(slug__in=item.get("topics", [])))
    articles = {
        page.slug: page for page in ArticlePage.objects.filter(slug__in=item.get("articles", []))
    }
    milestone.articles.set(
        [articles[slug] for slug in item.get("articles", []) if slug in articles]
    )
    modules = {
        page.slug: page
        for page in CourseModulePage.objects.filter(slug__in=item.get("course_modules", []))
    }
    milestone.course_modules.set(
        [modules[slug] for slug in item.get("course_modules", []) if slug in modules]
    )
    milestone.forum_category = Category.objects.filter(slug=item.get("forum_category", "")).first()
    milestone.team_size_required = item.get("team_size_required")
    milestone.save()


@transaction.atomic
def load(*, stdout) -> None:
    for item in _read("milestones.toml")["milestone"]:
        milestone = Milestone.objects.filter(slug=item["code"]).first()
        if milestone is None:
            stdout.write(f"  milestone {item['code']} is not in the catalogue, skipped")
            continue
        _links(item, milestone)
    stdout.write("  milestone links")

    data = _read("records.toml")
    towns = {town.slug: town for town in Organisation.objects.municipalities()}
    for item in data["adviser"]:
        adviser = User.objects.filter(email=item["adviser"]).first()
        if adviser is not None and item["town"] in towns:
            MunicipalityAdviser.objects.get_or_create(
                organisation=towns[item["town"]], adviser=adviser
            )
    milestones = {milestone.slug: milestone for milestone in Milestone.objects.all()}
    for item in data["record"]:
        town, milestone = towns.get(item["town"]), milestones.get(item["milestone"])
        if town is None or milestone is None:
            continue
        met = "reached_on" in item
        _record, created = MilestoneRecord.objects.get_or_create(
            organisation=town,
            milestone=milestone,
            defaults={
                "status": MilestoneRecord.Status.MET if met else MilestoneRecord.Status.PLANNED,
                "reached_on": item.get("reached_on"),
                "planned_on": item.get("planned_on"),
                "evidence": item.get("evidence", ""),
                "note": item.get("note", ""),
            },
        )
        if created:
            stdout.write(f"  {item['code']}")
