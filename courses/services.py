"""Writes of the courses app: enrolment, progress, quiz attempts, certificates, feedback and
reminders. Keyword-only functions, each in one transaction; rules checked here raise
`CourseError` with a Czech message for the person and the HTTP status the view answers with.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Organisation, User
from core.tasks import email_send
from courses import permissions, progress
from courses.models import (
    Certificate,
    Cohort,
    CourseFeedback,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuizAnswer,
    QuizAttempt,
    ReminderLog,
    ReminderPreference,
)

DEADLINE_REMINDER_DAYS = 7
INACTIVITY_DAYS = 14
WEEKLY_SUMMARY_WEEKDAY = 0  # Monday (date.weekday())


class CourseError(Exception):
    """A request the rules do not allow; the message is for the person who made it."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


# --- enrolment --------------------------------------------------------------------------


def _enrolment_for_update(*, user, course) -> Enrolment | None:
    return Enrolment.objects.select_for_update().filter(user=user, course=course).first()


@transaction.atomic
def enrolment_create(
    *, user: User, course: CoursePage, cohort: Cohort | None = None, by_adviser: bool = False
) -> tuple[Enrolment, bool]:
    """Enrol the person (or bring back one who left). Returns (enrolment, changed): `changed` is
    False when they were already enrolled, so a second click does nothing."""
    if cohort is not None and cohort.course_id != course.pk:
        raise CourseError(_("Skupina patří k jinému kurzu."), status=400)
    if not by_adviser and not course.is_open_for_self_enrolment:
        raise CourseError(
            _("Do tohoto kurzu se nelze zapsat sám. Zapíše vás poradce vaší skupiny."), status=403
        )
    enrolment = _enrolment_for_update(user=user, course=course)
    now = timezone.now()
    if enrolment is not None:
        if enrolment.is_active and (cohort is None or enrolment.cohort_id == cohort.pk):
            return enrolment, False
        enrolment.left_at = None
        enrolment.last_activity_at = now
        if cohort is not None:
            enrolment.cohort = cohort
        enrolment.full_clean()
        enrolment.save()
        return enrolment, True
    enrolment = Enrolment(user=user, course=course, cohort=cohort, enrolled_at=now)
    enrolment.full_clean()
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # enrolled by a parallel request a moment ago
        return Enrolment.objects.get(user=user, course=course), False
    return enrolment, True


@transaction.atomic
def enrolment_leave(*, enrolment: Enrolment) -> None:
    """Leave the course; progress is kept in case the person comes back."""
    if not enrolment.is_active:
        raise CourseError(_("Z tohoto kurzu už jste odhlášeni."), status=409)
    enrolment.left_at = timezone.now()
    enrolment.save(update_fields=["left_at"])


@transaction.atomic
def cohort_enrol_organisation_staff(
    *, cohort: Cohort, organisation: Organisation, actor: User
) -> int:
    """Enrol every member of the organisation in the cohort's course and this cohort; returns
    how many were enrolled or moved here (from another cohort, or back after leaving)."""
    if not permissions.can_manage_cohort(actor, cohort):
        raise CourseError(_("Tuto skupinu nevedete, nemůžete do ní zapisovat."), status=403)
    cohort.organisations.add(organisation)
    user_ids = set(
        Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )
    existing = {
        enrolment.user_id: enrolment
        for enrolment in Enrolment.objects.select_for_update().filter(
            course_id=cohort.course_id, user_id__in=user_ids
        )
    }
    now = timezone.now()
    to_update = []
    for enrolment in existing.values():
        if enrolment.is_active and enrolment.cohort_id == cohort.pk:
            continue
        enrolment.left_at = None
        enrolment.cohort = cohort
        to_update.append(enrolment)
    Enrolment.objects.bulk_update(to_update, ["left_at", "cohort"])
    new = [
        Enrolment(user_id=user_id, course_id=cohort.course_id, cohort=cohort, enrolled_at=now)
        for user_id in sorted(user_ids - set(existing))
    ]
    Enrolment.objects.bulk_create(new)
    return len(new) + sum(1 for e in to_update if e.pk)


def _active_enrolment(*, user, course, message: str) -> Enrolment:
    enrolment = _enrolment_for_update(user=user, course=course)
    if enrolment is None or not enrolment.is_active:
        raise CourseError(message, status=403)
    return enrolment


def _touch(enrolment: Enrolment, lesson: LessonPage) -> None:
    enrolment.last_activity_at = timezone.now()
    enrolment.last_lesson = lesson
    enrolment.save(update_fields=["last_activity_at", "last_lesson"])


# --- progress ---------------------------------------------------------------------------


@transaction.atomic
def lesson_complete(*, user: User, lesson: LessonPage, course: CoursePage) -> bool:
    """Mark the lesson as read; False when it already was. May issue the certificate."""
    enrolment = _active_enrolment(
        user=user,
        course=course,
        message=_("Pokrok se zaznamenává jen zapsaným účastníkům. Nejdřív se do kurzu zapište."),
    )
    _completion, created = LessonCompletion.objects.get_or_create(
        user=user, lesson=lesson, defaults={"course": course}
    )
    _touch(enrolment, lesson)
    if created:
        certificate_issue_if_complete(user=user, course=course)
    return created


@dataclass
class QuizResult:
    attempt: QuizAttempt
    created: bool


def _parse_answers(lesson: LessonPage, questions, answers: dict[str, list[str]]):
    """Validate raw answers {question id: [option ids]} against the lesson's questions."""
    known = {str(question.pk): question for question in questions}
    for key in answers:
        if key not in known:
            raise CourseError(_("Odpověď patří k otázce, která v tomto kvízu není."), status=400)
    parsed = {}
    for key, question in known.items():
        selected = answers.get(key) or []
        if not selected:
            raise CourseError(
                _(
                    "Odpovězte prosím na všechny otázky. Chybí odpověď na otázku „{question}“."
                ).format(question=question.text),
                status=400,
            )
        options = {str(option.pk): option for option in question.options.all()}
        chosen = []
        for option_id in selected:
            if option_id not in options:
                raise CourseError(
                    _("Odpověď na otázku „{question}“ uvádí možnost, která v otázce není.").format(
                        question=question.text
                    ),
                    status=400,
                )
            if options[option_id] not in chosen:
                chosen.append(options[option_id])
        if question.kind == question.Kind.SINGLE and len(chosen) > 1:
            raise CourseError(
                _("U otázky „{question}“ vyberte jen jednu možnost.").format(
                    question=question.text
                ),
                status=400,
            )
        parsed[question] = chosen
    return parsed


@transaction.atomic
def quiz_attempt_submit(
    *,
    user: User,
    lesson: LessonPage,
    course: CoursePage,
    token: uuid.UUID,
    answers: dict[str, list[str]],
) -> QuizResult:
    """Score the answers on the server and store the attempt.

    The same token sent again returns the stored attempt (`created=False`): nothing is
    counted twice. Limits: enrolment, number of attempts, a quiz already passed.
    """
    enrolment = _active_enrolment(
        user=user,
        course=course,
        message=_("Kvíz mohou odeslat jen zapsaní účastníci kurzu. Nejdřív se do kurzu zapište."),
    )
    existing = QuizAttempt.objects.filter(token=token).first()
    if existing is not None:
        if existing.user_id != user.pk or existing.lesson_id != lesson.pk:
            raise CourseError(_("Tento formulář kvízu nepatří k vašemu pokusu."), status=400)
        return QuizResult(existing, False)
    questions = list(lesson.quiz_questions.prefetch_related("options"))
    if not questions:
        raise CourseError(_("Tato lekce nemá kvíz."), status=404)
    attempts = QuizAttempt.objects.filter(user=user, lesson=lesson)
    if attempts.filter(passed=True).exists():
        raise CourseError(_("Tento kvíz už máte splněný. Pokračujte další lekcí."), status=409)
    if attempts.count() >= lesson.quiz_max_attempts:
        raise CourseError(
            _("Využili jste všechny pokusy o tento kvíz. Obraťte se na poradce své skupiny."),
            status=409,
        )
    parsed = _parse_answers(lesson, questions, answers)
    results = {}
    for question, chosen in parsed.items():
        correct = {option.pk for option in question.options.all() if option.is_correct}
        results[question] = {option.pk for option in chosen} == correct
    correct_count = sum(results.values())
    score_percent = correct_count * 100 // len(questions)
    attempt = QuizAttempt(
        user=user,
        lesson=lesson,
        course=course,
        token=token,
        correct_count=correct_count,
        question_count=len(questions),
        score_percent=score_percent,
        passed=score_percent >= lesson.quiz_pass_percent,
    )
    attempt.full_clean()
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # the same form sent twice at the same moment
        return QuizResult(QuizAttempt.objects.get(token=token), False)
    for question, chosen in parsed.items():
        answer = QuizAnswer.objects.create(
            attempt=attempt,
            question=question,
            question_text=question.text,
            is_correct=results[question],
        )
        answer.selected_options.set(chosen)
    _touch(enrolment, lesson)
    if attempt.passed:
        certificate_issue_if_complete(user=user, course=course)
    return QuizResult(attempt, True)


# --- certificates and feedback ----------------------------------------------------------


@transaction.atomic
def certificate_issue_if_complete(*, user: User, course: CoursePage) -> Certificate | None:
    """Issue the certificate once every required lesson and quiz is done (once per course)."""
    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    learner = progress.learner_progress(user, progress.course_structure(course))
    if not learner.is_complete:
        return None
    certificate = Certificate(
        user=user,
        course=course,
        learner_name=user.get_full_name() or user.email,
        course_title=course.title,
        hours=course.hours,
    )
    certificate.full_clean()
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.get(user=user, course=course)
    return certificate


@transaction.atomic
def course_feedback_submit(
    *, user: User, course: CoursePage, rating: int, most_useful: str = "", to_improve: str = ""
) -> CourseFeedback:
    if not Certificate.objects.filter(user=user, course=course).exists():
        raise CourseError(
            _("Kurz můžete ohodnotit, až ho dokončíte. Chybí vám ještě některé lekce nebo kvízy."),
            status=403,
        )
    if CourseFeedback.objects.filter(user=user, course=course).exists():
        raise CourseError(_("Tento kurz už jste ohodnotili. Děkujeme."), status=409)
    feedback = CourseFeedback(
        user=user, course=course, rating=rating, most_useful=most_useful, to_improve=to_improve
    )
    feedback.full_clean()
    feedback.save()
    return feedback


# --- reminders --------------------------------------------------------------------------


@transaction.atomic
def reminder_preference_set(*, user: User, enabled: bool) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"reminders_enabled": enabled}
    )
    return preference


def _site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _record_once(*, user_id: int, kind: str, key: str) -> bool:
    """Record that a reminder goes out; False if it already did (then it is not sent again)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(user_id=user_id, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def _enqueue(*, subject: str, body: str, email: str) -> None:
    transaction.on_commit(
        lambda: email_send.enqueue(subject=subject, body=body, recipients=[email])
    )


def _opted_out_user_ids() -> set[int]:
    return set(
        ReminderPreference.objects.filter(reminders_enabled=False).values_list("user_id", flat=True)
    )


@transaction.atomic
def reminders_send_due(*, today: date | None = None) -> dict[str, int]:
    """Find due reminders, record each so that it is sent once, and enqueue the e-mails.

    * deadline: learners of a cohort whose deadline is within DEADLINE_REMINDER_DAYS and who
      have not finished (once per cohort deadline);
    * inactivity: learners who have not finished and did nothing for INACTIVITY_DAYS (once per
      period of inactivity);
    * weekly summary: on WEEKLY_SUMMARY_WEEKDAY, to each adviser with active cohorts (once a week).
    People who turned reminders off get none. Returns the number sent of each kind.
    """
    today = today or timezone.localdate()
    opted_out = _opted_out_user_ids()
    sent = dict.fromkeys(ReminderLog.Kind.values, 0)
    with translation.override(settings.LANGUAGE_CODE):
        enrolments = list(
            Enrolment.objects.active()
            .exclude(user_id__in=opted_out)
            .select_related("user", "course", "cohort")
        )
        certified = set(
            Certificate.objects.filter(
                user_id__in={e.user_id for e in enrolments},
                course_id__in={e.course_id for e in enrolments},
            ).values_list("user_id", "course_id")
        )
        unfinished = [e for e in enrolments if (e.user_id, e.course_id) not in certified]
        my_courses = _site_url(reverse("courses:my_courses"))
        preferences = _site_url(reverse("courses:reminder_preferences"))
        footer = _("Připomínky můžete vypnout zde: {url}").format(url=preferences)

        for enrolment in unfinished:
            cohort = enrolment.cohort
            if cohort is None or cohort.deadline is None:
                continue
            days_left = (cohort.deadline - today).days
            if not 0 <= days_left <= DEADLINE_REMINDER_DAYS:
                continue
            if not _record_once(
                user_id=enrolment.user_id,
                kind=ReminderLog.Kind.DEADLINE,
                key=f"cohort-{cohort.pk}-{cohort.deadline.isoformat()}",
            ):
                continue
            _enqueue(
                subject=_("Blíží se termín kurzu {course}").format(course=enrolment.course.title),
                body="\n\n".join(
                    [
                        _("Dobrý den,"),
                        _(
                            "kurz „{course}“ ve skupině {cohort} je třeba dokončit do {deadline}. "
                            "Pokračovat můžete zde: {url}"
                        ).format(
                            course=enrolment.course.title,
                            cohort=cohort.name,
                            deadline=cohort.deadline.strftime("%d. %m. %Y"),
                            url=my_courses,
                        ),
                        footer,
                    ]
                ),
                email=enrolment.user.email,
            )
            sent[ReminderLog.Kind.DEADLINE] += 1

        inactive_since = timezone.now() - timedelta(days=INACTIVITY_DAYS)
        for enrolment in unfinished:
            if enrolment.last_activity_at > inactive_since:
                continue
            if not _record_once(
                user_id=enrolment.user_id,
                kind=ReminderLog.Kind.INACTIVITY,
                key=f"enrolment-{enrolment.pk}-{enrolment.last_activity_at.date().isoformat()}",
            ):
                continue
            _enqueue(
                subject=_("Čeká na vás kurz {course}").format(course=enrolment.course.title),
                body="\n\n".join(
                    [
                        _("Dobrý den,"),
                        _(
                            "v kurzu „{course}“ jste už nějakou dobu nepokročili. Navažte tam, kde "
                            "jste skončili: {url}"
                        ).format(course=enrolment.course.title, url=my_courses),
                        footer,
                    ]
                ),
                email=enrolment.user.email,
            )
            sent[ReminderLog.Kind.INACTIVITY] += 1

        if today.weekday() == WEEKLY_SUMMARY_WEEKDAY:
            sent[ReminderLog.Kind.WEEKLY_SUMMARY] = _weekly_summaries(
                today=today, opted_out=opted_out, footer=footer
            )
    return sent


def _weekly_summaries(*, today: date, opted_out: set[int], footer: str) -> int:
    from courses import dashboard

    year, week, _weekday = today.isocalendar()
    advisers = (
        User.objects.filter(advised_cohorts__isnull=False).exclude(pk__in=opted_out).distinct()
    )
    count = 0
    for adviser in advisers:
        rows = dashboard.cohort_rows(Cohort.objects.filter(adviser=adviser))
        active = [row for row in rows if row.enrolled]
        if not active:
            continue
        if not _record_once(
            user_id=adviser.pk, kind=ReminderLog.Kind.WEEKLY_SUMMARY, key=f"{year}-W{week:02d}"
        ):
            continue
        lines = [
            _(
                "{cohort} ({course}): zapsaní {enrolled}, dokončili {finished}, průměrný pokrok {percent} %, pozadu {behind}."
            ).format(
                cohort=row.cohort.name,
                course=row.cohort.course.title,
                enrolled=row.enrolled,
                finished=row.finished,
                percent=row.average_percent,
                behind=row.behind,
            )
            for row in active
        ]
        _enqueue(
            subject=ngettext(
                "Týdenní souhrn: {count} studijní skupina",
                "Týdenní souhrn: {count} studijních skupin",
                len(active),
            ).format(count=len(active)),
            body="\n\n".join(
                [
                    _("Dobrý den,"),
                    _("takto jsou na tom vaše studijní skupiny:"),
                    "\n".join(lines),
                    _("Podrobnosti: {url}").format(url=_site_url(reverse("courses:dashboard"))),
                    footer,
                ]
            ),
            email=adviser.email,
        )
        count += 1
    return count
