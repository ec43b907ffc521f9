"""Forum profiles: handles for @mentions, e-mail preferences and visits."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from forum.models import ForumProfile
from forum.services.base import VISIT_GAP

HANDLE_ATTEMPTS = 20


def _free_handle(base: str) -> str:
    taken = set(
        ForumProfile.objects.filter(handle__startswith=base).values_list("handle", flat=True)
    )
    handle, number = base, 1
    while handle in taken:
        number += 1
        handle = f"{base}-{number}"
    return handle


def profile_for(user: User) -> ForumProfile:
    """The person's forum profile, created on first use with a handle from their name.

    Two people with the same name writing for the first time at the same moment both pick
    the same free handle; the unique constraint refuses the second, which then takes the next
    free one (a savepoint per attempt, so the surrounding write goes on)."""
    try:
        return user.forum_profile
    except ForumProfile.DoesNotExist:
        pass
    base = slugify(f"{user.first_name} {user.last_name}".strip())[:34] or "clen"
    for _attempt in range(HANDLE_ATTEMPTS):
        handle = _free_handle(base)
        try:
            with transaction.atomic():
                profile = ForumProfile.objects.create(user=user, handle=handle)
        except IntegrityError:
            existing = ForumProfile.objects.filter(user=user).first()
            if existing is not None:  # the same person's other request created it
                profile = existing
                break
            continue  # someone else took the handle a moment ago: pick the next one
        break
    else:
        raise IntegrityError(f"no free forum handle for {base!r}")
    user.forum_profile = profile
    return profile


def visit_record(*, user: User, language: str = "") -> ForumProfile:
    """Remember visits: "new since your last visit" compares with the previous one, and
    e-mails are written in the language of the last visit."""
    profile = profile_for(user)
    now = timezone.now()
    if profile.last_visit_at is None or profile.last_visit_at < now - VISIT_GAP:
        profile.previous_visit_at = profile.last_visit_at
    profile.last_visit_at = now
    fields = ["previous_visit_at", "last_visit_at"]
    if language and language != profile.language:
        profile.language = language
        fields.append("language")
    profile.save(update_fields=fields)
    return profile


@transaction.atomic
def profile_update(*, user: User, handle: str, email_mode: str) -> ForumProfile:
    profile = profile_for(user)
    profile.handle = handle.lower()
    profile.email_mode = email_mode
    profile.full_clean()
    profile.save()
    return profile


def validate_handle(handle: str, *, user: User) -> None:
    if ForumProfile.objects.filter(handle=handle.lower()).exclude(user=user).exists():
        raise ValidationError(_("Tuto přezdívku už někdo používá. Zvolte jinou."))
