"""Who may see the knowledge base's editorial reports in the Wagtail admin."""

from accounts.permissions import is_platform_admin
from accounts.roles import Role


def can_see_editorial_reports(user) -> bool:
    """Review and feedback reports: advisers (who write and keep articles) and admins."""
    return is_platform_admin(user) or (user.is_authenticated and user.has_role(Role.ADVISER))
