"""What learners did: completed lessons, quiz attempts (each with its own copy of what it was
scored against, so editing a question later never changes a stored result), extra attempts
granted, answers.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonCompletion(models.Model):
    """A lesson the learner marked as done (once per lesson)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="completions"
    )
    # The course, stored so that progress of a whole cohort is one query.
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dokončená lekce")
        verbose_name_plural = _("dokončené lekce")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="lesson_completed_once"),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson}"


def _new_attempt_token() -> uuid.UUID:
    return uuid.uuid4()


class QuizAttempt(models.Model):
    """One submission of a lesson's quiz, scored on the server when it arrived.

    The token comes from the form the learner filled in, so sending that form again (a double
    click, the back button) finds this row instead of counting a second attempt.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField(default=_new_attempt_token, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    correct_count = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    score_percent = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    passed = models.BooleanField()

    class Meta:
        verbose_name = _("pokus o kvíz")
        verbose_name_plural = _("pokusy o kvíz")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(correct_count__lte=models.F("question_count")),
                name="quiz_attempt_correct_at_most_questions",
            ),
            models.CheckConstraint(
                condition=Q(score_percent__lte=100), name="quiz_attempt_percent_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson} ({self.score_percent} %)"


class QuizAttemptGrant(models.Model):
    """Extra attempts at a lesson's quiz that an adviser or administrator gave one learner,
    with the reason; the row is also the log of who did it and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("účastník"),
        on_delete=models.CASCADE,
        related_name="quiz_attempt_grants",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", verbose_name=_("lekce"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    extra_attempts = models.PositiveSmallIntegerField(
        _("pokusů navíc"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reason = models.TextField(_("důvod"), max_length=1000)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("přidal(a)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("kdy"), default=timezone.now)

    class Meta:
        verbose_name = _("přidané pokusy o kvíz")
        verbose_name_plural = _("přidané pokusy o kvíz")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(extra_attempts__gte=1, extra_attempts__lte=10),
                name="quiz_grant_1_to_10_attempts",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="quiz_grant_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.user} – {self.lesson} (+{self.extra_attempts})"


class QuizAnswer(models.Model):
    """What the learner answered to one question, and whether it was right at the time."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        "courses.QuizQuestion", null=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question_text = models.CharField(max_length=400)
    selected_options = models.ManyToManyField("courses.QuizOption", blank=True, related_name="+")
    is_correct = models.BooleanField()

    class Meta:
        verbose_name = _("odpověď v kvízu")
        verbose_name_plural = _("odpovědi v kvízu")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question"], name="quiz_answer_once_per_question"
            ),
        ]

    def __str__(self):
        return self.question_text
