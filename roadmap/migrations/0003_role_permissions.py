"""Give the role groups their permissions on the roadmap: advisers keep the milestone
catalogue (as they kept it among the case-study snippets) and see who advises which town;
platform administrators manage both and assign advisers to municipalities.

Group names are fixed here (not imported) so that this migration keeps working when
accounts.roles changes later.
"""

from django.db import migrations

GRANTS = {
    "Advisers": ["add_milestone", "change_milestone", "view_milestone", "view_municipalityadviser"],
    "Platform administrators": [
        "add_milestone",
        "change_milestone",
        "delete_milestone",
        "view_milestone",
        "add_municipalityadviser",
        "change_municipalityadviser",
        "delete_municipalityadviser",
        "view_municipalityadviser",
    ],
}


def _ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("roadmap")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="roadmap", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="roadmap"))


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0002_from_case_studies"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
