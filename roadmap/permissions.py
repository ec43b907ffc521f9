"""Who may see and record what on a municipality's roadmap (one home for each rule)."""

from accounts.models import Membership
from accounts.roles import Role
from roadmap.models import MunicipalityAdviser


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN)))


def advises(user, organisation) -> bool:
    """Platform administrators, and advisers assigned to the municipality
    (`MunicipalityAdviser`), record its progress."""
    if not user.is_authenticated:
        return False
    if is_admin(user):
        return True
    return (
        user.has_role(Role.ADVISER)
        and MunicipalityAdviser.objects.filter(organisation=organisation, adviser=user).exists()
    )


def sees_private(user, organisation) -> bool:
    """The municipality's own members, its advisers and administrators see notes, planned
    dates and evidence files; everyone else the public part (met milestones, dates, evidence
    text)."""
    if not user.is_authenticated:
        return False
    if advises(user, organisation):
        return True
    return Membership.objects.filter(user=user, organisation=organisation).exists()
