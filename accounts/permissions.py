"""Who may do what in accounts. Views, templates and tests ask these functions."""

from accounts.models import Organisation
from accounts.roles import INVITABLE_ROLES, Role


def is_platform_admin(user) -> bool:
    """Platform administrators: the admin role, and superusers. The one admin check of the
    project; every app's rules that admins pass ask this."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN)))


def invitable_roles(user) -> list[str]:
    """The roles this person may hand out by invitation (empty: may not invite)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Role)
    roles: list[str] = []
    for role in user.roles:
        for invitable in INVITABLE_ROLES.get(role, ()):
            if invitable not in roles:
                roles.append(invitable)
    return [role for role in Role if role in roles]


def can_invite(user) -> bool:
    return bool(invitable_roles(user))


def invitable_organisations(user):
    """Advisers and admins work with every organisation of the network."""
    if not can_invite(user):
        return Organisation.objects.none()
    return Organisation.objects.all()
