"""What accounts holds about a person: memberships and invitations."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Invitation, JoinRequest, Membership
from accounts.roles import Role
from privacy.registry import OnErase, PersonalData, register


def _last_administrator(user):
    if not user.memberships.filter(role=Role.ADMIN).exists():
        return None
    others = (
        Membership.objects.filter(role=Role.ADMIN, user__is_active=True).exclude(user=user).exists()
    )
    if others:
        return None
    return _(
        "Jste poslední správce platformy. Nejdřív předejte roli správce jinému člověku, "
        "pak můžete účet smazat."
    )


def _invitations_for(user):
    return Invitation.objects.filter(Q(accepted_by=user) | Q(email__iexact=user.email))


register(
    PersonalData(
        key="accounts.memberships",
        model=Membership,
        user_field="user",
        fields=("organisation.name", "role", "created_at"),
        on_erase=OnErase.DELETE,
        refuse_erasure=_last_administrator,
    ),
    PersonalData(
        key="accounts.invitations_received",
        model=Invitation,
        user_field="accepted_by",
        rows=_invitations_for,
        fields=("email", "organisation.name", "role", "created_at", "accepted_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="accounts.invitations_sent",
        model=Invitation,
        user_field="invited_by",
        # The invitee's address is theirs, not the inviter's: the archive shows the rest.
        fields=("organisation.name", "role", "created_at", "accepted_at"),
        on_erase=OnErase.CLEAR,
    ),
)

register(
    PersonalData(
        key="accounts.join_requests",
        model=JoinRequest,
        user_field="user",
        fields=("organisation.name", "message", "status", "created_at", "decided_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="accounts.join_requests_decided",
        model=JoinRequest,
        user_field="decided_by",
        fields=("organisation.name", "status", "decided_at"),
        on_erase=OnErase.CLEAR,
    ),
)
