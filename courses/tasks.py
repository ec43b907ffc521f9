"""Background tasks of the courses app (django-tasks)."""

from datetime import date

from django_tasks import task


@task()
def reminders_send(*, today: str = "") -> dict[str, int]:
    """Send the reminders that are due (see `courses.reminders.reminders_send_due`).

    `today` is an ISO date ("2026-05-04"), empty for today; arguments stay plain JSON values
    so that any task backend can store them. The e-mails go out through
    `courses.emails.send` after the bookkeeping commits.
    """
    from courses.reminders import reminders_send_due

    return reminders_send_due(today=date.fromisoformat(today) if today else None)
