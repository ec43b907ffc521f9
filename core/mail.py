"""The durable e-mail outbox: every e-mail of the site is delivered or retried.

`send_email` stores the message (an `OutgoingEmail` row) in the caller's transaction, so a
message exists exactly when the change that causes it was committed, and asks the worker to
deliver it after the commit. `deliver_due` sends due messages with the configured backend and
marks one "sent" only after the backend accepted it; a failure is retried with exponential
backoff (`MAIL_RETRY_BASE_SECONDS` doubled per attempt, at most `MAIL_RETRY_MAX_SECONDS`)
and after `MAIL_MAX_ATTEMPTS` the message stays "failed", listed for administrators in the
Wagtail admin (*Přehledy → Odchozí e-maily*), who can send it again (`resend`).

Delivery is at least once: a worker killed between the server's acceptance and the "sent"
mark sends that message again when its lease (`MAIL_LEASE_SECONDS`) ends.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.models import OutgoingEmail

logger = logging.getLogger(__name__)
BATCH_SIZE = 50


def send_email(
    *,
    to: str | Iterable[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    from_email: str = "",
    reply_to: Iterable[str] = (),
    headers: dict | None = None,
    dedupe_key: str | None = None,
) -> OutgoingEmail | None:
    """Store one message for delivery after the current transaction commits.

    With `dedupe_key`, a second message with the same key is not stored (None is returned):
    digests and reminders pass e.g. "kb-review:<page>:<due date>:<owner>"."""
    recipients = [to] if isinstance(to, str) else list(to)
    message = OutgoingEmail(
        to=recipients,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        subject=" ".join(subject.splitlines()).strip(),
        body_text=body_text,
        body_html=body_html or "",
        reply_to=list(reply_to),
        headers=headers or {},
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    transaction.on_commit(schedule_delivery)
    return message


def send_templated_email(
    *, to: str | Iterable[str], template_prefix: str, context: dict, **options
) -> OutgoingEmail | None:
    """`send_email` with `<prefix>_subject.txt`, `<prefix>.txt` and, when it exists,
    `<prefix>.html` rendered now (in the caller's language and transaction)."""
    from django.template import TemplateDoesNotExist

    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    body_text = render_to_string(f"{template_prefix}.txt", context)
    try:
        body_html = render_to_string(f"{template_prefix}.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return send_email(to=to, subject=subject, body_text=body_text, body_html=body_html, **options)


def schedule_delivery(*, run_after=None) -> None:
    from core.scheduling import enqueue_once
    from core.tasks import email_outbox_deliver

    enqueue_once(email_outbox_deliver, run_after=run_after)


def retry_delay(attempts: int) -> timedelta:
    """Wait before attempt number `attempts + 1`: base, 2 × base, 4 × base, … up to the cap."""
    seconds = settings.MAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.MAIL_RETRY_MAX_SECONDS))


def _claim(limit: int) -> list[OutgoingEmail]:
    """Take up to `limit` due messages for this run: their next attempt moves to the end of
    the lease, so no other run sends them meanwhile. PostgreSQL skips rows another run has
    locked (FOR UPDATE SKIP LOCKED); elsewhere each row is taken by a compare-and-set."""
    now = timezone.now()
    lease_end = now + timedelta(seconds=settings.MAIL_LEASE_SECONDS)
    due = OutgoingEmail.objects.due(now).order_by("next_attempt_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        with transaction.atomic():
            messages = list(due.select_for_update(skip_locked=True)[:limit])
            OutgoingEmail.objects.filter(pk__in=[m.pk for m in messages]).update(
                next_attempt_at=lease_end
            )
        return messages
    claimed = []
    for message in due[:limit]:
        if OutgoingEmail.objects.filter(
            pk=message.pk,
            status=OutgoingEmail.Status.PENDING,
            next_attempt_at=message.next_attempt_at,
        ).update(next_attempt_at=lease_end):
            claimed.append(message)
    return claimed


def _as_message(outgoing: OutgoingEmail, mail_connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=outgoing.subject,
        body=outgoing.body_text,
        from_email=outgoing.from_email,
        to=outgoing.to,
        reply_to=outgoing.reply_to or None,
        headers={**outgoing.headers, "X-Outgoing-Email-Id": str(outgoing.pk)},
        connection=mail_connection,
    )
    if outgoing.body_html:
        message.attach_alternative(outgoing.body_html, "text/html")
    return message


def _record_failure(outgoing: OutgoingEmail, error: BaseException) -> str:
    attempts = outgoing.attempts + 1
    failed = attempts >= settings.MAIL_MAX_ATTEMPTS
    description = f"{error.__class__.__name__}: {error}"[:500]
    OutgoingEmail.objects.filter(pk=outgoing.pk).update(
        attempts=attempts,
        last_error=description,
        status=OutgoingEmail.Status.FAILED if failed else OutgoingEmail.Status.PENDING,
        next_attempt_at=timezone.now() + retry_delay(attempts),
    )
    log = logger.error if failed else logger.warning
    log("E-mail %s not delivered (attempt %s): %s", outgoing.pk, attempts, description)
    return "failed" if failed else "retry"


def deliver_due(*, limit: int = BATCH_SIZE) -> dict:
    """Send the due messages; returns counts of sent, retried later and failed for good."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    while True:
        batch = _claim(limit)
        if not batch:
            break
        mail_connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
        try:
            mail_connection.open()
        except Exception as error:  # the server is unreachable: every message waits
            for outgoing in batch:
                counts[_record_failure(outgoing, error)] += 1
            break
        try:
            for outgoing in batch:
                try:
                    accepted = mail_connection.send_messages(
                        [_as_message(outgoing, mail_connection)]
                    )
                    if not accepted:
                        raise RuntimeError("the mail backend did not accept the message")
                except Exception as error:
                    counts[_record_failure(outgoing, error)] += 1
                    continue
                OutgoingEmail.objects.filter(pk=outgoing.pk).update(
                    status=OutgoingEmail.Status.SENT,
                    sent_at=timezone.now(),
                    attempts=outgoing.attempts + 1,
                    last_error="",
                )
                counts["sent"] += 1
        finally:
            try:
                mail_connection.close()
            except Exception:  # a server gone mid-batch cannot say goodbye
                logger.debug("Closing the mail connection failed", exc_info=True)
    _schedule_next_retry()
    return counts


def _schedule_next_retry() -> None:
    next_attempt = (
        OutgoingEmail.objects.pending()
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
    ).first()
    if next_attempt is not None:
        schedule_delivery(run_after=max(next_attempt, timezone.now()))


def resend(*, ids: Iterable[int]) -> int:
    """Send failed (or pending) messages again from the first attempt; returns how many."""
    count = OutgoingEmail.objects.filter(
        pk__in=list(ids), status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.PENDING]
    ).update(status=OutgoingEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now())
    if count:
        transaction.on_commit(schedule_delivery)
    return count


def prune_sent(*, older_than_days: int = 30) -> int:
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = OutgoingEmail.objects.filter(
        status=OutgoingEmail.Status.SENT, sent_at__lt=cutoff
    ).delete()
    return deleted
