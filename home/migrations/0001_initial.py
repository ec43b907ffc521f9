"""The home page moves here from core with its rows, sections and revisions.

The models were ``core.HomePage`` and ``core.HomePageSection``. The state takes them over
first with the old tables (nothing is created in the database), then the tables are renamed
to this app's names and the content types are relabelled in place, so the page row keeps its
id, its content type id (which its revisions, permissions and log entries point to) and its
sections. ``core/0007`` then drops the models from core's state only.
"""

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models

MODELS = ("homepage", "homepagesection")


def relabel_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # A fresh database has neither yet (content types come after migrate); a database
        # that was migrated without the old ones gets them from post_migrate as usual.
        if not ContentType.objects.filter(app_label="home", model=model).exists():
            ContentType.objects.filter(app_label="core", model=model).update(app_label="home")


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="core", model=model).exists():
            ContentType.objects.filter(app_label="home", model=model).update(app_label="core")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0006_outgoing_email_permission"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HomePage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        (
                            "intro",
                            models.TextField(
                                blank=True,
                                help_text="Krátký odstavec pod hlavním nadpisem: komu web slouží a s čím pomůže.",
                                verbose_name="úvod",
                            ),
                        ),
                        (
                            "mission",
                            wagtail.fields.RichTextField(
                                blank=True,
                                help_text="Text o síti obcí a poradců a o cíli ukončit bezdomovectví a bytovou nouzi.",
                                verbose_name="o síti",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "domovská stránka",
                        "verbose_name_plural": "domovské stránky",
                        "db_table": "core_homepage",
                    },
                    bases=("wagtailcore.page",),
                ),
                migrations.CreateModel(
                    name="HomePageSection",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                        (
                            "title",
                            models.CharField(
                                help_text="Například „Příklady dobré praxe“.",
                                max_length=80,
                                verbose_name="název",
                            ),
                        ),
                        (
                            "description",
                            models.CharField(
                                help_text="Jedna věta o tom, co v této části lidé najdou.",
                                max_length=240,
                                verbose_name="popis",
                            ),
                        ),
                        (
                            "link_page",
                            models.ForeignKey(
                                blank=True,
                                help_text="Rozcestník této části webu. Dokud není vybrán, karta se ukáže jako připravovaná.",
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                                verbose_name="stránka",
                            ),
                        ),
                        (
                            "link_url_name",
                            models.CharField(
                                blank=True,
                                help_text="Jen pro části, které nejsou stránkami, například fórum: název adresy v aplikaci („forum:index“). Vyplňte buď stránku, nebo tento název.",
                                max_length=80,
                                verbose_name="název adresy aplikace",
                            ),
                        ),
                        (
                            "page",
                            modelcluster.fields.ParentalKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sections",
                                to="home.homepage",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "část webu",
                        "verbose_name_plural": "části webu",
                        "ordering": ["sort_order"],
                        "abstract": False,
                        "db_table": "core_homepagesection",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="homepage", table=None),
        migrations.AlterModelTable(name="homepagesection", table=None),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
