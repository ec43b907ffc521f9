"""Who may see the knowledge base's editorial reports in the Wagtail admin."""

from accounts.roles import Role


def can_see_editorial_reports(user) -> bool:
    """Review and feedback reports: advisers (who write and keep articles) and admins."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(Role.ADVISER, Role.ADMIN)
