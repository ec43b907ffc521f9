"""Administrators act on requests that arrive outside the application."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.roles import Role
from privacy.models import Erasure
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(home_page):
    user = user_with_role(Role.ADMIN)
    user_with_role(Role.ADMIN)  # so that the first one is not the last administrator
    return user


def test_administrator_finds_a_person_by_email(client, admin):
    person = UserFactory(email="hledana@example.org")
    client.force_login(admin)
    response = client.get(reverse("privacy_admin:index"), {"q": "hledana"})
    assert response.status_code == 200
    assert reverse("privacy_admin:person", args=[person.pk]) in response.content.decode()


@pytest.mark.parametrize(
    ("role", "location"),
    [(Role.ADVISER, "/admin/"), (Role.MODERATOR, "/admin/"), (Role.LEARNER, "/admin/login/")],
)
def test_other_roles_cannot_handle_requests(client, home_page, role, location):
    """Wagtail answers a refused admin view with a redirect: to the dashboard with a
    message for people who may use the admin, to its log-in for everyone else."""
    person = UserFactory()
    client.force_login(user_with_role(role))
    for url, method in (
        (reverse("privacy_admin:index"), "get"),
        (reverse("privacy_admin:person", args=[person.pk]), "get"),
        (reverse("privacy_admin:person", args=[person.pk]), "post"),
        (reverse("privacy_admin:download", args=[person.pk]), "post"),
    ):
        response = getattr(client, method)(url, {"reason": "Žádost."})
        assert response.status_code == 302, url
        assert response["Location"].split("?")[0] == location, url
    assert not Erasure.objects.exists()
    person.refresh_from_db()
    assert not person.is_erased


def test_administrator_erases_on_request_with_a_logged_reason(client, admin):
    person = UserFactory(first_name="Karel", last_name="Pokorný")
    client.force_login(admin)
    url = reverse("privacy_admin:person", args=[person.pk])
    response = client.post(url, {"reason": "Žádost e-mailem ze dne 3. 11. 2026."})
    assert response.status_code == 302
    erasure = Erasure.objects.get(user=person)
    assert erasure.erased_by == admin
    assert erasure.by_the_person is False
    assert erasure.reason == "Žádost e-mailem ze dne 3. 11. 2026."
    assert ModelLogEntry.objects.filter(action="privacy.erase", user=admin).exists()
    person.refresh_from_db()
    assert person.is_erased
    assert client.post(url, {"reason": "znovu"}).status_code == 409


def test_erasure_without_a_reason_is_refused(client, admin):
    person = UserFactory()
    client.force_login(admin)
    response = client.post(reverse("privacy_admin:person", args=[person.pk]), {"reason": ""})
    assert response.status_code == 400
    person.refresh_from_db()
    assert not person.is_erased


def test_administrator_download_is_logged(client, admin):
    person = UserFactory(email="export@example.org")
    client.force_login(admin)
    response = client.post(reverse("privacy_admin:download", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert ModelLogEntry.objects.filter(action="privacy.export", user=admin).exists()


def test_unknown_person_is_404(client, admin):
    client.force_login(admin)
    assert client.get(reverse("privacy_admin:person", args=[999999])).status_code == 404
