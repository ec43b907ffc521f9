"""What the forum holds about a person. Posts and topics stay, signed "smazaný uživatel"
(as Discourse and Misago anonymise); everything private goes."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forum.models import (
    Attachment,
    Category,
    CategoryReadState,
    Flag,
    ForumProfile,
    GroupInvitation,
    ModerationLogEntry,
    Notification,
    Post,
    PostingSuspension,
    PostRevision,
    Reaction,
    Subscription,
    Topic,
    TopicReadState,
)
from privacy.registry import (
    NotPersonal,
    OnErase,
    PersonalData,
    RetentionRule,
    register,
    register_not_personal,
    register_retention,
)


def _only_member_of_a_closed_group(user):
    lonely = [
        category.name
        for category in Category.objects.filter(members=user).prefetch_related("members")
        if category.members.count() == 1
    ]
    if lonely:
        return _(
            "Jste jediným členem uzavřené skupiny %(groups)s. Požádejte moderátora, aby "
            "skupinu předal nebo zrušil, pak můžete účet smazat."
        ) % {"groups": ", ".join(lonely)}
    return None


def _anonymous_handle(user, options):
    ForumProfile.objects.filter(user=user).update(
        handle=f"smazany-{user.pk}", last_visit_at=None, previous_visit_at=None
    )


register(
    PersonalData(
        key="forum.profile",
        model=ForumProfile,
        user_field="user",
        fields=("handle", "email_mode", "last_visit_at"),
        on_erase=OnErase.KEEP,
        after_erase=_anonymous_handle,
    ),
    PersonalData(
        key="forum.topics",
        model=Topic,
        user_field="author",
        fields=("category.name", "title", "created_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="forum.topics_last_replied",
        model=Topic,
        user_field="last_post_author",
        fields=("title", "last_post_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="forum.posts",
        model=Post,
        user_field="author",
        fields=("topic.title", "source", "created_at", "edited_at", "is_deleted", "is_hidden"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="forum.attachments",
        model=Attachment,
        user_field="post__author",
        fields=("post.topic.title", "filename", "content_type"),
        files="file",
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="forum.post_edits",
        model=PostRevision,
        user_field="edited_by",
        fields=("post.topic.title", "source", "created_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="forum.flags",
        model=Flag,
        user_field="user",
        fields=("post.topic.title", "reason", "note", "created_at", "resolved_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="forum.flags_resolved",
        model=Flag,
        user_field="resolved_by",
        fields=("post.topic.title", "reason", "resolved_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="forum.moderation",
        model=ModerationLogEntry,
        user_field="moderator",
        rows=lambda user: ModerationLogEntry.objects.filter(Q(moderator=user) | Q(member=user)),
        fields=("action", "reason", "details", "created_at"),
        on_erase=OnErase.KEEP,
    ),
    PersonalData(
        key="forum.subscriptions",
        model=Subscription,
        user_field="user",
        fields=("topic.title", "category.name", "created_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="forum.notifications",
        model=Notification,
        user_field="user",
        fields=("post.topic.title", "reason", "created_at", "read_at", "emailed_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="forum.read_topics",
        model=TopicReadState,
        user_field="user",
        fields=("topic.title",),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="forum.read_categories",
        model=CategoryReadState,
        user_field="user",
        fields=("category.name", "marked_read_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="forum.suspensions",
        model=PostingSuspension,
        user_field="user",
        fields=("until", "reason", "created_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="forum.closed_groups",
        model=Category,
        user_field="members",
        fields=("name",),
        on_erase=OnErase.REMOVE,
        refuse_erasure=_only_member_of_a_closed_group,
    ),
)

register(
    PersonalData(
        key="forum.reactions",
        model=Reaction,
        user_field="user",
        fields=("post.topic.title", "created_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="forum.group_invitations_received",
        model=GroupInvitation,
        user_field="invited_by",
        # Invitations to closed groups sent to the person's address before they had an account.
        rows=lambda user: GroupInvitation.objects.filter(email__iexact=user.email),
        fields=("category.name", "created_at", "accepted_at"),
        on_erase=OnErase.DELETE,
    ),
)

register_not_personal(
    NotPersonal("forum.GroupInvitation", "invited_by", "the moderator who invited someone"),
    NotPersonal("forum.ModerationLogEntry", "member", "covered by forum.moderation"),
    NotPersonal("forum.PostingSuspension", "created_by", "the moderator who suspended"),
)
register_retention(RetentionRule("forum_notifications", Notification, "created_at"))
