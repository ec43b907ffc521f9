"""Flags, the moderation log and posting suspensions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.categories import Category
from forum.models.topics import Post, Topic


class Flag(models.Model):
    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Je urážlivý nebo nezdvořilý")
        PERSONAL_DATA = "personal_data", _("Zveřejňuje osobní údaje klientů")
        SPAM = "spam", _("Je to reklama nebo spam")
        OFF_TOPIC = "off_topic", _("Nepatří sem")
        OTHER = "other", _("Jiný důvod")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_flags"
    )
    reason = models.CharField(_("důvod"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("poznámka"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(resolved_at__isnull=True),
                name="forum_flag_one_open_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.post}: {self.get_reason_display()}"


class ModerationLogEntry(models.Model):
    class Action(models.TextChoices):
        POST_HIDE = "post_hide", _("Skrytí příspěvku")
        POST_RESTORE = "post_restore", _("Obnovení příspěvku")
        FLAGS_DISMISS = "flags_dismiss", _("Zamítnutí nahlášení")
        TOPIC_LOCK = "topic_lock", _("Uzamčení tématu")
        TOPIC_UNLOCK = "topic_unlock", _("Odemčení tématu")
        TOPIC_PIN = "topic_pin", _("Připnutí tématu")
        TOPIC_UNPIN = "topic_unpin", _("Odepnutí tématu")
        TOPIC_HIDE = "topic_hide", _("Skrytí tématu")
        TOPIC_RESTORE = "topic_restore", _("Obnovení tématu")
        TOPIC_MOVE = "topic_move", _("Přesun tématu")
        TOPIC_MERGE = "topic_merge", _("Sloučení témat")
        GROUP_ADD = "group_add", _("Přidání člena skupiny")
        GROUP_REMOVE = "group_remove", _("Odebrání člena skupiny")
        GROUP_INVITE = "group_invite", _("Pozvání do skupiny")
        MEMBER_SUSPEND = "member_suspend", _("Pozastavení psaní")
        MEMBER_UNSUSPEND = "member_unsuspend", _("Zrušení pozastavení")
        POST_EDIT = "post_edit", _("Úprava cizího příspěvku")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("akce"), max_length=20, choices=Action.choices)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        Post, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("důvod"))
    details = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("záznam moderace")
        verbose_name_plural = _("záznamy moderace")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.moderator})"


class PostingSuspension(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_suspensions"
    )
    until = models.DateTimeField(_("do"))
    reason = models.TextField(_("důvod"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-until"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__gt=models.F("created_at")),
                name="forum_suspension_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.until:%Y-%m-%d}"
