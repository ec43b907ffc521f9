"""The knowledge base's editorial reports: the rule itself, for each kind of person."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from kb.permissions import can_see_editorial_reports
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_nobody_signed_out_sees_editorial_reports():
    assert can_see_editorial_reports(AnonymousUser()) is False


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.LEARNER, False),
        (Role.PARTNER_MEMBER, False),
        (Role.MODERATOR, False),
        (Role.ADVISER, True),
        (Role.ADMIN, True),
    ],
)
def test_advisers_and_admins_see_editorial_reports(role, allowed):
    assert can_see_editorial_reports(user_with_role(role)) is allowed


def test_a_superuser_without_a_role_sees_editorial_reports():
    assert can_see_editorial_reports(UserFactory(is_superuser=True)) is True
    assert can_see_editorial_reports(UserFactory()) is False
