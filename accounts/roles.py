"""The roles people have on the platform, and the Django groups that carry them.

A role is held through a membership of an organisation. The groups are created, and
given their Wagtail permissions, by a data migration; `accounts.services.user_sync_groups`
keeps each person's groups equal to the roles of their memberships.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEARNER = "learner", _("Studující")
    PARTNER_MEMBER = "partner_member", _("Člen partnerské obce")
    ADVISER = "adviser", _("Poradce")
    MODERATOR = "moderator", _("Moderátor")
    ADMIN = "admin", _("Správce")


# Group names are stable identifiers: code looks groups up by them.
# They differ from Wagtail's own "Editors" and "Moderators" groups, which stay as Wagtail made them.
GROUP_NAMES = {
    Role.LEARNER: "Learners",
    Role.PARTNER_MEMBER: "Partner members",
    Role.ADVISER: "Advisers",
    Role.MODERATOR: "Forum moderators",
    Role.ADMIN: "Platform administrators",
}

# Roles whose holders must protect their account with a second factor (TOTP): they read
# learners' e-mail addresses, drafts, closed working groups and post history.
ROLES_REQUIRING_TWO_FACTOR = frozenset({Role.ADVISER, Role.MODERATOR, Role.ADMIN})

# Roles whose holders may use Django's own admin (is_staff follows from them). The Wagtail
# admin is opened by the `wagtailadmin.access_admin` permission of the groups instead.
STAFF_ROLES = frozenset({Role.ADMIN})

# Which roles a person of a given role may hand out by invitation.
INVITABLE_ROLES = {
    Role.ADVISER: (Role.LEARNER, Role.PARTNER_MEMBER),
    Role.ADMIN: tuple(Role),
}


def requires_two_factor(user) -> bool:
    """Whether this signed-in person must use a second factor: the roles above, and anyone
    who may open Django's admin (staff, superusers) whatever their role."""
    return user.is_superuser or user.is_staff or user.has_role(*ROLES_REQUIRING_TWO_FACTOR)
