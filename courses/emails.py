"""Every e-mail of the courses app goes out through `send`, in the recipient's language.

Subject and body are templates (``templates/courses/email/<name>_subject.txt`` and
``<name>.txt``) rendered under `translation.override` with the recipient's language, so an
adviser browsing in English who grants a Czech learner an attempt sends that learner Czech.
Links are built inside the same override, so they carry the recipient's language prefix.

The message is stored in the durable e-mail outbox (`core.mail`) in the transaction of the
change, and delivered or retried in the background; a write that is rolled back sends nothing.
"""

from django.conf import settings

from core.absolute_urls import site_url
from core.templated_mail import send_templated_email
from courses.models import ReminderPreference

# Attributes a user model may carry with the person's language; read defensively, since the
# accounts app does not have one today (the courses' own preference is the fallback).
_USER_LANGUAGE_ATTRIBUTES = ("language", "preferred_language")


def _valid(language) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if isinstance(language, str) and language in codes else ""


def languages_of(users) -> dict[int, str]:
    """The e-mail language of each user (by id), in one query whatever their number."""
    users = list(users)
    chosen = dict(
        ReminderPreference.objects.filter(user__in=[user.pk for user in users])
        .exclude(language="")
        .values_list("user_id", "language")
    )
    result = {}
    for user in users:
        own = next(
            (
                _valid(getattr(user, attribute, ""))
                for attribute in _USER_LANGUAGE_ATTRIBUTES
                if _valid(getattr(user, attribute, ""))
            ),
            "",
        )
        result[user.pk] = own or _valid(chosen.get(user.pk)) or settings.LANGUAGE_CODE
    return result


def recipient_language(user) -> str:
    return languages_of([user])[user.pk]


def send(*, user, template: str, context: dict, language: str = "") -> None:
    """Render `template` for `user` in their language and store it in the e-mail outbox.

    `language`: the recipient's language when the caller already knows it (`languages_of`
    for many recipients); otherwise it is looked up."""
    language = _valid(language) or recipient_language(user)
    send_templated_email(
        to=user.email,
        template=f"courses/email/{template}",
        context={**context, "recipient": user, "site_url": site_url()},
        language=language,
    )
