"""Give the role groups their permissions on library documents and glossary terms.

Library documents replace Wagtail's own document model (WAGTAILDOCS_DOCUMENT_MODEL), so the
collection permissions that accounts.0002 gave for wagtaildocs are given again for kb.
"""

from django.db import migrations

COLLECTION = {
    "Advisers": ["add_librarydocument", "change_librarydocument", "choose_document"],
    "Platform administrators": [
        "add_librarydocument",
        "change_librarydocument",
        "delete_librarydocument",
        "choose_document",
    ],
}
MODEL = {
    "Advisers": ["add_glossaryterm", "change_glossaryterm", "view_glossaryterm"],
    "Platform administrators": [
        "add_glossaryterm",
        "change_glossaryterm",
        "delete_glossaryterm",
        "view_glossaryterm",
    ],
}


def _ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("kb")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    for name, codenames in MODEL.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="kb", codename__in=codenames)
            )
    if root_collection is None:
        return
    for name, codenames in COLLECTION.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for permission in Permission.objects.filter(
            content_type__app_label="kb", codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("accounts", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
