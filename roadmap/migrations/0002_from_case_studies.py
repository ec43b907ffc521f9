"""The milestone catalogue and the case studies' milestones become the roadmap's.

- every `casestudies.MilestoneDefinition` becomes a `roadmap.Milestone` with the same id, name,
  code, definition and order;
- every `casestudies.CaseStudyMilestone` (and every milestone in the newest revision of a case
  study, so a draft's milestones are not lost) becomes a met `MilestoneRecord` of the case
  study's municipality, with the earliest date when several case studies of one town name it
  and the case study as its evidence;
- the catalogue gets its order (dependencies), what proves each milestone, and the step the
  sources describe besides the seven: a housing concept.

`casestudies 0006` then removes the old tables. Reversing restores the definitions and
case-study milestones from the records.
"""

import json
from datetime import date

from django.core.management.color import no_style
from django.db import migrations

EVIDENCE = {
    "housing-need-mapped": "Výsledky mapování (například zpráva z registračního týdne) s datem.",
    "crisis-flat": "Smlouva nebo usnesení rady o vyčlenění bytu a datum prvního nastěhování.",
    "progressive-allocation-rules": "Usnesení rady nebo zastupitelstva, kterým pravidla přijala, s datem.",
    "housing-contact-centre": "Datum otevření a adresa kontaktního centra.",
    "housing-first-running": "Datum první nájemní smlouvy v programu a počet zabydlených domácností.",
    "goal-end-family-homelessness": "Usnesení nebo programové prohlášení s cílem a datem.",
    "interdepartmental-cooperation": "Podepsaný postup spolupráce odborů nebo zápis z jednání, který ho schválil.",
    "housing-concept": "Usnesení zastupitelstva, kterým koncepci bydlení schválilo.",
}

NEW_MILESTONES = [
    (
        "housing-concept",
        "Přijatá koncepce bydlení",
        15,
        "Obec má schválený dokument, který říká, jak bude bytovou nouzi řešit a s jakými cíli.",
    ),
]

# milestone → what must come first (the examples of the network: mapping before allocation
# rules, a crisis flat before Housing First).
REQUIRES = {
    "housing-concept": ["housing-need-mapped"],
    "progressive-allocation-rules": ["housing-need-mapped"],
    "housing-contact-centre": ["housing-need-mapped"],
    "housing-first-running": ["crisis-flat"],
    "goal-end-family-homelessness": ["housing-need-mapped"],
}


def _revision_milestones(apps):
    """(organisation id, milestone id, date, title) from the newest revision of every case
    study: a draft may name milestones the published rows do not have yet."""
    CaseStudyPage = apps.get_model("casestudies", "CaseStudyPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(
        app_label="casestudies", model="casestudypage"
    ).first()
    if content_type is None:
        return
    for page in CaseStudyPage.objects.all():
        revision = (
            Revision.objects.filter(base_content_type_id__isnull=False, object_id=str(page.pk))
            .filter(content_type_id=content_type.pk)
            .order_by("-created_at", "-pk")
            .first()
        )
        if revision is None:
            continue
        content = revision.content
        if isinstance(content, str):
            content = json.loads(content)
        for item in content.get("milestones") or []:
            try:
                yield (
                    page.organisation_id,
                    int(item["milestone"]),
                    date.fromisoformat(str(item["reached_on"])[:10]),
                    page.title,
                )
            except (KeyError, TypeError, ValueError):
                continue


def forwards(apps, schema_editor):
    Definition = apps.get_model("casestudies", "MilestoneDefinition")
    CaseStudyMilestone = apps.get_model("casestudies", "CaseStudyMilestone")
    Milestone = apps.get_model("roadmap", "Milestone")
    MilestoneRecord = apps.get_model("roadmap", "MilestoneRecord")

    for definition in Definition.objects.all():
        Milestone.objects.create(
            pk=definition.pk,
            name=definition.name,
            slug=definition.slug,
            description=definition.description,
            sort_order=definition.sort_order,
            evidence=EVIDENCE.get(definition.slug, ""),
        )
    # The ids were given explicitly: move PostgreSQL's sequence past them before new rows.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Milestone]):
            cursor.execute(sql)
    for slug, name, order, description in NEW_MILESTONES:
        if (
            not Milestone.objects.filter(slug=slug).exists()
            and not Milestone.objects.filter(name=name).exists()
        ):
            Milestone.objects.create(
                slug=slug,
                name=name,
                sort_order=order,
                description=description,
                evidence=EVIDENCE.get(slug, ""),
            )
    by_slug = {milestone.slug: milestone for milestone in Milestone.objects.all()}
    Requires = Milestone.requires.through  # through rows: the parental relation defers add()
    for slug, required in REQUIRES.items():
        for other in required:
            if slug in by_slug and other in by_slug:
                Requires.objects.get_or_create(
                    from_milestone_id=by_slug[slug].pk, to_milestone_id=by_slug[other].pk
                )

    # Earliest date per municipality and milestone, over the rows and the newest revisions.
    found: dict[tuple[int, int], tuple[date, str]] = {}
    rows = CaseStudyMilestone.objects.select_related("page").values_list(
        "page__organisation_id", "milestone_id", "reached_on", "page__title"
    )
    known_ids = set(by_slug[s].pk for s in by_slug)
    for organisation_id, milestone_id, reached_on, title in [*rows, *_revision_milestones(apps)]:
        if milestone_id not in known_ids:
            continue
        key = (organisation_id, milestone_id)
        if key not in found or reached_on < found[key][0]:
            found[key] = (reached_on, title)
    for (organisation_id, milestone_id), (reached_on, title) in found.items():
        MilestoneRecord.objects.create(
            organisation_id=organisation_id,
            milestone_id=milestone_id,
            status="met",
            reached_on=reached_on,
            evidence=f"Podle příkladu dobré praxe „{title}“.",
        )


def backwards(apps, schema_editor):
    Definition = apps.get_model("casestudies", "MilestoneDefinition")
    CaseStudyMilestone = apps.get_model("casestudies", "CaseStudyMilestone")
    CaseStudyPage = apps.get_model("casestudies", "CaseStudyPage")
    Milestone = apps.get_model("roadmap", "Milestone")
    MilestoneRecord = apps.get_model("roadmap", "MilestoneRecord")
    for milestone in Milestone.objects.all():
        Definition.objects.update_or_create(
            pk=milestone.pk,
            defaults={
                "name": milestone.name,
                "slug": milestone.slug,
                "description": milestone.description,
                "sort_order": milestone.sort_order,
            },
        )
    for record in MilestoneRecord.objects.filter(status="met"):
        for page in CaseStudyPage.objects.filter(organisation_id=record.organisation_id):
            CaseStudyMilestone.objects.get_or_create(
                page=page,
                milestone_id=record.milestone_id,
                defaults={"reached_on": record.reached_on, "sort_order": 0},
            )
    # The roadmap's copies go, so that migrating forward again copies afresh.
    MilestoneRecord.objects.all().delete()
    Milestone.requires.through.objects.all().delete()
    Milestone.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0001_initial"),
        ("casestudies", "0005_precise_indicators"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
