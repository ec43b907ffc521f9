"""Background tasks of the whole site (django-tasks)."""

from django_tasks import task


@task()
def email_outbox_deliver() -> dict:
    """Send the due messages of the e-mail outbox (core.mail); it re-queues itself for the
    next retry while messages wait."""
    from core.mail import deliver_due

    return deliver_due()


@task()
def email_send(
    *, subject: str, body: str, recipients: list[str], html_body: str = "", from_email: str = ""
) -> int:
    """Deprecated entry point kept for callers not yet switched to `core.mail.send_email`:
    the message goes into the durable outbox, so it is retried like any other.

    Prefer `core.mail.send_email(...)` inside the transaction of the change: then a message
    cannot be lost between the commit and the queueing of this task."""
    from core.mail import send_email

    send_email(
        to=recipients, subject=subject, body_text=body, body_html=html_body, from_email=from_email
    )
    return len(recipients)
