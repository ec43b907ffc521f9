"""Writes of the courses app: enrolment, progress, quiz attempts, certificates and feedback
(reminders: `courses.reminders`). Keyword-only functions, each in one transaction; rules
checked here raise `CourseError` with a Czech message for the person and the HTTP status the view answers with.
"""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from courses import attempts, emails, permissions, progress, queries
from courses.models import (
    Certificate,
    Cohort,
    CourseFeedback,
    CoursePage,
    Enrolment,
    EnrolmentEvent,
    LessonCompletion,
    LessonPage,
    QuizAnswer,
    QuizAttempt,
    QuizAttemptGrant,
    ReminderPreference,
)

# Re-exported: reminders live in courses.reminders, beside kb.reviews.
from courses.reminders import reminder_preference_set, reminders_send_due  # noqa: F401


class CourseError(Exception):
    """A request the rules do not allow; the message is for the person who made it."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


# --- enrolment --------------------------------------------------------------------------


def _enrolment_for_update(*, user, course) -> Enrolment | None:
    return Enrolment.objects.select_for_update().filter(user=user, course=course).first()


def _event(
    enrolment: Enrolment,
    kind: str,
    *,
    actor: User | None,
    from_cohort: Cohort | None = None,
    to_cohort: Cohort | None = None,
) -> EnrolmentEvent:
    return EnrolmentEvent(
        enrolment=enrolment,
        kind=kind,
        actor=actor,
        from_cohort=from_cohort,
        from_cohort_name=from_cohort.name if from_cohort else "",
        to_cohort=to_cohort,
        to_cohort_name=to_cohort.name if to_cohort else "",
    )


def _remember_language(*, user: User, language: str) -> None:
    """Keep the language someone studies in as the language of their course e-mails, unless
    they chose one already."""
    if not language or ReminderPreference.objects.filter(user=user).exists():
        return
    try:
        with transaction.atomic():
            ReminderPreference.objects.create(user=user, language=language)
    except IntegrityError:  # created a moment ago by a parallel request: theirs stays
        pass


@transaction.atomic
def enrolment_create(
    *,
    user: User,
    course: CoursePage,
    cohort: Cohort | None = None,
    by_adviser: bool = False,
    actor: User | None = None,
    language: str = "",
) -> tuple[Enrolment, bool]:
    """Enrol the person (or bring back one who left). Returns (enrolment, changed): `changed` is
    False when they were already enrolled, so a second click (even one arriving at the same
    moment) does nothing and never fails.

    Someone studying in another cohort of the course is never moved from here: that is
    `enrolment_move`, which an adviser chooses explicitly."""
    if cohort is not None and cohort.course_id != course.pk:
        raise CourseError(_("Skupina patří k jinému kurzu."), status=400)
    if not by_adviser and not course.is_open_for_self_enrolment:
        raise CourseError(
            _("Do tohoto kurzu se nelze zapsat sám. Zapíše vás poradce vaší skupiny."), status=403
        )
    if actor is None and not by_adviser:
        actor = user
    if not by_adviser:
        _remember_language(user=user, language=language)
    enrolment = _enrolment_for_update(user=user, course=course)
    if enrolment is not None:
        if enrolment.is_active and (cohort is None or enrolment.cohort_id == cohort.pk):
            return enrolment, False
        if enrolment.is_active and enrolment.cohort_id is not None:
            raise CourseError(
                _(
                    "Účastník studuje v jiné skupině tohoto kurzu ({cohort}). Přesunout ho "
                    "můžete při hromadném zápisu, když ho zaškrtnete."
                ).format(cohort=enrolment.cohort.name),
                status=409,
            )
        was_active = enrolment.is_active
        previous = enrolment.cohort
        enrolment.left_at = None
        enrolment.last_activity_at = timezone.now()
        if cohort is not None:
            enrolment.cohort = cohort
        enrolment.save(update_fields=["left_at", "last_activity_at", "cohort"])
        events = []
        if not was_active:
            events.append(_event(enrolment, EnrolmentEvent.Kind.RETURNED, actor=actor))
        if cohort is not None and previous != cohort:
            kind = EnrolmentEvent.Kind.MOVED if previous else EnrolmentEvent.Kind.JOINED_COHORT
            events.append(
                _event(enrolment, kind, actor=actor, from_cohort=previous, to_cohort=cohort)
            )
        EnrolmentEvent.objects.bulk_create(events)
        return enrolment, True
    enrolment = Enrolment(user=user, course=course, cohort=cohort, enrolled_at=timezone.now())
    # The unique constraint is checked by the database below; checking it here as well would
    # turn a parallel click into a ValidationError (a 500) instead of "already enrolled".
    enrolment.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # enrolled by a parallel request a moment ago
        return Enrolment.objects.get(user=user, course=course), False
    _event(enrolment, EnrolmentEvent.Kind.ENROLLED, actor=actor, to_cohort=cohort).save()
    return enrolment, True


@transaction.atomic
def enrolment_leave(*, enrolment: Enrolment) -> None:
    """Leave the course; progress is kept in case the person comes back."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not enrolment.is_active:
        raise CourseError(_("Z tohoto kurzu už jste odhlášeni."), status=409)
    enrolment.left_at = timezone.now()
    enrolment.save(update_fields=["left_at"])
    _event(enrolment, EnrolmentEvent.Kind.LEFT, actor=enrolment.user).save()


def _move(enrolment: Enrolment, cohort: Cohort, *, actor: User) -> EnrolmentEvent:
    """Put the enrolment in `cohort` (the caller saves it) and return the history line.
    Progress belongs to the person and the course, so nothing of it changes."""
    event = _event(
        enrolment,
        EnrolmentEvent.Kind.MOVED,
        actor=actor,
        from_cohort=enrolment.cohort,
        to_cohort=cohort,
    )
    enrolment.cohort = cohort
    return event


@transaction.atomic
def enrolment_move(*, enrolment: Enrolment, cohort: Cohort, actor: User) -> Enrolment:
    """Move a learner to another cohort of the same course, keeping their progress; the move
    is a line in their history (and on the dashboards of both cohorts). The actor must manage
    the target cohort, as in the bulk enrolment."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=enrolment.pk)
    )
    if cohort.course_id != enrolment.course_id:
        raise CourseError(_("Skupina patří k jinému kurzu."), status=400)
    if not permissions.can_manage_cohort(actor, cohort):
        raise CourseError(_("Tuto skupinu nevedete, nemůžete do ní zapisovat."), status=403)
    if enrolment.cohort_id == cohort.pk:
        return enrolment
    event = _move(enrolment, cohort, actor=actor)
    enrolment.save(update_fields=["cohort"])
    event.save()
    return enrolment


@dataclass
class BulkEnrolmentResult:
    added: int  # enrolled now, or joined this cohort from self-study, or came back
    moved: int  # moved here from another cohort of the course (chosen by the adviser)
    not_moved: int  # in another cohort or left the course, and not chosen: untouched


@transaction.atomic
def cohort_enrol_organisation_staff(
    *,
    cohort: Cohort,
    organisation: Organisation,
    actor: User,
    chosen_user_ids: frozenset[int] | set[int] = frozenset(),
) -> BulkEnrolmentResult:
    """Enrol the members of the organisation in the cohort's course and this cohort.

    People not enrolled yet are enrolled; people studying the course on their own join the
    cohort. People in another cohort of the course, or who left the course, are moved here or
    brought back only when their id is in `chosen_user_ids` (the adviser ticked them in the
    preview). Progress belongs to the person and the course, so a move keeps all of it; every
    change is a line in the learner's history."""
    if not permissions.can_manage_cohort(actor, cohort):
        raise CourseError(_("Tuto skupinu nevedete, nemůžete do ní zapisovat."), status=403)
    plan = queries.bulk_enrolment_plan(cohort, organisation, for_update=True)
    cohort.organisations.add(organisation)
    now = timezone.now()
    events = []
    new = Enrolment.objects.bulk_create(
        [
            Enrolment(user=user, course_id=cohort.course_id, cohort=cohort, enrolled_at=now)
            for user in plan.new_users
        ]
    )
    if new and new[0].pk is None:  # databases that do not return ids of bulk inserts
        new = list(
            Enrolment.objects.filter(
                course_id=cohort.course_id, cohort=cohort, user__in=plan.new_users
            )
        )
    events += [_event(e, EnrolmentEvent.Kind.ENROLLED, actor=actor, to_cohort=cohort) for e in new]
    changed = []
    for item in plan.joining:
        item.enrolment.cohort = cohort
        changed.append(item.enrolment)
        events.append(
            _event(item.enrolment, EnrolmentEvent.Kind.JOINED_COHORT, actor=actor, to_cohort=cohort)
        )
    returned = [item for item in plan.left if item.enrolment.user_id in chosen_user_ids]
    for item in returned:
        previous = item.enrolment.cohort
        item.enrolment.left_at = None
        item.enrolment.last_activity_at = now
        item.enrolment.cohort = cohort
        changed.append(item.enrolment)
        events.append(
            _event(
                item.enrolment,
                EnrolmentEvent.Kind.RETURNED,
                actor=actor,
                from_cohort=previous,
                to_cohort=cohort,
            )
        )
    moved = [item for item in plan.in_other_cohort if item.enrolment.user_id in chosen_user_ids]
    for item in moved:
        events.append(_move(item.enrolment, cohort, actor=actor))
        changed.append(item.enrolment)
    Enrolment.objects.bulk_update(changed, ["left_at", "last_activity_at", "cohort"])
    EnrolmentEvent.objects.bulk_create(events)
    # Bulk writes send no signals: the town's working group is brought in step here.
    from courses.cohort_groups import course_groups_sync

    course_groups_sync(course_id=cohort.course_id, user_ids={e.user_id for e in [*new, *changed]})
    return BulkEnrolmentResult(
        added=len(new) + len(plan.joining) + len(returned),
        moved=len(moved),
        not_moved=len(plan.in_other_cohort) + len(plan.left) - len(moved) - len(returned),
    )


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


def _attempt_with_token(token: uuid.UUID) -> QuizAttempt | None:
    return QuizAttempt.objects.filter(token=token).first()


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
    existing = _attempt_with_token(token)
    if existing is not None:
        if existing.user_id != user.pk or existing.lesson_id != lesson.pk:
            raise CourseError(_("Tento formulář kvízu nepatří k vašemu pokusu."), status=400)
        return QuizResult(existing, False)
    questions = list(lesson.quiz_questions.prefetch_related("options"))
    if not questions:
        raise CourseError(_("Tato lekce nemá kvíz."), status=404)
    state = attempts.quiz_state(user, lesson)
    if state.passed:
        raise CourseError(_("Tento kvíz už máte splněný. Pokračujte další lekcí."), status=409)
    if not state.can_submit:
        raise CourseError(
            _(
                "Využili jste všechny pokusy o tento kvíz. Další pokus můžete odeslat od "
                "{when}; dřív jen tehdy, když vám ho přidá poradce."
            ).format(when=_when(state.next_attempt_at)),
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
    # The token's uniqueness is the database's to check: a second copy of the form arriving
    # at this moment is caught below and answered with the first attempt.
    attempt.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # the same form sent twice at the same moment
        existing = QuizAttempt.objects.get(token=token)
        if existing.user_id != user.pk or existing.lesson_id != lesson.pk:
            raise CourseError(
                _("Tento formulář kvízu nepatří k vašemu pokusu."), status=400
            ) from None
        return QuizResult(existing, False)
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


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "j. n. Y H:i")


@transaction.atomic
def quiz_attempts_grant(
    *, actor: User, enrolment: Enrolment, lesson: LessonPage, extra_attempts: int, reason: str
) -> QuizAttemptGrant:
    """Give a learner more attempts at a lesson's quiz now (no waiting), with the reason.

    Advisers for the learners of their cohorts, administrators for everyone; never for
    oneself. The learner gets an e-mail in their language."""
    if not permissions.can_grant_attempts(actor, enrolment):
        raise CourseError(_("Tomuto účastníkovi pokusy přidat nemůžete."), status=403)
    if lesson.course_page().pk != enrolment.course_id:
        raise CourseError(_("Lekce nepatří ke kurzu, který účastník studuje."), status=400)
    if not lesson.quiz_questions.exists():
        raise CourseError(_("Tato lekce nemá kvíz."), status=400)
    enrolment = Enrolment.objects.select_for_update().select_related("user").get(pk=enrolment.pk)
    if attempts.quiz_state(enrolment.user, lesson).passed:
        raise CourseError(
            _("Účastník má tento kvíz už splněný; další pokusy nepotřebuje."), status=409
        )
    grant = QuizAttemptGrant(
        user=enrolment.user,
        lesson=lesson,
        course_id=enrolment.course_id,
        extra_attempts=extra_attempts,
        reason=reason.strip(),
        granted_by=actor,
    )
    grant.full_clean()
    grant.save()
    emails.send(user=enrolment.user, template="attempts_granted", context={"grant": grant})
    return grant


# --- certificates and feedback ----------------------------------------------------------


@transaction.atomic
def certificate_issue_if_complete(*, user: User, course: CoursePage) -> Certificate | None:
    """Issue the certificate once every required lesson and quiz is done (once per course),
    naming the course's issuer and signatory as they are today, and tell the learner."""
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
        issuer_name=course.issuer_name,
        signatory_name=course.certificate_signatory_name,
        signatory_role=course.certificate_signatory_role,
    )
    certificate.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.get(user=user, course=course)
    emails.send(user=user, template="certificate_issued", context={"certificate": certificate})
    return certificate


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate (administrators only), with the reason the public page shows."""
    if not permissions.can_revoke_certificate(actor):
        raise CourseError(_("Certifikáty mohou rušit jen správci."), status=403)
    reason = reason.strip()
    if not reason:
        raise CourseError(_("Napište důvod zrušení; ukáže se každému, kdo certifikát ověřuje."))
    certificate = (
        Certificate.objects.select_for_update().select_related("user").get(pk=certificate.pk)
    )
    if certificate.is_revoked:
        raise CourseError(_("Tento certifikát už je zrušený."), status=409)
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason
    certificate.revoked_by = actor
    certificate.full_clean(validate_unique=False)
    certificate.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    emails.send(
        user=certificate.user, template="certificate_revoked", context={"certificate": certificate}
    )
    return certificate


def _feedback_of(*, user, course) -> CourseFeedback | None:
    return CourseFeedback.objects.filter(user=user, course=course).first()


@transaction.atomic
def course_feedback_submit(
    *, user: User, course: CoursePage, rating: int, most_useful: str = "", to_improve: str = ""
) -> tuple[CourseFeedback, bool]:
    """Store the learner's evaluation once. Returns (feedback, created): a second submission
    (a double click, even at the same moment) returns the first one and changes nothing."""
    if not Certificate.objects.filter(user=user, course=course).exists():
        raise CourseError(
            _("Kurz můžete ohodnotit, až ho dokončíte. Chybí vám ještě některé lekce nebo kvízy."),
            status=403,
        )
    existing = _feedback_of(user=user, course=course)
    if existing is not None:
        return existing, False
    feedback = CourseFeedback(
        user=user, course=course, rating=rating, most_useful=most_useful, to_improve=to_improve
    )
    # The unique constraint is the database's to check (see enrolment_create).
    feedback.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # the same form sent twice at the same moment
        return CourseFeedback.objects.get(user=user, course=course), False
    return feedback, True
