"""The audiences of a person, which every engine's query is limited to."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from search.documents import PUBLIC, SIGNED_IN
from search.permissions import audiences_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_visitors_read_only_public_documents():
    # Pages carry their audiences per interface language (the test runs in Czech).
    assert audiences_for(AnonymousUser()) == {PUBLIC, f"{PUBLIC}@cs"}
    assert audiences_for(None) == {PUBLIC, f"{PUBLIC}@cs"}


def test_people_signed_in_also_read_what_their_groups_may_read():
    user = UserFactory()
    assert audiences_for(user) >= {PUBLIC, SIGNED_IN}
    assert not any(audience.startswith("group:") for audience in audiences_for(user))
    group = Group.objects.create(name="Pracovní skupina")
    user.groups.add(group)
    assert f"group:{group.pk}" in audiences_for(user)
