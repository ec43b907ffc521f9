"""Reminder preferences and the log that makes each reminder idempotent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReminderPreference(models.Model):
    """A person's choice about course e-mails: reminders on or off, and their language
    (no row = reminders on, in the site's language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_reminder_preference",
    )
    reminders_enabled = models.BooleanField(_("posílat připomínky"), default=True)
    language = models.CharField(
        _("jazyk e-mailů"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Prázdné: jazyk webu."),
    )

    class Meta:
        verbose_name = _("nastavení připomínek")
        verbose_name_plural = _("nastavení připomínek")

    def __str__(self):
        return f"{self.user}: {self.reminders_enabled}"


class ReminderLog(models.Model):
    """A reminder that was sent; the unique key makes each reminder go out once."""

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Blíží se termín")
        INACTIVITY = "inactivity", _("Dlouho bez aktivity")
        WEEKLY_SUMMARY = "weekly_summary", _("Týdenní souhrn pro poradce")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_reminders"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=100)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("odeslaná připomínka")
        verbose_name_plural = _("odeslané připomínky")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="reminder_sent_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.kind} {self.key}"
