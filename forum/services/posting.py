"""Writing: topics, replies, edits, deletion, attachments and accepted answers."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import markup, permissions
from forum.models import (
    Attachment,
    Category,
    ModerationLogEntry,
    Post,
    PostRevision,
    Reaction,
    Subscription,
    Topic,
    TopicReadState,
)
from forum.services.base import POST_MAX_LENGTH, ForumError, log, topics_lock
from forum.services.notifications import notifications_for_post
from forum.services.profiles import profile_for


def _clean_source(source: str) -> str:
    source = (source or "").replace("\r\n", "\n").strip()
    if not source:
        raise ForumError(_("Příspěvek je prázdný. Napište prosím text."))
    if len(source) > POST_MAX_LENGTH:
        raise ForumError(
            _("Příspěvek je delší než %(limit)s znaků (má %(length)s). Zkraťte ho prosím.")
            % {"limit": POST_MAX_LENGTH, "length": len(source)}
        )
    return source


def _attach(*, post: Post, uploads) -> None:
    for checked in uploads or ():
        attachment = Attachment(
            post=post,
            filename=checked.filename,
            content_type=checked.content_type,
            kind=checked.kind,
            size=checked.size,
        )
        attachment.file.save(checked.filename, checked.file, save=False)
        attachment.save()


def topic_refresh(topic: Topic) -> None:
    """Recount what lists show from the posts (after posts were added, hidden or moved)."""
    shown = topic.posts.filter(is_deleted=False, is_hidden=False)
    last = shown.order_by("-number").only("created_at", "author_id").first()
    topic.post_count = shown.count()
    topic.last_number = topic.posts.aggregate(m=Max("number"))["m"] or 0
    if last is not None:
        topic.last_post_at = last.created_at
        topic.last_post_author_id = last.author_id
    topic.save(update_fields=["post_count", "last_number", "last_post_at", "last_post_author"])


def _post_add(*, user: User, topic: Topic, source: str, uploads) -> Post:
    # The lock makes a reply and a merge of its topic wait for each other: a reply that
    # comes second to a merge is refused with the address of the target, never lost.
    topic = topics_lock(topic.pk)[topic.pk]
    if topic.merged_into_id:
        raise ForumError(permissions.merged_refusal(topic))
    rendered = markup.render(source)
    post = Post.objects.create(
        topic=topic,
        number=topic.last_number + 1,
        author=user,
        source=source,
        html=rendered.html,
    )
    _attach(post=post, uploads=uploads)
    topic.last_number = post.number
    topic.post_count += 1
    topic.last_post_at = post.created_at
    topic.last_post_author = user
    topic.save(update_fields=["last_number", "post_count", "last_post_at", "last_post_author"])
    post.topic = topic
    Subscription.objects.get_or_create(user=user, topic=topic)
    TopicReadState.objects.update_or_create(
        user=user, topic=topic, defaults={"last_read_number": post.number}
    )
    notifications_for_post(post=post, mentioned=rendered.mentioned_handles)
    return post


@transaction.atomic
def topic_create(
    *,
    user: User,
    category: Category,
    title: str,
    source: str,
    is_question: bool = False,
    uploads=(),
) -> Topic:
    if not permissions.can_read_category(user, category):
        raise PermissionDenied
    reason = permissions.why_cannot_create_topic(user, category)
    if reason:
        raise ForumError(reason)
    title = (title or "").strip()
    if not title:
        raise ForumError(_("Téma potřebuje název."))
    source = _clean_source(source)
    profile_for(user)
    topic = Topic.objects.create(
        category=category, title=title[:200], author=user, is_question=is_question
    )
    _post_add(user=user, topic=topic, source=source, uploads=uploads)
    topic.refresh_from_db()
    return topic


@transaction.atomic
def post_create(*, user: User, topic: Topic, source: str, uploads=()) -> Post:
    if not Topic.objects.visible_to(user).filter(pk=topic.pk).exists():
        raise PermissionDenied
    reason = permissions.why_cannot_reply(user, topic)
    if reason:
        raise ForumError(reason)
    source = _clean_source(source)
    profile_for(user)
    return _post_add(user=user, topic=topic, source=source, uploads=uploads)


@transaction.atomic
def post_edit(
    *,
    user: User,
    post: Post,
    source: str,
    reason: str = "",
    uploads=(),
    remove_attachments=(),
) -> Post:
    """Keep the old text as a revision; mention only people not notified of this post yet.
    `remove_attachments`: keys of this post's attachments to delete (with their files)."""
    if not permissions.can_edit_post(user, post):
        raise ForumError(_("Tento příspěvek už upravit nemůžete."))
    source = _clean_source(source)
    removed = post.attachments.filter(pk__in=[int(pk) for pk in remove_attachments or ()])
    if source == post.source and not uploads and not removed.exists():
        return post
    if source != post.source:
        PostRevision.objects.create(post=post, source=post.source, edited_by=user)
    rendered = markup.render(source)
    post.source = source
    post.html = rendered.html
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at"])
    removed.delete()  # the files go after the commit (forum.signals)
    _attach(post=post, uploads=uploads)
    if post.author_id != user.pk:
        log(
            moderator=user,
            action=ModerationLogEntry.Action.POST_EDIT,
            post=post,
            topic=post.topic,
            member=post.author,
            reason=reason or _("Úprava moderátorem."),
        )
    notifications_for_post(post=post, mentioned=rendered.mentioned_handles, only_mentions=True)
    return post


def _post_lock(post: Post) -> tuple[Topic, Post]:
    """Lock the post's topic, then the post (always in this order), and read both again."""
    topic = topics_lock(post.topic_id)[post.topic_id]
    post = Post.objects.select_for_update().get(pk=post.pk)
    post.topic = topic
    return topic, post


@transaction.atomic
def post_delete(*, user: User, post: Post) -> Post:
    """Authors delete their own posts: the text and the attachments (rows and files) go, the
    place in the thread stays."""
    topic, post = _post_lock(post)
    if not permissions.can_delete_post(user, post):
        raise ForumError(_("Tento příspěvek smazat nemůžete."))
    PostRevision.objects.create(post=post, source=post.source, edited_by=user)
    post.is_deleted = True
    post.source = ""
    post.html = ""
    post.save(update_fields=["is_deleted", "source", "html"])
    post.attachments.all().delete()  # the files go after the commit (forum.signals)
    if topic.accepted_answer_id == post.pk:
        topic.accepted_answer = None
        topic.save(update_fields=["accepted_answer"])
    if post.number == 1:
        topic.is_hidden = True
        topic.save(update_fields=["is_hidden"])
    topic_refresh(topic)
    return post


@transaction.atomic
def answer_accept(*, user: User, topic: Topic, post: Post | None) -> Topic:
    """Mark a reply as the answer to a question (None: take the mark back).

    The topic and the post are locked and read again: a post its author deletes at the same
    moment is either deleted first (and refused here) or accepted first (and the deletion
    then takes the mark away)."""
    asked_topic_pk = topic.pk
    if post is not None:
        topic, post = _post_lock(post)
    else:
        topic = topics_lock(topic.pk)[topic.pk]
    if not permissions.can_accept_answer(user, topic):
        raise ForumError(_("Odpověď může přijmout jen autor otázky nebo moderátor."))
    if post is not None and (
        post.topic_id != asked_topic_pk or post.number == 1 or post.is_deleted or post.is_hidden
    ):
        raise ForumError(_("Jako odpověď lze přijmout jen existující odpověď v tomto tématu."))
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    return topic


@transaction.atomic
def post_helpful_set(*, user: User, post: Post, helpful: bool) -> Post:
    """ "Pomohlo mi to": one mark per person and post, not on one's own post."""
    if not permissions.can_react(user, post):
        raise ForumError(_("Tento příspěvek označit nemůžete."))
    if helpful:
        Reaction.objects.get_or_create(post=post, user=user)
    else:
        Reaction.objects.filter(post=post, user=user).delete()
    Post.objects.filter(pk=post.pk).update(helpful_count=post.reactions.count())
    post.refresh_from_db(fields=["helpful_count"])
    return post
