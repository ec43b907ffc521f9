"""Platform administrators read (and may delete) the messages sent through the contact form."""

from django.db import migrations

CODENAMES = ["view_contactmessage", "delete_contactmessage"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("legal")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Platform administrators").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="legal", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0001_initial"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
