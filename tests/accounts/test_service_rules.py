"""Rules of accounts/services.py that the page tests do not reach (found by `make mutation`)."""

import pytest

from accounts.roles import GROUP_NAMES, Role
from accounts.services import InvitationError, invitation_check, membership_set
from tests.factories import InvitationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_losing_the_admin_role_takes_the_admin_access_away():
    admin = user_with_role(Role.ADMIN)
    admin.refresh_from_db()
    assert admin.is_staff and admin.groups.filter(name=GROUP_NAMES[Role.ADMIN]).exists()
    membership_set(user=admin, organisation=admin.memberships.get().organisation, role=Role.LEARNER)
    admin.refresh_from_db()
    assert not admin.is_staff
    assert not admin.groups.filter(name=GROUP_NAMES[Role.ADMIN]).exists()


@pytest.mark.parametrize("address", ["anna@example.org", "zuzana@example.org"])
def test_an_invitation_is_refused_to_any_other_address(address):
    # One address sorts before the invited one and one after: the rule is "the same", not an order.
    invitation = InvitationFactory(email="marie@example.org")
    with pytest.raises(InvitationError) as refused:
        invitation_check(invitation=invitation, user=UserFactory(email=address))
    assert refused.value.status == 403
    invitation_check(invitation=invitation, user=UserFactory(email="Marie@Example.org"))
