"""Every e-mail of the forum leaves through `send()`: it is stored in the durable outbox
(`core.mail`) in the transaction of the change that caused it, and delivered or retried in the
background; a write that is rolled back sends nothing.

Bodies and subjects are templates (`templates/forum/emails/<name>.txt` and
`<name>_subject.txt`), rendered in the recipient's language: the language of their last visit
to the forum (`ForumProfile.language`), the site's default otherwise. Links are absolute
(`core.absolute_urls`) and built in that language, so an English reader gets /en/ addresses.
"""

from collections.abc import Callable

from django.conf import settings

from core.templated_mail import send_templated_email
from forum.models import ForumProfile


def recipient_language(user) -> str:
    profile = getattr(user, "forum_profile", None) if _has_profile(user) else None
    language = getattr(profile, "language", "") or ""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def _has_profile(user) -> bool:
    try:
        user.forum_profile  # noqa: B018 (reads the cached relation or the row)
    except ForumProfile.DoesNotExist:
        return False
    return True


def send(*, user, template: str, context: dict | Callable[[], dict]) -> None:
    """Render `template` for `user` in their language and store it in the e-mail outbox, in
    the current transaction (nothing is sent for a write that is rolled back).

    `context` may be a function: it is called with the recipient's language active, so that
    `reverse()` and gettext inside it produce that language's addresses and words.
    """
    if not user.email:
        return

    def values() -> dict:
        return {**(context() if callable(context) else context), "recipient": user}

    send_templated_email(
        to=user.email,
        template=f"forum/emails/{template}",
        context=values,
        language=recipient_language(user),
    )
