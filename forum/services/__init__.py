"""Every write of the forum: keyword-only, atomic, with the rules checked again here
(views check them first to show a message; these checks are what holds).

One module per responsibility; the public names are importable from `forum.services`:
- `profiles`: handles, e-mail preferences, visits;
- `posting`: topics, replies, edits, deletion, attachments, accepted answers, reactions;
- `reading`: read markers, "mark as read";
- `notifications`: subscriptions, notices, e-mails (through `forum.emails`), digests;
- `moderation`: flags, hiding, topics (lock, pin, hide, move, merge), suspensions;
- `groups`: members of closed groups.
"""

from django.core.exceptions import PermissionDenied

from forum.services.base import POST_MAX_LENGTH, UNSUBSCRIBE_SALT, VISIT_GAP, ForumError
from forum.services.groups import (
    GroupMemberResult,
    group_invitations_apply,
    group_member_add,
    group_member_remove,
)
from forum.services.moderation import (
    TOPIC_FLAGS,
    AudienceConfirmationRequired,
    flags_dismiss,
    member_suspend,
    member_unsuspend,
    post_flag,
    post_hide,
    post_restore,
    topic_lock,
    topic_merge,
    topic_move,
    topic_pin,
    topic_set_flag,
)
from forum.services.notifications import (
    digests_send,
    moderators,
    notifications_for_post,
    notifications_mark_read,
    notify,
    subscription_set,
    subscriptions_prune,
    unsubscribe,
    unsubscribe_read,
    unsubscribe_token,
)
from forum.services.posting import (
    answer_accept,
    post_create,
    post_delete,
    post_edit,
    post_helpful_set,
    topic_create,
    topic_refresh,
)
from forum.services.profiles import profile_for, profile_update, validate_handle, visit_record
from forum.services.reading import all_mark_read, category_mark_read, topic_mark_read

__all__ = [
    "POST_MAX_LENGTH",
    "TOPIC_FLAGS",
    "UNSUBSCRIBE_SALT",
    "VISIT_GAP",
    "AudienceConfirmationRequired",
    "ForumError",
    "GroupMemberResult",
    "PermissionDenied",
    "all_mark_read",
    "answer_accept",
    "category_mark_read",
    "digests_send",
    "flags_dismiss",
    "group_invitations_apply",
    "group_member_add",
    "group_member_remove",
    "member_suspend",
    "member_unsuspend",
    "moderators",
    "notifications_for_post",
    "notifications_mark_read",
    "notify",
    "post_create",
    "post_delete",
    "post_edit",
    "post_flag",
    "post_helpful_set",
    "post_hide",
    "post_restore",
    "profile_for",
    "profile_update",
    "subscription_set",
    "subscriptions_prune",
    "topic_create",
    "topic_lock",
    "topic_mark_read",
    "topic_merge",
    "topic_move",
    "topic_pin",
    "topic_refresh",
    "topic_set_flag",
    "unsubscribe",
    "unsubscribe_read",
    "unsubscribe_token",
    "validate_handle",
    "visit_record",
]
