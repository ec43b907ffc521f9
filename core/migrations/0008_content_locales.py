"""Content localisation: the Czech and English locales, every existing page in Czech, and
who may make translated copies of pages.

Wagtail gave every page the locale of LANGUAGE_CODE when its own migrations ran
(`wagtailcore.0054_initial_locale` and `bootstrap_translatable_model`), so on an existing site
the pages are already Czech; a database created with another LANGUAGE_CODE gets its pages
moved to Czech here, before any translation can exist.
"""

from django.db import migrations

TRANSLATORS = ["Advisers", "Platform administrators"]
LOCALE_MANAGERS = ["Platform administrators"]
LOCALE_CODENAMES = ["add_locale", "change_locale", "delete_locale", "view_locale"]


def _permissions(apps, app_label):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    czech, _ = Locale.objects.get_or_create(language_code="cs")
    english, created = Locale.objects.get_or_create(language_code="en")
    if created:
        # No page can be a translation yet: every page belongs to the Czech tree.
        Page.objects.exclude(locale=czech).update(locale=czech)

    _permissions(apps, "simple_translation")
    _permissions(apps, "wagtailcore")
    submit = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    manage = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=LOCALE_CODENAMES
    )
    for name in TRANSLATORS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*submit)
    for name in LOCALE_MANAGERS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*manage)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=TRANSLATORS + LOCALE_MANAGERS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="simple_translation", codename="submit_translation"
            ),
            *Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=LOCALE_CODENAMES
            ),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_home_page_moved_to_home"),
        ("accounts", "0002_role_groups"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
