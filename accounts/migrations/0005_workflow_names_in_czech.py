"""Wagtail names its default workflow and task after the group ("Moderators approval"); the
admin shows those names on buttons ("Odeslat do Moderators approval") and in e-mails. The
network's editors work in Czech: the names become Czech."""

from django.db import migrations

TASK_NAME = "Schválení správcem platformy"
WORKFLOW_NAME = "Schvalování obsahu"
WAGTAIL_DEFAULT = "Moderators approval"


def rename(apps, schema_editor):
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task.objects.filter(name=WAGTAIL_DEFAULT).update(name=TASK_NAME)
    Workflow.objects.filter(name=WAGTAIL_DEFAULT).update(name=WORKFLOW_NAME)


def rename_back(apps, schema_editor):
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task.objects.filter(name=TASK_NAME).update(name=WAGTAIL_DEFAULT)
    Workflow.objects.filter(name=WORKFLOW_NAME).update(name=WAGTAIL_DEFAULT)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_join_requests"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
