"""Subscriptions and notifications: who hears about what, once, and only about what they may
read (`Topic.objects.visible_to`, `Notification.objects.visible_to`)."""

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core.absolute_urls import absolute_url
from forum import emails
from forum.models import ForumProfile, Notification, Post, Subscription, Topic
from forum.services.base import UNSUBSCRIBE_SALT
from forum.services.profiles import profile_for


def subscription_set(*, user: User, topic=None, category=None, subscribed: bool) -> None:
    lookup = {"user": user, "topic": topic, "category": category}
    if subscribed:
        Subscription.objects.get_or_create(**lookup)
    else:
        Subscription.objects.filter(**lookup).delete()


def subscriptions_prune(*, topic: Topic) -> int:
    """Drop the topic's subscriptions of people who may no longer read it (after a move or a
    merge): nobody keeps following, or hearing about, a topic out of their reach."""
    lost = [
        subscription.pk
        for subscription in topic.subscriptions.select_related("user")
        if not Topic.objects.visible_to(subscription.user).filter(pk=topic.pk).exists()
    ]
    Subscription.objects.filter(pk__in=lost).delete()
    return len(lost)


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


def _unsubscribe_url(**token_kwargs) -> str:
    token = unsubscribe_token(**token_kwargs)
    return absolute_url(reverse("forum:unsubscribe", kwargs={"token": token}))


def _notification_link(notification: Notification) -> str:
    if notification.post is None:
        return absolute_url(reverse("forum:index"))
    if notification.reason == Notification.Reason.FLAG:
        return absolute_url(reverse("forum:moderate_post", kwargs={"pk": notification.post_id}))
    return absolute_url(notification.post.get_absolute_url())


def _email_context(notification: Notification):
    def build():
        user = notification.user
        links = []
        post = notification.post
        if notification.reason == Notification.Reason.REPLY:
            links.append(
                (_("Přestat sledovat toto téma"), _unsubscribe_url(user=user, topic=post.topic))
            )
        elif notification.reason == Notification.Reason.NEW_TOPIC:
            links.append(
                (
                    _("Přestat sledovat tuto kategorii"),
                    _unsubscribe_url(user=user, category=post.topic.category),
                )
            )
        links.append((_("Nedostávat žádné e-maily z fóra"), _unsubscribe_url(user=user)))
        excerpt = ""
        if post is not None and not notification.is_moderation:
            excerpt = post.source if len(post.source) < 1500 else post.source[:1500] + " …"
        return {
            "notification": notification,
            "topic_title": post.topic.title if post is not None else "",
            "link": _notification_link(notification),
            "excerpt": excerpt,
            "unsubscribe_links": links,
        }

    return build


def _email_immediately(notifications) -> None:
    """E-mail the notices of people who chose "at once" now; the daily digest takes the
    others. Claimed (emailed_at) in this transaction, so nothing goes twice."""
    immediate = list(
        Notification.objects.filter(
            pk__in=[n.pk for n in notifications if n.pk], emailed_at__isnull=True
        )
        .filter(
            Q(user__forum_profile__isnull=True)
            | Q(user__forum_profile__email_mode=ForumProfile.EmailMode.IMMEDIATELY)
        )
        .select_related("user__forum_profile", "post__topic__category", "post__author")
    )
    if not immediate:
        return
    Notification.objects.filter(pk__in=[n.pk for n in immediate]).update(emailed_at=timezone.now())
    for notification in immediate:
        emails.send(
            user=notification.user,
            template="notification",
            context=_email_context(notification),
        )


def _may_read(user: User, topic: Topic) -> bool:
    return Topic.objects.visible_to(user).filter(pk=topic.pk).exists()


def notifications_for_post(*, post: Post, mentioned=(), only_mentions: bool = False) -> list:
    """Create each notice for a new (or edited) post once, and e-mail the immediate ones.

    Mentions first, then topic subscribers, then category subscribers (new topics only);
    one notice per person and post (a database constraint), never to the author, and only
    to people who may read the topic now. `mentioned` are the handles the author wrote
    themselves: mentions inside a quote do not notify again (see forum.markup.render).
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
        Notification.objects.filter(
            post=post, user_id__in=reasons, reason__in=Notification.CONTENT_REASONS
        ).values_list("user_id", flat=True)
    )
    created = [
        Notification(user=user, post=post, reason=reasons[user.pk])
        for user in User.objects.filter(pk__in=set(reasons) - already)
        if _may_read(user, topic)
    ]
    created = Notification.objects.bulk_create(created, ignore_conflicts=True)
    # bulk_create with ignore_conflicts sets no keys on every database: read them back.
    saved = Notification.objects.filter(
        post=post,
        user_id__in=[n.user_id for n in created],
        reason__in=Notification.CONTENT_REASONS,
    )
    _email_immediately(list(saved))
    return created


def notify(*, users, reason: str, post: Post | None = None, message: str = "") -> list:
    """Notices of moderation (a flag to moderators, a hidden or restored post, a moved or
    merged topic, a suspension) to each of `users` who may read the post's topic."""
    notices = [
        Notification.objects.create(user=user, post=post, reason=reason, message=message)
        for user in {user.pk: user for user in users}.values()
        if post is None or _may_read(user, post.topic)
    ]
    _email_immediately(notices)
    return notices


def moderators():
    """Everyone who moderates the forum (see forum.models.user_is_moderator)."""
    return User.objects.filter(
        Q(is_superuser=True) | Q(memberships__role__in=[Role.MODERATOR, Role.ADMIN]),
        is_active=True,
    ).distinct()


def digests_send(*, now=None) -> int:
    """One e-mail per person who chose the daily digest, with every notice not yet e-mailed
    or read, about topics they may still read. Each notice is claimed (emailed_at set) in the
    same transaction, so a second run, or two at once, never sends it again. Returns the
    number of e-mails queued."""
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
    for user in User.objects.filter(pk__in=list(user_ids)).select_related("forum_profile"):
        with transaction.atomic():
            pending = list(
                Notification.objects.select_for_update(of=("self",))
                .filter(
                    user=user,
                    emailed_at__isnull=True,
                    read_at__isnull=True,
                    created_at__lte=now,
                )
                .order_by("created_at", "pk")
            )
            claimed = Notification.objects.filter(
                pk__in=[n.pk for n in pending], emailed_at__isnull=True
            ).update(emailed_at=now)
            if not pending or claimed != len(pending):
                continue
            readable = list(
                Notification.objects.visible_to(user)
                .filter(pk__in=[n.pk for n in pending])
                .select_related("user", "post__topic__category", "post__author")
                .order_by("created_at", "pk")
            )
            if not readable:
                continue

            def context(readable=readable, user=user):
                return {
                    "count": len(readable),
                    "items": [(n, _notification_link(n)) for n in readable],
                    "unsubscribe_url": _unsubscribe_url(user=user),
                }

            emails.send(user=user, template="digest", context=context)
            sent += 1
    return sent


def notifications_mark_read(*, user: User, notification=None) -> int:
    queryset = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification is not None:
        queryset = queryset.filter(pk=notification.pk)
    return queryset.update(read_at=timezone.now())
