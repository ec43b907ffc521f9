"""Writes of the legal app."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from legal import emails
from legal.models import ContactMessage, ContactPage

# At most this many messages per address (IP) and hour, and for the whole site per hour.
CONTACT_LIMIT_PER_CLIENT = 5
CONTACT_LIMIT_SITE_WIDE = 200
_WINDOW_SECONDS = 60 * 60


class ContactRateLimited(Exception):
    """Too many contact messages from one client or in total within the hour."""


def _consume(key: str, limit: int) -> bool:
    """Count one use of `key` in the current window; False when over `limit`."""
    cache.add(key, 0, _WINDOW_SECONDS)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, _WINDOW_SECONDS)
        used = 1
    return used <= limit


def contact_message_submit(
    *, page: ContactPage, name: str, email: str, subject: str, body: str, sender, client_key: str
) -> ContactMessage:
    """Store a contact message and forward it to the network's address.

    The message is saved first; the e-mail goes out after the commit, and a failed e-mail
    leaves the message with ``forwarded_at`` empty, visible in the admin.
    """
    if not _consume(f"legal:contact:{client_key}", CONTACT_LIMIT_PER_CLIENT) or not _consume(
        "legal:contact:site", CONTACT_LIMIT_SITE_WIDE
    ):
        raise ContactRateLimited
    message = ContactMessage.objects.create(
        page=page,
        name=name,
        email=email,
        subject=subject,
        body=body,
        sender=sender if sender is not None and sender.is_authenticated else None,
    )
    transaction.on_commit(lambda: contact_message_forward(message=message), robust=True)
    return message


def contact_message_forward(*, message: ContactMessage) -> None:
    """Send the message to the page's recipient and record when it went out."""
    emails.send_contact_message(message, recipient=message.page.recipient_email)
    ContactMessage.objects.filter(pk=message.pk).update(forwarded_at=timezone.now())
