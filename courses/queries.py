"""Reads that assemble what course pages and the adviser dashboard show from several models.
Each runs a fixed number of queries however many learners, lessons or events there are."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.models import Organisation, User
from courses import attempts, progress
from courses.models import (
    Cohort,
    Enrolment,
    EnrolmentEvent,
    LessonPage,
    QuizAttempt,
    QuizAttemptGrant,
)

# --- bulk enrolment of an organisation --------------------------------------------------


@dataclass
class PlanItem:
    enrolment: Enrolment
    percent: int = 0

    @property
    def user(self):
        return self.enrolment.user


@dataclass
class BulkEnrolmentPlan:
    """What enrolling an organisation's members in a cohort would do, before anyone is moved."""

    cohort: Cohort
    organisation: Organisation
    new_users: list[User] = field(default_factory=list)  # will be enrolled in this cohort
    joining: list[PlanItem] = field(default_factory=list)  # study on their own: join it
    already_here: list[PlanItem] = field(default_factory=list)  # nothing changes
    in_other_cohort: list[PlanItem] = field(default_factory=list)  # moved only if chosen
    left: list[PlanItem] = field(default_factory=list)  # left the course: back only if chosen

    @property
    def choosable(self) -> list[PlanItem]:
        return [*self.in_other_cohort, *self.left]

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_users or self.joining or self.choosable)


def bulk_enrolment_plan(
    cohort: Cohort, organisation: Organisation, *, for_update: bool = False
) -> BulkEnrolmentPlan:
    """Sort the organisation's members by what enrolling them in `cohort` would mean.

    `for_update`: lock their enrolments (the service's read, inside its transaction); the
    preview also reads each person's progress."""
    users = list(
        User.objects.filter(memberships__organisation=organisation)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )
    enrolments = Enrolment.objects.filter(course_id=cohort.course_id, user__in=users)
    if for_update:
        enrolments = enrolments.select_for_update(of=("self",))
    enrolments = list(enrolments.select_related("user", "cohort"))
    by_user = {enrolment.user_id: enrolment for enrolment in enrolments}
    percents = {}
    if not for_update and enrolments:
        percents = {
            pk: learner.percent
            for pk, learner in progress.progress_for_enrolments(enrolments).items()
        }
    plan = BulkEnrolmentPlan(cohort=cohort, organisation=organisation)
    for user in users:
        enrolment = by_user.get(user.pk)
        if enrolment is None:
            plan.new_users.append(user)
            continue
        item = PlanItem(enrolment=enrolment, percent=percents.get(enrolment.pk, 0))
        if not enrolment.is_active:
            plan.left.append(item)
        elif enrolment.cohort_id == cohort.pk:
            plan.already_here.append(item)
        elif enrolment.cohort_id is None:
            plan.joining.append(item)
        else:
            plan.in_other_cohort.append(item)
    return plan


# --- history ----------------------------------------------------------------------------


@dataclass
class HistoryLine:
    at: datetime
    event: EnrolmentEvent | None = None
    grant: QuizAttemptGrant | None = None


def learner_history(enrolment: Enrolment) -> list[HistoryLine]:
    """A learner's history in a course, oldest first: enrolment changes and granted attempts
    (two queries)."""
    lines = [
        HistoryLine(at=event.created_at, event=event)
        for event in enrolment.events.select_related("actor")
    ]
    lines += [
        HistoryLine(at=grant.created_at, grant=grant)
        for grant in QuizAttemptGrant.objects.filter(
            user_id=enrolment.user_id, course_id=enrolment.course_id
        ).select_related("lesson", "granted_by")
    ]
    return sorted(lines, key=lambda line: line.at)


def cohort_changes(cohorts, *, limit: int = 20) -> list[EnrolmentEvent]:
    """The latest moves into and out of the cohorts, returns and departures (one query)."""
    cohort_ids = [cohort.pk for cohort in cohorts]
    return list(
        EnrolmentEvent.objects.filter(
            Q(from_cohort_id__in=cohort_ids)
            | Q(
                to_cohort_id__in=cohort_ids,
                kind__in=[
                    EnrolmentEvent.Kind.MOVED,
                    EnrolmentEvent.Kind.RETURNED,
                    EnrolmentEvent.Kind.JOINED_COHORT,
                ],
            )
            | Q(kind=EnrolmentEvent.Kind.LEFT, enrolment__cohort_id__in=cohort_ids)
        )
        .select_related("enrolment__user", "enrolment__course", "actor")
        .order_by("-created_at", "-pk")[:limit]
    )


# --- quiz attempts ----------------------------------------------------------------------


@dataclass
class UsedUpAttempts:
    enrolment: Enrolment
    state: attempts.QuizState

    @property
    def lesson(self):
        return self.state.lesson


def attempts_used_up(enrolments) -> list[UsedUpAttempts]:
    """Learners (of the given active enrolments) who used up the attempts at a quiz without
    passing it: waiting for the next attempt or waiting no more (four queries)."""
    enrolments = list(enrolments.select_related("user", "cohort", "course"))
    if not enrolments:
        return []
    by_key = {(e.user_id, e.course_id): e for e in enrolments}
    times: dict[tuple[int, int, int], list] = {}
    passed = set()
    for user_id, course_id, lesson_id, sent_at, is_pass in (
        QuizAttempt.objects.filter(
            user_id__in={e.user_id for e in enrolments},
            course_id__in={e.course_id for e in enrolments},
        )
        .order_by("submitted_at", "pk")
        .values_list("user_id", "course_id", "lesson_id", "submitted_at", "passed")
    ):
        if (user_id, course_id) not in by_key:
            continue
        times.setdefault((user_id, course_id, lesson_id), []).append(sent_at)
        if is_pass:
            passed.add((user_id, course_id, lesson_id))
    failing = {key: value for key, value in times.items() if key not in passed}
    lessons = {
        lesson.pk: lesson
        for lesson in LessonPage.objects.filter(pk__in={key[2] for key in failing})
        .defer_streamfields()
        .only("pk", "title", "quiz_max_attempts", "quiz_retry_wait_hours", "quiz_grading")
    }
    grants: dict[tuple[int, int], list] = {}
    for user_id, lesson_id, granted_at, extra in (
        QuizAttemptGrant.objects.filter(
            user_id__in={key[0] for key in failing}, lesson_id__in=set(lessons)
        )
        .order_by("created_at", "pk")
        .values_list("user_id", "lesson_id", "created_at", "extra_attempts")
    ):
        grants.setdefault((user_id, lesson_id), []).append((granted_at, extra))
    now = timezone.now()
    result = []
    for (user_id, course_id, lesson_id), sent in failing.items():
        lesson = lessons.get(lesson_id)
        if lesson is None:
            continue
        state = attempts.QuizState(
            lesson=lesson,
            attempt_times=tuple(sent),
            passed=False,
            grants=tuple(grants.get((user_id, lesson_id), ())),
            now=now,
        )
        if state.limit_reached:
            result.append(UsedUpAttempts(by_key[(user_id, course_id)], state))
    return sorted(result, key=lambda item: (str(item.enrolment.user), item.lesson.title))
