"""Course feedback (evaluation) from learners."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CourseFeedback(models.Model):
    """The short evaluation a learner gives at the end of a course (once per course)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_feedback"
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="feedback_entries"
    )
    rating = models.PositiveSmallIntegerField(
        _("celkové hodnocení"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    most_useful = models.TextField(_("co bylo nejužitečnější"), max_length=2000, blank=True)
    to_improve = models.TextField(_("co zlepšit"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("hodnocení kurzu")
        verbose_name_plural = _("hodnocení kurzů")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="feedback_once_per_course"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.course} – {self.rating}/5"
