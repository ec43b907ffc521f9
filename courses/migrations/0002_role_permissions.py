"""Give the role groups their permissions on courses: advisers set up cohorts and see
enrolments, certificates and feedback; platform administrators manage all of it.

Group names are fixed here (not imported) so that this migration keeps working when
accounts.roles changes later.
"""

from django.db import migrations

GRANTS = {
    "Advisers": [
        "add_cohort",
        "change_cohort",
        "view_cohort",
        "view_enrolment",
        "change_enrolment",
        "view_certificate",
        "view_coursefeedback",
    ],
    "Platform administrators": [
        "add_cohort",
        "change_cohort",
        "delete_cohort",
        "view_cohort",
        "view_enrolment",
        "change_enrolment",
        "delete_enrolment",
        "view_certificate",
        "change_certificate",
        "view_coursefeedback",
        "delete_coursefeedback",
    ],
}


def _ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("courses")
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
            *Permission.objects.filter(content_type__app_label="courses", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="courses")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
