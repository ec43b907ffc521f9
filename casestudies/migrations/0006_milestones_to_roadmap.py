"""The case studies' milestones now live in the roadmap (`roadmap.Milestone`, the catalogue,
and `roadmap.MilestoneRecord`, a municipality's progress). `roadmap 0002` copied every
definition and every case-study milestone (also those only in a draft's newest revision)
before these tables go. Old revisions still open: a revision's "milestones" are ignored."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0005_precise_indicators"),
        ("roadmap", "0002_from_case_studies"),
    ]

    operations = [
        migrations.DeleteModel(name="CaseStudyMilestone"),
        migrations.DeleteModel(name="MilestoneDefinition"),
    ]
