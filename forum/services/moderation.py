"""Moderation: flags, hiding and restoring posts, locking, pinning, hiding, moving and merging
topics, suspending members. Every action is logged with its reason; the people it concerns
are told (in the site, and by e-mail as they chose)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from forum import permissions, queries
from forum.models import (
    Category,
    Flag,
    ModerationLogEntry,
    Notification,
    Post,
    PostingSuspension,
    Subscription,
    Topic,
    TopicReadState,
)
from forum.services.base import ForumError, clean_reason, log, require_moderator, topics_lock
from forum.services.notifications import moderators, notify, subscriptions_prune
from forum.services.posting import topic_refresh


class AudienceConfirmationRequired(ForumError):
    """A move or merge changes who may read the topic: the moderator has to confirm it
    knowing who gains and who loses access (`change`)."""

    def __init__(self, change):
        self.change = change
        super().__init__(
            _(
                "Téma pak bude číst jiný okruh lidí. Podívejte se, kdo přístup získá a kdo ho "
                "ztratí, a změnu potvrďte."
            )
        )


@transaction.atomic
def post_flag(*, user: User, post: Post, reason: str, note: str = "") -> Flag:
    """A member flags a post; the first open flag of a post tells the moderators."""
    if not permissions.can_flag(user, post):
        raise ForumError(_("Tento příspěvek nahlásit nemůžete."))
    post = Post.objects.select_for_update().select_related("topic").get(pk=post.pk)
    if Flag.objects.filter(post=post, user=user, resolved_at__isnull=True).exists():
        raise ForumError(_("Tento příspěvek jste už nahlásili. Moderátoři ho posoudí."))
    flag = Flag(post=post, user=user, reason=reason, note=note.strip())
    flag.full_clean()
    flag.save()
    was_flagged = post.open_flag_count > 0
    post.open_flag_count = post.flags.filter(resolved_at__isnull=True).count()
    post.save(update_fields=["open_flag_count"])
    if not was_flagged:
        notify(users=moderators().exclude(pk=user.pk), reason=Notification.Reason.FLAG, post=post)
    return flag


def _post_moderate(*, moderator: User, post: Post, reason: str, action: str) -> Post:
    """Hide or restore a post, or dismiss its flags; hiding resolves the flags too. The
    author is told, with the reason, when their post is hidden or restored."""
    require_moderator(moderator)
    reason = clean_reason(reason)
    fields = []
    was_hidden = post.is_hidden
    if action in (ModerationLogEntry.Action.POST_HIDE, ModerationLogEntry.Action.FLAGS_DISMISS):
        post.flags.filter(resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=moderator
        )
        post.open_flag_count = 0
        fields.append("open_flag_count")
    if action != ModerationLogEntry.Action.FLAGS_DISMISS:
        post.is_hidden = action == ModerationLogEntry.Action.POST_HIDE
        fields.append("is_hidden")
    post.save(update_fields=fields)
    if "is_hidden" in fields:
        topic_refresh(post.topic)
    log(
        moderator=moderator,
        action=action,
        post=post,
        topic=post.topic,
        member=post.author,
        reason=reason,
    )
    if "is_hidden" in fields and post.is_hidden != was_hidden and post.author_id != moderator.pk:
        notify(
            users=[post.author],
            reason=(
                Notification.Reason.POST_HIDDEN
                if post.is_hidden
                else Notification.Reason.POST_RESTORED
            ),
            post=post,
            message=reason,
        )
    return post


@transaction.atomic
def post_hide(*, moderator: User, post: Post, reason: str) -> Post:
    return _post_moderate(
        moderator=moderator, post=post, reason=reason, action=ModerationLogEntry.Action.POST_HIDE
    )


@transaction.atomic
def post_restore(*, moderator: User, post: Post, reason: str) -> Post:
    return _post_moderate(
        moderator=moderator,
        post=post,
        reason=reason,
        action=ModerationLogEntry.Action.POST_RESTORE,
    )


@transaction.atomic
def flags_dismiss(*, moderator: User, post: Post, reason: str) -> Post:
    return _post_moderate(
        moderator=moderator,
        post=post,
        reason=reason,
        action=ModerationLogEntry.Action.FLAGS_DISMISS,
    )


TOPIC_FLAGS = {
    "lock": ("is_locked", True, ModerationLogEntry.Action.TOPIC_LOCK),
    "unlock": ("is_locked", False, ModerationLogEntry.Action.TOPIC_UNLOCK),
    "pin": ("is_pinned", True, ModerationLogEntry.Action.TOPIC_PIN),
    "unpin": ("is_pinned", False, ModerationLogEntry.Action.TOPIC_UNPIN),
    "hide": ("is_hidden", True, ModerationLogEntry.Action.TOPIC_HIDE),
    "restore": ("is_hidden", False, ModerationLogEntry.Action.TOPIC_RESTORE),
}


@transaction.atomic
def topic_set_flag(*, moderator: User, topic: Topic, action: str, reason: str) -> Topic:
    """Lock/unlock, pin/unpin, hide/restore a topic."""
    require_moderator(moderator)
    reason = clean_reason(reason)
    field, value, log_action = TOPIC_FLAGS[action]
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    log(moderator=moderator, action=log_action, topic=topic, reason=reason)
    return topic


def topic_lock(*, moderator: User, topic: Topic, reason: str, locked: bool = True) -> Topic:
    return topic_set_flag(
        moderator=moderator, topic=topic, action="lock" if locked else "unlock", reason=reason
    )


def topic_pin(*, moderator: User, topic: Topic, reason: str, pinned: bool = True) -> Topic:
    return topic_set_flag(
        moderator=moderator, topic=topic, action="pin" if pinned else "unpin", reason=reason
    )


def _tell_authors(*, moderator: User, topic: Topic, kind: str, reason_text: str):
    """Tell the authors of a topic's posts (who may still read it) what happened to it."""
    first = topic.posts.order_by("number").first()
    if first is None:
        return
    authors = User.objects.filter(
        pk__in=topic.posts.filter(is_deleted=False).values("author_id")
    ).exclude(pk=moderator.pk)
    notify(users=authors, reason=kind, post=first, message=reason_text)


def _require_audience(*, topic: Topic, category: Category, confirmed: bool):
    change = queries.audience_change(topic=topic, category=category)
    if change.changed and not confirmed:
        raise AudienceConfirmationRequired(change)
    return change


@transaction.atomic
def topic_move(
    *,
    moderator: User,
    topic: Topic,
    category: Category,
    reason: str,
    confirmed_audience: bool = False,
) -> Topic:
    """Move a topic to another category. When its readers change, only with
    `confirmed_audience` (the moderator saw `queries.audience_change`); then everything
    that follows from the category follows: subscriptions of people who may no longer read
    it go, attachments are served by the new category's rule (they are checked on every
    download), the search document is re-indexed (the topic's save), and the authors are
    told."""
    require_moderator(moderator)
    reason = clean_reason(reason)
    given = topic
    topic = topics_lock(topic.pk).get(topic.pk)
    if topic is None:
        raise ForumError(_("Téma už neexistuje."))
    if topic.merged_into_id:
        raise ForumError(_("Téma už bylo sloučeno do jiného tématu; přesuňte prosím to."))
    if category.pk == topic.category_id:
        raise ForumError(_("Téma už v této kategorii je. Vyberte jinou."))
    _require_audience(topic=topic, category=category, confirmed=confirmed_audience)
    old = topic.category
    topic.category = given.category = category
    topic.save(update_fields=["category"])
    subscriptions_prune(topic=topic)
    log(
        moderator=moderator,
        action=ModerationLogEntry.Action.TOPIC_MOVE,
        topic=topic,
        reason=reason,
        details=f"{old.name} → {category.name}",
    )
    _tell_authors(
        moderator=moderator,
        topic=topic,
        kind=Notification.Reason.TOPIC_MOVED,
        reason_text=_("Nová kategorie: %(category)s. Důvod: %(reason)s")
        % {"category": category.name, "reason": reason},
    )
    return topic


@transaction.atomic
def topic_merge(
    *,
    moderator: User,
    source: Topic,
    target: Topic,
    reason: str,
    confirmed_audience: bool = False,
) -> Topic:
    """Move every post of `source` into `target`, in time order; `source` then redirects.

    Both topics are locked in the order of their keys and read again, so two merges at once
    (A→B with B→A, or A→B with A→C) run one after the other and the second is refused:
    a merged topic is never a source again nor a target, which also rules out cycles.
    Subscriptions move only to people who may read the target; the accepted answer moves
    with its post when the target has none."""
    require_moderator(moderator)
    reason = clean_reason(reason)
    if source.pk == target.pk:
        raise ForumError(_("Téma nelze sloučit samo se sebou. Zadejte číslo jiného tématu."))
    locked = topics_lock(source.pk, target.pk)
    if len(locked) != 2:
        raise ForumError(_("Téma s tímto číslem neexistuje."))
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id:
        raise ForumError(
            _("Téma už bylo sloučeno do tématu č. %(number)s.") % {"number": source.merged_into_id}
        )
    if target.merged_into_id:
        raise ForumError(
            _("Cílové téma už bylo sloučeno do tématu č. %(number)s. Slučte prosím do něj.")
            % {"number": target.merged_into_id}
        )
    if target.is_hidden:
        raise ForumError(_("Cílové téma je skryté. Nejdřív ho obnovte, nebo vyberte jiné."))
    _require_audience(topic=source, category=target.category, confirmed=confirmed_audience)
    posts = list(
        Post.objects.filter(topic__in=[source, target]).order_by("created_at", "topic_id", "number")
    )
    moved = [post for post in posts if post.topic_id == source.pk]
    # Renumber in two passes so the unique (topic, number) never clashes midway.
    offset = max(p.number for p in posts) + len(posts) + 1
    for post in posts:
        post.number += offset
    Post.objects.bulk_update(posts, ["number"])
    for index, post in enumerate(posts, start=1):
        post.number = index
        post.topic = target
    Post.objects.bulk_update(posts, ["number", "topic"])
    # Subscriptions: only people who may read the target follow it.
    followers = User.objects.filter(pk__in=source.subscriptions.values("user_id")).exclude(
        pk__in=target.subscriptions.values("user_id")
    )
    Subscription.objects.bulk_create(
        [
            Subscription(user=user, topic=target)
            for user in followers
            if Topic.objects.visible_to(user).filter(pk=target.pk).exists()
        ],
        ignore_conflicts=True,
    )
    Subscription.objects.filter(topic=source).delete()
    TopicReadState.objects.filter(topic=target).update(last_read_number=0)
    # Earlier topics merged into the source now point straight to the target.
    Topic.objects.filter(merged_into=source).update(merged_into=target)
    answer_id = source.accepted_answer_id
    source.merged_into = target
    source.post_count = 0
    source.last_number = 0
    source.accepted_answer = None
    source.save(update_fields=["merged_into", "post_count", "last_number", "accepted_answer"])
    # The answer's one-to-one link is free only now that the source let go of it.
    fields = []
    if answer_id and not target.accepted_answer_id:
        answer = next(p for p in posts if p.pk == answer_id)
        if answer.number > 1:
            target.accepted_answer_id = answer.pk
            target.is_question = True
            fields += ["accepted_answer", "is_question"]
    if fields:
        target.save(update_fields=fields)
    topic_refresh(target)
    log(
        moderator=moderator,
        action=ModerationLogEntry.Action.TOPIC_MERGE,
        topic=target,
        reason=reason,
        details=f"„{source.title}“ → „{target.title}“",
    )
    if moved:
        notify(
            users=User.objects.filter(
                pk__in={post.author_id for post in moved if not post.is_deleted}
            ).exclude(pk=moderator.pk),
            reason=Notification.Reason.TOPIC_MERGED,
            post=min(moved, key=lambda post: post.number),
            message=_("Nové téma: %(title)s. Důvod: %(reason)s")
            % {"title": target.title, "reason": reason},
        )
    return target


@transaction.atomic
def member_suspend(*, moderator: User, member: User, until, reason: str) -> PostingSuspension:
    """Stop someone writing until a date; they are told why (in the site and by e-mail)."""
    require_moderator(moderator)
    reason = clean_reason(reason)
    if until <= timezone.now():
        raise ForumError(_("Datum konce pozastavení musí být v budoucnosti."))
    if member.pk == moderator.pk:
        raise ForumError(_("Sami sobě psaní pozastavit nemůžete."))
    suspension = PostingSuspension.objects.create(
        user=member, until=until, reason=reason, created_by=moderator
    )
    until_text = timezone.localtime(until).strftime("%d. %m. %Y %H:%M")
    log(
        moderator=moderator,
        action=ModerationLogEntry.Action.MEMBER_SUSPEND,
        member=member,
        reason=reason,
        details=until_text,
    )
    notify(
        users=[member],
        reason=Notification.Reason.SUSPENDED,
        message=_("Do %(until)s. Důvod: %(reason)s") % {"until": until_text, "reason": reason},
    )
    return suspension


@transaction.atomic
def member_unsuspend(*, moderator: User, member: User, reason: str) -> int:
    require_moderator(moderator)
    reason = clean_reason(reason)
    now = timezone.now()
    ended = PostingSuspension.objects.filter(user=member, until__gt=now).update(until=now)
    log(
        moderator=moderator,
        action=ModerationLogEntry.Action.MEMBER_UNSUSPEND,
        member=member,
        reason=reason,
    )
    return ended
