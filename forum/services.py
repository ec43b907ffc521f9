"""Every write of the forum: keyword-only, atomic, with the rules checked again here
(views check them first to show a message; these checks are what holds)."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.tasks import email_send
from forum import markup, permissions
from forum.models import (
    Attachment,
    Category,
    CategoryReadState,
    Flag,
    ForumProfile,
    ModerationLogEntry,
    Notification,
    Post,
    PostingSuspension,
    PostRevision,
    Subscription,
    Topic,
    TopicReadState,
)

POST_MAX_LENGTH = getattr(settings, "FORUM_POST_MAX_LENGTH", 20_000)
UNSUBSCRIBE_SALT = "forum.unsubscribe"
VISIT_GAP = timezone.timedelta(minutes=30)


class ForumError(Exception):
    """A write refused for a reason the person can act on; the message is for them."""


# --- profiles and visits ----------------------------------------------------------------


def profile_for(user: User) -> ForumProfile:
    """The person's forum profile, created on first use with a handle from their name."""
    try:
        return user.forum_profile
    except ForumProfile.DoesNotExist:
        pass
    base = slugify(f"{user.first_name} {user.last_name}".strip())[:34] or "clen"
    handle, number = base, 1
    while ForumProfile.objects.filter(handle=handle).exists():
        number += 1
        handle = f"{base}-{number}"
    try:
        with transaction.atomic():
            profile = ForumProfile.objects.create(user=user, handle=handle)
    except IntegrityError:
        profile = ForumProfile.objects.get(user=user)
    user.forum_profile = profile
    return profile


def visit_record(*, user: User) -> ForumProfile:
    """Remember visits: "new since your last visit" compares with the previous one."""
    profile = profile_for(user)
    now = timezone.now()
    if profile.last_visit_at is None or profile.last_visit_at < now - VISIT_GAP:
        profile.previous_visit_at = profile.last_visit_at
    profile.last_visit_at = now
    profile.save(update_fields=["previous_visit_at", "last_visit_at"])
    return profile


@transaction.atomic
def profile_update(*, user: User, handle: str, email_mode: str) -> ForumProfile:
    profile = profile_for(user)
    profile.handle = handle.lower()
    profile.email_mode = email_mode
    profile.full_clean()
    profile.save()
    return profile


# --- writing ----------------------------------------------------------------------------


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
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
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
def post_edit(*, user: User, post: Post, source: str, reason: str = "", uploads=()) -> Post:
    """Keep the old text as a revision; mention only people not notified of this post yet."""
    if not permissions.can_edit_post(user, post):
        raise ForumError(_("Tento příspěvek už upravit nemůžete."))
    source = _clean_source(source)
    if source == post.source and not uploads:
        return post
    PostRevision.objects.create(post=post, source=post.source, edited_by=user)
    rendered = markup.render(source)
    post.source = source
    post.html = rendered.html
    post.edited_at = timezone.now()
    post.save(update_fields=["source", "html", "edited_at"])
    _attach(post=post, uploads=uploads)
    if post.author_id != user.pk:
        _log(
            moderator=user,
            action=ModerationLogEntry.Action.POST_EDIT,
            post=post,
            topic=post.topic,
            member=post.author,
            reason=reason or _("Úprava moderátorem."),
        )
    notifications_for_post(post=post, mentioned=rendered.mentioned_handles, only_mentions=True)
    return post


@transaction.atomic
def post_delete(*, user: User, post: Post) -> Post:
    """Authors delete their own posts: the text goes, the place in the thread stays."""
    if not permissions.can_delete_post(user, post):
        raise ForumError(_("Tento příspěvek smazat nemůžete."))
    PostRevision.objects.create(post=post, source=post.source, edited_by=user)
    post.is_deleted = True
    post.source = ""
    post.html = ""
    post.save(update_fields=["is_deleted", "source", "html"])
    post.attachments.all().delete()
    topic = post.topic
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
    """Mark a reply as the answer to a question (None: take the mark back)."""
    if not permissions.can_accept_answer(user, topic):
        raise ForumError(_("Odpověď může přijmout jen autor otázky nebo moderátor."))
    if post is not None and (post.topic_id != topic.pk or post.number == 1 or post.is_deleted):
        raise ForumError(_("Jako odpověď lze přijmout jen existující odpověď v tomto tématu."))
    topic.accepted_answer = post
    topic.save(update_fields=["accepted_answer"])
    return topic


# --- reading ----------------------------------------------------------------------------


def topic_mark_read(*, user: User, topic: Topic, number: int) -> None:
    """Move the person's read marker forward (never back)."""
    if not user.is_authenticated:
        return
    state = TopicReadState.objects.filter(user=user, topic=topic).first()
    if state is None:
        try:
            with transaction.atomic():
                TopicReadState.objects.create(user=user, topic=topic, last_read_number=number)
        except IntegrityError:
            pass  # Another request of the same person created it; the next page view moves it.
    elif state.last_read_number < number:
        TopicReadState.objects.filter(pk=state.pk, last_read_number__lt=number).update(
            last_read_number=number
        )


@transaction.atomic
def category_mark_read(*, user: User, category: Category) -> None:
    CategoryReadState.objects.update_or_create(
        user=user, category=category, defaults={"marked_read_at": timezone.now()}
    )


# --- subscriptions and notifications ----------------------------------------------------


def subscription_set(*, user: User, topic=None, category=None, subscribed: bool) -> None:
    lookup = {"user": user, "topic": topic, "category": category}
    if subscribed:
        Subscription.objects.get_or_create(**lookup)
    else:
        Subscription.objects.filter(**lookup).delete()


def unsubscribe_token(*, user: User, topic=None, category=None) -> str:
    """A signed value for one-click unsubscribing without signing in."""
    return signing.dumps(
        {"u": user.pk, "t": getattr(topic, "pk", None), "c": getattr(category, "pk", None)},
        salt=UNSUBSCRIBE_SALT,
        compress=True,
    )


def unsubscribe_read(token: str) -> dict:
    """The token's content, or signing.BadSignature."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def unsubscribe(*, token: str) -> str:
    """Apply a token: stop one topic, one category, or (neither given) all e-mails."""
    data = unsubscribe_read(token)
    user = User.objects.get(pk=data["u"])
    if data.get("t"):
        Subscription.objects.filter(user=user, topic_id=data["t"]).delete()
        return "topic"
    if data.get("c"):
        Subscription.objects.filter(user=user, category_id=data["c"]).delete()
        return "category"
    profile = profile_for(user)
    profile.email_mode = ForumProfile.EmailMode.OFF
    profile.save(update_fields=["email_mode"])
    return "all"


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notifications_for_post(*, post: Post, mentioned=(), only_mentions: bool = False) -> list:
    """Create each notice for a new (or edited) post once, and queue immediate e-mails.

    Mentions first, then topic subscribers, then category subscribers (new topics only);
    one notice per person and post (a database constraint), never to the author, and only
    to people who may read the topic now.
    """
    topic = post.topic
    reasons: dict[int, str] = {}
    if mentioned:
        for user_id in ForumProfile.objects.filter(handle__in=mentioned).values_list(
            "user_id", flat=True
        ):
            reasons.setdefault(user_id, Notification.Reason.MENTION)
    if not only_mentions:
        for user_id in topic.subscriptions.values_list("user_id", flat=True):
            reasons.setdefault(user_id, Notification.Reason.REPLY)
        if post.number == 1:
            for user_id in topic.category.subscriptions.values_list("user_id", flat=True):
                reasons.setdefault(user_id, Notification.Reason.NEW_TOPIC)
    reasons.pop(post.author_id, None)
    already = set(
        Notification.objects.filter(post=post, user_id__in=reasons).values_list(
            "user_id", flat=True
        )
    )
    created = []
    for user in User.objects.filter(pk__in=set(reasons) - already).select_related("forum_profile"):
        if not Topic.objects.visible_to(user).filter(pk=topic.pk).exists():
            continue
        created.append(Notification(user=user, post=post, reason=reasons[user.pk]))
    created = Notification.objects.bulk_create(created, ignore_conflicts=True)
    immediate = list(
        Notification.objects.filter(
            post=post,
            user_id__in=[n.user_id for n in created],
            emailed_at__isnull=True,
        )
        .filter(
            Q(user__forum_profile__isnull=True)
            | Q(user__forum_profile__email_mode=ForumProfile.EmailMode.IMMEDIATELY)
        )
        .select_related("user", "post__topic__category", "post__author")
    )
    if immediate:
        Notification.objects.filter(pk__in=[n.pk for n in immediate]).update(
            emailed_at=timezone.now()
        )
        messages = [_notification_email(n) for n in immediate]
        transaction.on_commit(lambda: [email_send.enqueue(**m) for m in messages])
    return created


def _notification_line(notification: Notification) -> str:
    post = notification.post
    return _("%(author)s %(reason)s v tématu „%(topic)s“: %(link)s") % {
        "author": post.author,
        "reason": notification.get_reason_display(),
        "topic": post.topic.title,
        "link": _absolute(post.get_absolute_url()),
    }


def _unsubscribe_links(notification: Notification) -> str:
    user = notification.user
    lines = []
    if notification.reason == Notification.Reason.REPLY:
        token = unsubscribe_token(user=user, topic=notification.post.topic)
        lines.append(
            _("Přestat sledovat toto téma: %(link)s")
            % {"link": _absolute(reverse("forum:unsubscribe", kwargs={"token": token}))}
        )
    elif notification.reason == Notification.Reason.NEW_TOPIC:
        token = unsubscribe_token(user=user, category=notification.post.topic.category)
        lines.append(
            _("Přestat sledovat tuto kategorii: %(link)s")
            % {"link": _absolute(reverse("forum:unsubscribe", kwargs={"token": token}))}
        )
    token = unsubscribe_token(user=user)
    lines.append(
        _("Nedostávat žádné e-maily z fóra: %(link)s")
        % {"link": _absolute(reverse("forum:unsubscribe", kwargs={"token": token}))}
    )
    return "\n".join(lines)


def _notification_email(notification: Notification) -> dict:
    post = notification.post
    excerpt = post.source if len(post.source) < 1500 else post.source[:1500] + " …"
    body = _("Dobrý den,\n\n%(line)s\n\n%(excerpt)s\n\n--\n%(unsubscribe)s\n") % {
        "line": _notification_line(notification),
        "excerpt": excerpt,
        "unsubscribe": _unsubscribe_links(notification),
    }
    return {
        "subject": _("[Fórum] %(topic)s") % {"topic": post.topic.title},
        "body": body,
        "recipients": [notification.user.email],
    }


def digests_send(*, now=None) -> int:
    """One e-mail per person who chose the daily digest, with every notice not yet e-mailed
    or read. Each notice is claimed (emailed_at set) in the same transaction, so a second
    run, or two at once, never sends it again. Returns the number of e-mails queued."""
    now = now or timezone.now()
    sent = 0
    user_ids = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            read_at__isnull=True,
            created_at__lte=now,
            user__forum_profile__email_mode=ForumProfile.EmailMode.DAILY,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in list(user_ids):
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(
                    user_id=user_id,
                    emailed_at__isnull=True,
                    read_at__isnull=True,
                    created_at__lte=now,
                )
                .select_related("user", "post__topic", "post__author")
                .order_by("created_at", "pk")
            )
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in pending], emailed_at__isnull=True
            ).update(emailed_at=now)
            if not pending or claimed != len(pending):
                continue
            user = pending[0].user
            lines = "\n".join(f"• {_notification_line(n)}" for n in pending)
            body = _(
                "Dobrý den,\n\nve fóru partnerských obcí se od včerejška stalo toto:\n\n"
                "%(lines)s\n\n--\n%(unsubscribe)s\n"
            ) % {
                "lines": lines,
                "unsubscribe": _("Nedostávat žádné e-maily z fóra: %(link)s")
                % {
                    "link": _absolute(
                        reverse("forum:unsubscribe", kwargs={"token": unsubscribe_token(user=user)})
                    )
                },
            }
            message = {
                "subject": _("[Fórum] Denní souhrn: %(count)s novinek") % {"count": len(pending)},
                "body": body,
                "recipients": [user.email],
            }
            transaction.on_commit(lambda message=message: email_send.enqueue(**message))
            sent += 1
    return sent


def notifications_mark_read(*, user: User, notification=None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        queryset = queryset.filter(pk=notification.pk)
    return queryset.update(read_at=timezone.now())


# --- moderation ---------------------------------------------------------------------------


def _require_moderator(user: User) -> None:
    if not permissions.can_moderate(user):
        raise PermissionDenied


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ForumError(_("Uveďte prosím důvod; zapíše se do záznamu moderace."))
    return reason


def _log(*, moderator, action, reason, topic=None, post=None, member=None, details=""):
    return ModerationLogEntry.objects.create(
        moderator=moderator,
        action=action,
        topic=topic,
        post=post,
        member=member,
        reason=reason,
        details=details[:300],
    )


@transaction.atomic
def post_flag(*, user: User, post: Post, reason: str, note: str = "") -> Flag:
    if not permissions.can_flag(user, post):
        raise ForumError(_("Tento příspěvek nahlásit nemůžete."))
    if Flag.objects.filter(post=post, user=user, resolved_at__isnull=True).exists():
        raise ForumError(_("Tento příspěvek jste už nahlásili. Moderátoři ho posoudí."))
    flag = Flag(post=post, user=user, reason=reason, note=note.strip())
    flag.full_clean()
    flag.save()
    Post.objects.filter(pk=post.pk).update(
        open_flag_count=post.flags.filter(resolved_at__isnull=True).count()
    )
    return flag


def _post_moderate(*, moderator: User, post: Post, reason: str, action: str) -> Post:
    """Hide or restore a post, or dismiss its flags; hiding resolves the flags too."""
    _require_moderator(moderator)
    reason = _reason(reason)
    fields = []
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
    _log(
        moderator=moderator,
        action=action,
        post=post,
        topic=post.topic,
        member=post.author,
        reason=reason,
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
    _require_moderator(moderator)
    reason = _reason(reason)
    field, value, log_action = TOPIC_FLAGS[action]
    setattr(topic, field, value)
    topic.save(update_fields=[field])
    _log(moderator=moderator, action=log_action, topic=topic, reason=reason)
    return topic


def topic_lock(*, moderator: User, topic: Topic, reason: str, locked: bool = True) -> Topic:
    return topic_set_flag(
        moderator=moderator, topic=topic, action="lock" if locked else "unlock", reason=reason
    )


def topic_pin(*, moderator: User, topic: Topic, reason: str, pinned: bool = True) -> Topic:
    return topic_set_flag(
        moderator=moderator, topic=topic, action="pin" if pinned else "unpin", reason=reason
    )


@transaction.atomic
def topic_move(*, moderator: User, topic: Topic, category: Category, reason: str) -> Topic:
    _require_moderator(moderator)
    reason = _reason(reason)
    if category.pk == topic.category_id:
        raise ForumError(_("Téma už v této kategorii je. Vyberte jinou."))
    old = topic.category
    topic.category = category
    topic.save(update_fields=["category"])
    _log(
        moderator=moderator,
        action=ModerationLogEntry.Action.TOPIC_MOVE,
        topic=topic,
        reason=reason,
        details=f"{old.name} → {category.name}",
    )
    return topic


@transaction.atomic
def topic_merge(*, moderator: User, source: Topic, target: Topic, reason: str) -> Topic:
    """Move every post of `source` into `target`, in time order; `source` then redirects."""
    _require_moderator(moderator)
    reason = _reason(reason)
    if source.pk == target.pk or target.merged_into_id:
        raise ForumError(_("Téma nelze sloučit samo se sebou ani s už sloučeným tématem."))
    source = Topic.objects.select_for_update().get(pk=source.pk)
    target = Topic.objects.select_for_update().get(pk=target.pk)
    posts = list(
        Post.objects.filter(topic__in=[source, target]).order_by("created_at", "topic_id", "number")
    )
    # Renumber in two passes so the unique (topic, number) never clashes midway.
    offset = max(p.number for p in posts) + len(posts) + 1
    for post in posts:
        post.number += offset
    Post.objects.bulk_update(posts, ["number"])
    for index, post in enumerate(posts, start=1):
        post.number = index
        post.topic = target
    Post.objects.bulk_update(posts, ["number", "topic"])
    for subscription in source.subscriptions.all():
        Subscription.objects.get_or_create(user_id=subscription.user_id, topic=target)
    TopicReadState.objects.filter(topic=target).update(last_read_number=0)
    source.merged_into = target
    source.post_count = 0
    source.last_number = 0
    source.accepted_answer = None
    source.save(update_fields=["merged_into", "post_count", "last_number", "accepted_answer"])
    topic_refresh(target)
    _log(
        moderator=moderator,
        action=ModerationLogEntry.Action.TOPIC_MERGE,
        topic=target,
        reason=reason,
        details=f"„{source.title}“ → „{target.title}“",
    )
    return target


@transaction.atomic
def member_suspend(*, moderator: User, member: User, until, reason: str) -> PostingSuspension:
    _require_moderator(moderator)
    reason = _reason(reason)
    if until <= timezone.now():
        raise ForumError(_("Datum konce pozastavení musí být v budoucnosti."))
    if member.pk == moderator.pk:
        raise ForumError(_("Sami sobě psaní pozastavit nemůžete."))
    suspension = PostingSuspension.objects.create(
        user=member, until=until, reason=reason, created_by=moderator
    )
    _log(
        moderator=moderator,
        action=ModerationLogEntry.Action.MEMBER_SUSPEND,
        member=member,
        reason=reason,
        details=timezone.localtime(until).strftime("%d. %m. %Y %H:%M"),
    )
    return suspension


@transaction.atomic
def member_unsuspend(*, moderator: User, member: User, reason: str) -> int:
    _require_moderator(moderator)
    reason = _reason(reason)
    now = timezone.now()
    ended = PostingSuspension.objects.filter(user=member, until__gt=now).update(until=now)
    _log(
        moderator=moderator,
        action=ModerationLogEntry.Action.MEMBER_UNSUSPEND,
        member=member,
        reason=reason,
    )
    return ended


def validate_handle(handle: str, *, user: User) -> None:
    if ForumProfile.objects.filter(handle=handle.lower()).exclude(user=user).exists():
        raise ValidationError(_("Tuto přezdívku už někdo používá. Zvolte jinou."))
