"""A database outage is a 503 with the Czech explanation for everybody, signed in or not.

The outage is simulated where it happens: every SQL statement of the request fails as a lost
connection does.
"""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from accounts.roles import Role
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def _database_down(monkeypatch):
    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    monkeypatch.setattr(CursorWrapper, "executemany", fail)


def _assert_503(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Služba je dočasně nedostupná" in response.content.decode()


@pytest.mark.parametrize("role", [None, Role.LEARNER, Role.ADVISER, Role.MODERATOR, Role.ADMIN])
@pytest.mark.parametrize("address", ["/", "/ucet/profil/", "/forum/", "/admin/"])
def test_outage_is_503_for_signed_in_people(client, home_page, monkeypatch, role, address):
    client.force_login(UserFactory() if role is None else user_with_role(role))
    with monkeypatch.context() as patch:
        _database_down(patch)
        response = client.get(address)
    _assert_503(response)


def test_outage_is_503_for_visitors(client, home_page, monkeypatch):
    with monkeypatch.context() as patch:
        _database_down(patch)
        response = client.get("/")
    _assert_503(response)
