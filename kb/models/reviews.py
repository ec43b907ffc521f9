"""Review reminders already sent, so that each owner hears about each due date once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewReminder(models.Model):
    page = models.ForeignKey(
        "kb.ArticlePage", on_delete=models.CASCADE, related_name="review_reminders"
    )
    due_on = models.DateField(_("termín kontroly"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("odesláno"), auto_now_add=True)

    class Meta:
        verbose_name = _("připomínka kontroly")
        verbose_name_plural = _("připomínky kontroly")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "due_on"], name="review_reminder_once_per_due_date"
            )
        ]

    def __str__(self):
        return f"{self.page_id} {self.due_on}"
