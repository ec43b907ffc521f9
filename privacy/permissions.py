"""Who may act on other people's personal data: platform administrators only."""

from accounts.permissions import is_platform_admin


def can_handle_requests(user) -> bool:
    """May look up a person, download their data and erase it on their request."""
    return is_platform_admin(user)
