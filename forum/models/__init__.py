"""The partnership forum: categories, topics, posts and what people do with them.

Who may read what is decided here, once, by `Category.objects.visible_to(user)` and
`Topic.objects.visible_to(user)`; who may write is decided by `forum.permissions`.
Writes with side effects go through `forum.services`.

One module per responsibility; every model is importable from `forum.models`:
`categories` (with the reading rule and closed groups' invitations), `topics` (topics, posts,
revisions, reactions), `attachments`, `moderation` (flags, log, suspensions),
`notifications` (subscriptions, notices), `reading` (read markers), `profiles`.
"""

from forum.models.attachments import Attachment, _attachment_path, forum_attachment_storage
from forum.models.categories import (
    RESERVED_SLUGS,
    Category,
    CategoryQuerySet,
    GroupInvitation,
    user_is_moderator,
)
from forum.models.moderation import Flag, ModerationLogEntry, PostingSuspension
from forum.models.notifications import (
    Notification,
    NotificationQuerySet,
    Subscription,
    SubscriptionQuerySet,
)
from forum.models.profiles import ForumProfile
from forum.models.reading import CategoryReadState, TopicReadState
from forum.models.topics import Post, PostQuerySet, PostRevision, Reaction, Topic, TopicQuerySet

__all__ = [
    "RESERVED_SLUGS",
    "Attachment",
    "Category",
    "CategoryQuerySet",
    "CategoryReadState",
    "Flag",
    "ForumProfile",
    "GroupInvitation",
    "ModerationLogEntry",
    "Notification",
    "NotificationQuerySet",
    "Post",
    "PostQuerySet",
    "PostRevision",
    "PostingSuspension",
    "Reaction",
    "Subscription",
    "SubscriptionQuerySet",
    "Topic",
    "TopicQuerySet",
    "TopicReadState",
    "_attachment_path",
    "forum_attachment_storage",
    "user_is_moderator",
]
