"""What every group of forum services shares: the error a person can act on, locking topics
in one order, and the moderation log."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from forum import permissions
from forum.models import ModerationLogEntry, Topic

POST_MAX_LENGTH = getattr(settings, "FORUM_POST_MAX_LENGTH", 20_000)
UNSUBSCRIBE_SALT = "forum.unsubscribe"
VISIT_GAP = timezone.timedelta(minutes=30)


class ForumError(Exception):
    """A write refused for a reason the person can act on; the message is for them."""


def topics_lock(*pks: int) -> dict[int, Topic]:
    """Lock topics for the rest of the transaction, always in the order of their keys, so two
    writes that lock the same topics (opposite merges, a merge and a reply) wait for each
    other instead of deadlocking. Returns the fresh rows by key."""
    rows = Topic.objects.select_for_update().filter(pk__in=set(pks)).order_by("pk")
    return {topic.pk: topic for topic in rows}


def require_moderator(user) -> None:
    if not permissions.can_moderate(user):
        raise PermissionDenied


def clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ForumError(_("Uveďte prosím důvod; zapíše se do záznamu moderace."))
    return reason


def log(
    *, moderator, action, reason, topic=None, post=None, member=None, category=None, details=""
):
    return ModerationLogEntry.objects.create(
        moderator=moderator,
        action=action,
        topic=topic,
        post=post,
        member=member,
        category=category,
        reason=reason,
        details=details[:300],
    )
