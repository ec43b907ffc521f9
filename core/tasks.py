"""Background tasks of the whole site (django-tasks)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def email_send(
    *, subject: str, body: str, recipients: list[str], html_body: str = "", from_email: str = ""
) -> int:
    """Send one e-mail. Arguments are plain JSON values so that any task backend can store them."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
