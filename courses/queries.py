"""Reads that assemble what course pages and the adviser dashboard show from several models.
Each runs a fixed number of queries however many learners, lessons or events there are."""

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from courses import attempts, permissions, progress

# The page module, not its classes: page models build their context with these reads.
from courses.models import pages as page_models
from courses.models.certificates import Certificate
from courses.models.cohorts import Cohort, Enrolment, EnrolmentEvent
from courses.models.feedback import CourseFeedback
from courses.models.learning import QuizAttempt, QuizAttemptGrant

QUESTION_FIELD = "otazka-{id}"  # the name of a quiz question's field in the lesson's form

# --- what the course, module and lesson pages show ---------------------------------------


def enrolment_of(user, course) -> Enrolment | None:
    """The person's enrolment in the course (active or not), None for visitors."""
    if not user.is_authenticated:
        return None
    return (
        Enrolment.objects.filter(user=user, course=course).select_related("cohort__adviser").first()
    )


def course_overview(course, user) -> dict:
    """The course page: outline, the person's enrolment, progress, certificate, feedback."""
    structure = progress.course_structure(course)
    enrolment = enrolment_of(user, course)
    learner = None
    certificate = None
    feedback = None
    history = []
    if enrolment is not None and enrolment.is_active:
        learner = progress.learner_progress(user, structure)
        certificate = Certificate.objects.filter(user=user, course=course).first()
        if certificate is not None:
            feedback = CourseFeedback.objects.filter(user=user, course=course).first()
    if enrolment is not None:
        history = learner_history(enrolment)
    return {
        "structure": structure,
        "enrolment": enrolment,
        "learner": learner,
        "certificate": certificate,
        "feedback": feedback,
        "history": history,
        "outline": progress.outline(structure, learner),
        "can_enrol_self": permissions.can_enrol_self(user, course),
        "can_see_all_lessons": permissions.can_see_all_lessons(user),
        "topics": list(course.topics.all()),
        "total_minutes": structure.total_minutes,
    }


def module_overview(module, user) -> dict:
    """The module page: its part of the course outline and where to continue."""
    course = module.get_parent().specific
    structure = progress.course_structure(course)
    enrolment = (
        Enrolment.objects.active().filter(user=user, course=course).first()
        if user.is_authenticated
        else None
    )
    learner = progress.learner_progress(user, structure) if enrolment else None
    return {
        "course": course,
        "learner": learner,
        "outline": [
            item for item in progress.outline(structure, learner) if item.page.pk == module.pk
        ],
        "show_links": bool(learner) or permissions.can_see_all_lessons(user),
        "continue_lesson": learner.next_lesson.page if learner and learner.next_lesson else None,
    }


def lesson_locked(lesson, user, *, course, enrolment) -> dict:
    """The page people get instead of a lesson they may not read: why, and how to get in."""
    return {
        "course": course,
        "enrolment": enrolment,
        "can_enrol_self": permissions.can_enrol_self(user, course),
    }


def _neighbours(structure, lesson):
    ids = [item.id for item in structure.lessons]
    if lesson.pk not in ids:
        return None, None
    index = ids.index(lesson.pk)
    previous = structure.lessons[index - 1].page if index > 0 else None
    following = structure.lessons[index + 1].page if index + 1 < len(ids) else None
    return previous, following


def _quiz_errors(question_rows, quiz_error) -> list[dict]:
    """The error summary of a refused quiz: each unanswered question (marked `missing` in its
    row) with a link to its first option, or the service's message when all were answered."""
    if not quiz_error:
        return []
    errors = []
    for number, row in enumerate(question_rows, start=1):
        row["missing"] = not row["selected"]
        options = list(row["question"].options.all())
        if row["missing"] and options:
            errors.append(
                {
                    "text": _("Otázka {number}: vyberte odpověď.").format(number=number),
                    "anchor": f"{row['field']}-{options[0].pk}",
                }
            )
    return errors or [{"text": quiz_error, "anchor": ""}]


def lesson_view(
    lesson,
    user,
    *,
    course,
    enrolment,
    shown_token: str = "",
    selected: dict | None = None,
    quiz_error: str = "",
) -> dict:
    """The lesson page: content, outline, neighbours, and the quiz with its attempt state
    (`attempts.quiz_state`); `shown_token` picks a past attempt to show with its answers,
    `selected` and `quiz_error` refill a refused quiz form."""
    structure = progress.course_structure(course)
    is_learner = enrolment is not None and enrolment.is_active
    learner = progress.learner_progress(user, structure) if is_learner else None
    questions = list(lesson.quiz_questions.prefetch_related("options"))
    state = attempts.quiz_state(user, lesson) if is_learner and questions else None
    shown_attempt = None
    if shown_token and state is not None:
        shown_attempt = next((a for a in state.attempts if str(a.token) == shown_token), None)
    answers = {}
    if shown_attempt is not None:
        for answer in shown_attempt.answers.prefetch_related("selected_options"):
            answers[answer.question_id] = answer
    previous, following = _neighbours(structure, lesson)
    question_rows = [
        {
            "question": question,
            "field": QUESTION_FIELD.format(id=question.pk),
            "answer": answers.get(question.pk),
            "selected": (selected or {}).get(str(question.pk), []),
        }
        for question in questions
    ]
    quiz_errors = _quiz_errors(question_rows, quiz_error)
    next_undone = learner.next_lesson if learner else None
    return {
        "course": course,
        "module": lesson.get_parent(),
        "enrolment": enrolment,
        "is_learner": is_learner,
        "learner": learner,
        "outline": progress.outline(structure, learner),
        "continue_lesson": next_undone.page
        if next_undone and next_undone.id != lesson.pk
        else None,
        "is_read": learner is not None and lesson.pk in learner.completed,
        "question_rows": question_rows,
        "has_quiz": bool(questions),
        "quiz": state,
        "can_submit_quiz": state is not None and state.can_submit,
        "quiz_token": uuid.uuid4(),
        "shown_attempt": shown_attempt,
        "quiz_error": quiz_error,
        "quiz_errors": quiz_errors,
        "has_errors": bool(quiz_errors),
        "previous_lesson": previous,
        "next_lesson": following,
        "quiz_in_body": any(block.block_type == "quiz" for block in lesson.body),
    }


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
        for lesson in page_models.LessonPage.objects.filter(pk__in={key[2] for key in failing})
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
