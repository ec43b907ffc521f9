"""The attempt policy of a lesson's quiz, in one place (as Moodle's quiz settings have it).

* ``quiz_max_attempts`` attempts (0: unlimited), plus the attempts an adviser or administrator
  granted this learner for this lesson;
* after the limit, one more attempt each time ``quiz_retry_wait_hours`` have passed since the
  last attempt, so a learner who failed is never stuck for good;
* a passed quiz is closed;
* ``quiz_grading`` says which attempt is the quiz's result: the highest or the last.

`QuizState` is computed from one learner's attempts and grants; the service that accepts an
attempt, the lesson page and the dashboard all ask it, so they cannot disagree.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from courses.models import LessonPage, QuizAttempt, QuizAttemptGrant, QuizGrading


@dataclass(frozen=True)
class QuizState:
    """One learner's quiz in one lesson. Built from their attempts (`quiz_state`), or from
    counts when a dashboard reads many learners at once (then `attempts` is empty)."""

    lesson: LessonPage
    used: int  # attempts sent
    last_attempt_at: datetime | None
    passed: bool
    granted: int  # extra attempts granted to this learner for this lesson
    now: datetime
    attempts: tuple[QuizAttempt, ...] = ()  # oldest first, when read one learner at a time

    @property
    def allowed(self) -> int | None:
        """Attempts allowed before the waiting starts; None when unlimited."""
        if not self.lesson.quiz_max_attempts:
            return None
        return self.lesson.quiz_max_attempts + self.granted

    @property
    def counted_attempt(self) -> QuizAttempt | None:
        """The attempt that is the quiz's result under the lesson's grading method."""
        if not self.attempts:
            return None
        if self.lesson.quiz_grading == QuizGrading.LAST:
            return self.attempts[-1]
        return max(self.attempts, key=lambda attempt: (attempt.score_percent, attempt.passed))

    @property
    def attempts_left(self) -> int | None:
        """Attempts left before the waiting starts (None: unlimited)."""
        if self.allowed is None:
            return None
        return max(self.allowed - self.used, 0)

    @property
    def limit_reached(self) -> bool:
        return self.allowed is not None and self.used >= self.allowed

    @property
    def next_attempt_at(self) -> datetime | None:
        """When a learner who used up the attempts may send the next one."""
        if self.passed or not self.limit_reached or self.last_attempt_at is None:
            return None
        return self.last_attempt_at + timedelta(hours=self.lesson.quiz_retry_wait_hours)

    @property
    def is_waiting(self) -> bool:
        return self.next_attempt_at is not None and self.now < self.next_attempt_at

    @property
    def can_submit(self) -> bool:
        return not self.passed and not self.is_waiting


def quiz_state(user, lesson: LessonPage, *, now: datetime | None = None) -> QuizState:
    """The state of `user`'s quiz in `lesson` (two queries: their attempts and grants)."""
    attempts = tuple(
        QuizAttempt.objects.filter(user=user, lesson=lesson).order_by("submitted_at", "pk")
    )
    granted = (
        QuizAttemptGrant.objects.filter(user=user, lesson=lesson).aggregate(
            total=Sum("extra_attempts")
        )["total"]
        or 0
    )
    return QuizState(
        lesson=lesson,
        used=len(attempts),
        last_attempt_at=max((a.submitted_at for a in attempts), default=None),
        passed=any(attempt.passed for attempt in attempts),
        granted=granted,
        now=now or timezone.now(),
        attempts=attempts,
    )
