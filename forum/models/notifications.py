"""Subscriptions and notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.categories import Category
from forum.models.topics import Post, Topic


class SubscriptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The person's subscriptions to topics and categories they may read now."""
        return self.filter(user=user).filter(
            Q(topic__in=Topic.objects.visible_to(user))
            | Q(category__in=Category.objects.visible_to(user))
        )


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=True, category__isnull=False)
                | Q(topic__isnull=False, category__isnull=True),
                name="forum_subscription_topic_or_category",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="forum_subscription_unique_topic",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_subscription_unique_category",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.topic or self.category}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Notices whose topic the person may read now (the reading rule of `Topic`), and
        notices about the person that name no post (a suspension). Every list, count, e-mail
        and digest goes through this: a topic moved or merged out of someone's reach takes
        its title out of their notices too."""
        return self.filter(
            Q(post__isnull=True) | Q(post__topic__in=Topic.objects.visible_to(user)), user=user
        )

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One notice to one person. About a post someone wrote (mention, reply, new topic) the
    conditional unique constraint makes "exactly once" hold even when a post is edited or two
    reasons apply; notices of moderation (a flag, a hidden post, a move) may repeat."""

    class Reason(models.TextChoices):
        MENTION = "mention", _("zmínil vás")
        REPLY = "reply", _("odpověděl v tématu, které sledujete")
        NEW_TOPIC = "new_topic", _("založil téma v kategorii, kterou sledujete")
        FLAG = "flag", _("nahlásil příspěvek moderátorům")
        POST_HIDDEN = "post_hidden", _("Moderátor skryl váš příspěvek")
        POST_RESTORED = "post_restored", _("Moderátor obnovil váš příspěvek")
        TOPIC_MOVED = "topic_moved", _("Moderátor přesunul téma s vaším příspěvkem")
        TOPIC_MERGED = "topic_merged", _("Moderátor sloučil téma s vaším příspěvkem")
        SUSPENDED = "suspended", _("Moderátor vám pozastavil psaní do fóra")

    # Reasons about what someone wrote: one notice per person and post.
    CONTENT_REASONS = ("mention", "reply", "new_topic")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    message = models.TextField(
        blank=True, help_text="The moderator's reason, for notices of moderation."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=Q(reason__in=["mention", "reply", "new_topic"]),
                name="forum_notification_once",
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=False) | Q(reason="suspended"),
                name="forum_notification_post_unless_suspension",
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.post} ({self.reason})"

    @property
    def is_moderation(self) -> bool:
        return self.reason not in self.CONTENT_REASONS
