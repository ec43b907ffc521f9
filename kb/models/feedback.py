""" "Was this helpful?" answers to articles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleFeedbackQuerySet(models.QuerySet):
    def summary_by_page(self):
        """Per article: answers, helpful, not helpful and comments, most answered first."""
        return (
            self.values("page_id", "page__title")
            .annotate(
                answer_count=models.Count("id"),
                helpful_count=models.Count("id", filter=models.Q(helpful=True)),
                not_helpful_count=models.Count("id", filter=models.Q(helpful=False)),
                comment_count=models.Count("id", filter=~models.Q(comment="")),
            )
            .order_by("-answer_count", "page__title")
        )


class ArticleFeedback(models.Model):
    """One person's answer to one article. Signed-in people are counted by account,
    visitors by their session, so nobody is counted twice."""

    page = models.ForeignKey(
        "kb.ArticlePage",
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("článek"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uživatel"),
    )
    session_key = models.CharField(max_length=40, blank=True)
    helpful = models.BooleanField(_("pomohl"))
    comment = models.TextField(_("komentář"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("odesláno"), auto_now_add=True)

    objects = ArticleFeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("zpětná vazba k článku")
        verbose_name_plural = _("zpětná vazba k článkům")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "user"],
                condition=models.Q(user__isnull=False),
                name="article_feedback_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["page", "session_key"],
                condition=models.Q(user__isnull=True),
                name="article_feedback_once_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(session_key=""),
                name="article_feedback_has_author",
            ),
        ]

    def __str__(self):
        return f"{self.page_id}: {'+' if self.helpful else '-'}"
