"""Who may do what in core's own screens."""


def can_manage_outgoing_email(user) -> bool:
    """The e-mail outbox shows recipients and texts of every message: administrators only
    (Django's `core.change_outgoingemail` permission; superusers have it)."""
    return user.is_authenticated and user.has_perm("core.change_outgoingemail")
