"""Create one group per role and give it its Django and Wagtail permissions.

Group names are fixed here (not imported) so that this migration keeps working when the
code of accounts.roles changes later.
"""

from django.db import migrations

GROUPS = {
    "Learners": {"permissions": [], "page": [], "collection": []},
    "Partner members": {"permissions": [], "page": [], "collection": []},
    "Advisers": {
        "permissions": [("wagtailadmin", "access_admin")],
        "page": ["add_page", "change_page"],
        "collection": [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "choose_document"),
        ],
    },
    "Forum moderators": {
        "permissions": [("wagtailadmin", "access_admin")],
        "page": [],
        "collection": [],
    },
    "Platform administrators": {
        "permissions": [
            ("wagtailadmin", "access_admin"),
            ("accounts", "add_user"),
            ("accounts", "change_user"),
            ("accounts", "view_user"),
            ("accounts", "add_organisation"),
            ("accounts", "change_organisation"),
            ("accounts", "delete_organisation"),
            ("accounts", "view_organisation"),
            ("accounts", "add_membership"),
            ("accounts", "change_membership"),
            ("accounts", "delete_membership"),
            ("accounts", "view_membership"),
            ("accounts", "view_invitation"),
            ("accounts", "delete_invitation"),
            ("auth", "view_group"),
        ],
        "page": [
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        ],
        "collection": [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "change_image"),
            ("wagtailimages", "delete_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "change_document"),
            ("wagtaildocs", "delete_document"),
            ("wagtaildocs", "choose_document"),
            ("wagtailcore", "add_collection"),
            ("wagtailcore", "change_collection"),
            ("wagtailcore", "delete_collection"),
        ],
    },
}


def _ensure_permissions(apps):
    """Permissions are normally created after `migrate`; the groups need them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def _permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_role_groups(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*(_permission(apps, app, code) for app, code in grants["permissions"]))
        if root_page is not None:
            for codename in grants["page"]:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=_permission(apps, "wagtailcore", codename)
                )
        if root_collection is not None:
            for app, codename in grants["collection"]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(apps, app, codename),
                )


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
