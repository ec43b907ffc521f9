"""The home page moved from core to home (home/0001, core/0007) without losing its rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("core", "0006_outgoing_email_permission"), ("home", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_page_keeps_its_row_sections_revisions_and_content_type_when_moved_to_home():
    old = _migrate(BEFORE)
    try:
        ContentType = old.get_model("contenttypes", "ContentType")
        Page = old.get_model("wagtailcore", "Page")
        Locale = old.get_model("wagtailcore", "Locale")
        Revision = old.get_model("wagtailcore", "Revision")
        OldHomePage = old.get_model("core", "HomePage")
        OldSection = old.get_model("core", "HomePageSection")
        content_type, _ = ContentType.objects.get_or_create(app_label="core", model="homepage")
        page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
        # A transactional test before this one may have flushed what migrations created.
        locale = Locale.objects.first() or Locale.objects.create(language_code="cs")
        root = Page.objects.filter(depth=1).first() or Page.objects.create(
            title="Root",
            draft_title="Root",
            slug="root",
            path="0001",
            depth=1,
            url_path="/",
            content_type=page_type,
            locale=locale,
        )
        home = OldHomePage.objects.create(
            title="Bydlení v praxi",
            draft_title="Bydlení v praxi",
            slug="uvod-presun",
            path=root.path + "0099",
            depth=2,
            url_path="/uvod-presun/",
            content_type=content_type,
            locale=locale,
            live=True,
            intro="Úvod, který musí přežít.",
        )
        OldSection.objects.create(page=home, sort_order=0, title="Kurzy", description="Školení.")
        OldSection.objects.create(
            page=home,
            sort_order=1,
            title="Fórum",
            description="Sdílení.",
            link_url_name="forum:index",
        )
        Revision.objects.create(
            content_type=content_type,
            base_content_type=page_type,
            object_id=str(home.pk),
            content={"pk": home.pk, "title": "Bydlení v praxi", "intro": "Úvod v revizi."},
            created_at=timezone.now(),
            object_str="Bydlení v praxi",
        )
        _migrate(_latest())

        from django.contrib.contenttypes.models import ContentType as CurrentContentType
        from wagtail.models import Revision as CurrentRevision

        from home.models import HomePage

        CurrentContentType.objects.clear_cache()  # ids cached before a flush are stale
        moved = HomePage.objects.get(pk=home.pk)
        assert moved.intro == "Úvod, který musí přežít."
        assert list(
            moved.sections.order_by("sort_order").values_list("title", "link_url_name")
        ) == [
            ("Kurzy", ""),
            ("Fórum", "forum:index"),
        ]
        assert moved.content_type_id == content_type.pk
        assert CurrentContentType.objects.get_for_model(HomePage).pk == content_type.pk
        assert not CurrentContentType.objects.filter(app_label="core", model="homepage").exists()
        revision = CurrentRevision.objects.for_instance(moved).get()
        assert revision.content["intro"] == "Úvod v revizi."
        assert HomePage._meta.db_table == "home_homepage"
        assert "core_homepage" not in connection.introspection.table_names()
    finally:
        _migrate(_latest())
