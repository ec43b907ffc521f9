"""Every e-mail of the legal app goes out here (one place to switch to a durable outbox)."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_contact_message(message, *, recipient: str) -> None:
    """Forward a contact message to the network; replies go straight to the sender."""
    with translation.override("cs"):
        subject = render_to_string(
            "legal/emails/contact_message_subject.txt", {"message": message}
        ).strip()
        body = render_to_string("legal/emails/contact_message.txt", {"message": message})
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[recipient],
        reply_to=[message.email],
    ).send()
