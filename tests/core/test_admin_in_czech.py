"""Czech editors and learners meet no English: ASCII page addresses, Czech workflow names,
Wagtail, Django and allauth strings their own catalogues lack."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def test_new_page_gets_a_transliterated_slug(home_page):
    page = home_page.add_child(instance=Page(title="Písek – krizový byt a žádosti"))
    assert page.slug == "pisek-krizovy-byt-a-zadosti"


def test_old_czech_slugs_become_ascii_and_old_addresses_redirect(
    client, home_page, django_capture_on_commit_callbacks
):
    parent = home_page.add_child(instance=Page(title="Obce", slug="obce-č"))
    child = parent.add_child(instance=Page(title="Písek", slug="písek"))
    revision = child.save_revision()
    revision.publish()
    old_child_path = child.url
    with django_capture_on_commit_callbacks(execute=True):
        call_command("pages_ascii_slugs", stdout=StringIO())
    parent.refresh_from_db()
    child.refresh_from_db()
    assert parent.slug == "obce-c"
    assert child.slug == "pisek"
    assert child.url == "/obce-c/pisek/"
    assert client.get("/obce-c/pisek/").status_code == 200
    assert Redirect.objects.filter(redirect_page=child).exists()
    response = client.get(old_child_path)
    assert response.status_code == 301
    assert response["Location"].endswith("/obce-c/pisek/")
    # A later publish of the latest revision keeps the new address.
    child.latest_revision.publish()
    child.refresh_from_db()
    assert child.slug == "pisek"


def test_converting_twice_changes_nothing(home_page):
    home_page.add_child(instance=Page(title="Jihlava", slug="jihlava"))
    call_command("pages_ascii_slugs", stdout=StringIO())
    assert Page.objects.filter(slug="jihlava").count() == 1


def test_a_taken_ascii_slug_gets_a_number(home_page):
    home_page.add_child(instance=Page(title="Pisek", slug="pisek"))
    home_page.add_child(instance=Page(title="Písek", slug="písek"))
    call_command("pages_ascii_slugs", stdout=StringIO())
    assert set(home_page.get_children().values_list("slug", flat=True)) >= {"pisek", "pisek-2"}


def test_publishing_workflow_and_its_task_are_named_in_czech():
    from wagtail.models import Task, Workflow

    assert set(Workflow.objects.values_list("name", flat=True)) == {"Schvalování obsahu"}
    assert set(Task.objects.values_list("name", flat=True)) == {"Schválení správcem platformy"}


def test_wagtail_strings_missing_from_its_czech_catalogue_are_czech(client):
    from django.utils import translation

    with translation.override("cs"):
        assert translation.gettext("Autosave is paused") == "Automatické ukládání je pozastaveno"
        assert translation.gettext("Can access Wagtail admin") == "Smí do administrace Wagtailu"
        assert translation.ngettext("Delete 1 page", "Delete %(counter)s pages", 3) == (
            "Smazat %(counter)s stránky"
        )
        assert translation.ngettext("Delete 1 page", "Delete %(counter)s pages", 5) == (
            "Smazat %(counter)s stránek"
        )
        # Wagtail's own Czech translations are untouched.
        assert translation.gettext("Pages") == "Stránky"
    with translation.override("en"):
        assert translation.gettext("Autosave is paused") == "Autosave is paused"


def test_admin_javascript_catalogue_is_czech(client):
    from django.utils import translation

    with translation.override("cs"):
        response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    body = response.content.decode("unicode_escape")
    assert "Automaticky ukládám…" in body


def test_password_rules_speak_czech_on_czech_pages():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("cs"), pytest.raises(ValidationError) as error:
        validate_password("abc")
    assert "Heslo je příliš krátké. Musí mít aspoň 8 znaků." in error.value.messages
