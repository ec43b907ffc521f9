"""The attempt policy of a lesson's quiz, in one place (as Moodle's quiz settings have it).

* ``quiz_max_attempts`` attempts (0: unlimited); an adviser or administrator may grant a
  learner N more attempts at a lesson: N attempts from that moment on, however many the
  learner had used before (also those sent after waiting);
* after the limit, one more attempt each time ``quiz_retry_wait_hours`` have passed since the
  last attempt, so a learner who failed is never stuck for good;
* a passed quiz is closed;
* ``quiz_grading`` says which attempt is the quiz's result: the highest or the last.

`QuizState` is computed from one learner's attempts and grants; the service that accepts an
attempt, the lesson page and the dashboard all ask it, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from courses.models import pages as page_models
from courses.models.learning import QuizAttempt, QuizAttemptGrant


@dataclass(frozen=True)
class QuizState:
    """One learner's quiz in one lesson. Built from their attempts and grants (`quiz_state`),
    or by a dashboard that reads many learners at once (then `attempts` is empty)."""

    lesson: page_models.LessonPage
    attempt_times: tuple[datetime, ...]  # when each attempt was sent, oldest first
    passed: bool
    grants: tuple[tuple[datetime, int], ...]  # (when, extra attempts), oldest first
    now: datetime
    attempts: tuple[QuizAttempt, ...] = ()  # oldest first, when read one learner at a time

    @property
    def used(self) -> int:
        return len(self.attempt_times)

    @property
    def granted(self) -> int:
        return sum(extra for _at, extra in self.grants)

    @property
    def allowed(self) -> int | None:
        """Attempts allowed before the waiting starts; None when unlimited. Each grant adds
        its attempts to those used (or allowed, if more) when it was given."""
        if not self.lesson.quiz_max_attempts:
            return None
        allowed = self.lesson.quiz_max_attempts
        for granted_at, extra in self.grants:
            used_before = sum(1 for sent_at in self.attempt_times if sent_at <= granted_at)
            allowed = max(allowed, used_before) + extra
        return allowed

    @property
    def counted_attempt(self) -> QuizAttempt | None:
        """The attempt that is the quiz's result under the lesson's grading method."""
        if not self.attempts:
            return None
        if self.lesson.quiz_grading == page_models.QuizGrading.LAST:
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
        if self.passed or not self.limit_reached or not self.attempt_times:
            return None
        return self.attempt_times[-1] + timedelta(hours=self.lesson.quiz_retry_wait_hours)

    @property
    def is_waiting(self) -> bool:
        return self.next_attempt_at is not None and self.now < self.next_attempt_at

    @property
    def can_submit(self) -> bool:
        return not self.passed and not self.is_waiting


def quiz_state(user, lesson: page_models.LessonPage, *, now: datetime | None = None) -> QuizState:
    """The state of `user`'s quiz in `lesson` (two queries: their attempts and grants)."""
    attempts = tuple(
        QuizAttempt.objects.filter(user=user, lesson=lesson).order_by("submitted_at", "pk")
    )
    grants = tuple(
        QuizAttemptGrant.objects.filter(user=user, lesson=lesson)
        .order_by("created_at", "pk")
        .values_list("created_at", "extra_attempts")
    )
    return QuizState(
        lesson=lesson,
        attempt_times=tuple(attempt.submitted_at for attempt in attempts),
        passed=any(attempt.passed for attempt in attempts),
        grants=grants,
        now=now or timezone.now(),
        attempts=attempts,
    )
