"""E-mails written as templates: every app's e-mail text lives in
`templates/<app>/<folder>/<name>.txt` with its subject in `<name>_subject.txt`, rendered in
the recipient's language and stored in the outbox (`core.mail.send_email`)."""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation

from core.mail import send_email


def send_templated_email(
    *, to: str, template: str, context: dict | Callable[[], dict], language: str
) -> None:
    """Render `<template>_subject.txt` (folded to one line) and `<template>.txt` with
    `language` active (the body without blank lines around it), and store the message in
    the outbox in the current transaction.

    `context` may be a function: it is called with the language active, so that `reverse()`
    and gettext inside it give that language's addresses and words."""
    with translation.override(language):
        values = context() if callable(context) else context
        subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
        body = render_to_string(f"{template}.txt", values).strip() + "\n"
    send_email(to=to, subject=subject, body_text=body)
