"""Who may act on other people's personal data: platform administrators only."""

from accounts.roles import Role


def can_handle_requests(user) -> bool:
    """May look up a person, download their data and erase it on their request."""
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN))
