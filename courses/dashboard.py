"""Figures of the adviser dashboard: cohorts, organisations, learners behind, quiz questions
most often failed, course feedback. Each function takes the cohorts the viewer may see
(`Cohort.objects.visible_to(user)`) and runs a fixed number of queries whatever their size.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from accounts.models import Membership
from courses import progress
from courses.models import Certificate, Cohort, CourseFeedback, Enrolment, QuizAnswer

STUCK_AFTER_DAYS = 14


@dataclass
class LearnerRow:
    enrolment: Enrolment
    percent: int
    is_complete: bool
    certificate_code: str
    organisations: list
    is_overdue: bool
    is_stuck: bool

    @property
    def user(self):
        return self.enrolment.user

    @property
    def status(self) -> str:
        from django.utils.translation import gettext as _

        if not self.enrolment.is_active:
            return _("odhlášen(a)")
        if self.is_complete:
            return _("dokončeno")
        if self.is_overdue:
            return _("po termínu")
        if self.is_stuck:
            return _("bez aktivity")
        if self.percent == 0:
            return _("nezačal(a)")
        return _("studuje")


@dataclass
class CohortRow:
    cohort: Cohort
    learners: list[LearnerRow] = field(default_factory=list)

    @property
    def active(self) -> list[LearnerRow]:
        return [row for row in self.learners if row.enrolment.is_active]

    @property
    def enrolled(self) -> int:
        return len(self.active)

    @property
    def finished(self) -> int:
        return sum(1 for row in self.active if row.is_complete)

    @property
    def behind(self) -> int:
        return sum(1 for row in self.active if row.is_overdue or row.is_stuck)

    @property
    def average_percent(self) -> int:
        rows = self.active
        return sum(row.percent for row in rows) // len(rows) if rows else 0


@dataclass
class OrganisationRow:
    organisation: object
    enrolled: int = 0
    finished: int = 0
    percent_total: int = 0

    @property
    def average_percent(self) -> int:
        return self.percent_total // self.enrolled if self.enrolled else 0


def _learner_rows(enrolments) -> list[LearnerRow]:
    enrolments = list(enrolments)
    progress_by_id = progress.progress_for_enrolments(enrolments)
    certificates = {
        (user_id, course_id): code
        for user_id, course_id, code in Certificate.objects.filter(
            user_id__in={e.user_id for e in enrolments},
            course_id__in={e.course_id for e in enrolments},
        ).values_list("user_id", "course_id", "code")
    }
    today = timezone.localdate()
    stuck_before = timezone.now() - timedelta(days=STUCK_AFTER_DAYS)
    rows = []
    for enrolment in enrolments:
        learner = progress_by_id[enrolment.pk]
        code = certificates.get((enrolment.user_id, enrolment.course_id), "")
        complete = bool(code) or learner.is_complete
        deadline = enrolment.cohort.deadline if enrolment.cohort else None
        rows.append(
            LearnerRow(
                enrolment=enrolment,
                percent=100 if code else learner.percent,
                is_complete=complete,
                certificate_code=code,
                organisations=[m.organisation for m in enrolment.user.memberships.all()],
                is_overdue=not complete and deadline is not None and deadline < today,
                is_stuck=not complete and enrolment.last_activity_at < stuck_before,
            )
        )
    return rows


def _enrolments_of(cohorts):
    return (
        Enrolment.objects.filter(cohort__in=cohorts)
        .select_related("user", "cohort", "course")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.select_related("organisation"),
            )
        )
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def cohort_rows(cohorts) -> list[CohortRow]:
    """One row per cohort with its learners' figures (seven queries)."""
    cohorts = list(cohorts.select_related("course", "adviser").prefetch_related("organisations"))
    by_id = {cohort.pk: CohortRow(cohort) for cohort in cohorts}
    for row in _learner_rows(_enrolments_of(cohorts)):
        by_id[row.enrolment.cohort_id].learners.append(row)
    return list(by_id.values())


def learner_rows_of_cohort(cohort) -> list[LearnerRow]:
    return _learner_rows(_enrolments_of([cohort]))


def organisation_rows(rows: list[CohortRow]) -> list[OrganisationRow]:
    """Per organisation of the cohorts: active learners, finished, average progress.

    A learner counts for each of their organisations that takes part in the cohort."""
    result: dict[int, OrganisationRow] = {}
    for row in rows:
        cohort_organisations = {o.pk: o for o in row.cohort.organisations.all()}
        for learner in row.active:
            for organisation in learner.organisations:
                if organisation.pk not in cohort_organisations:
                    continue
                item = result.setdefault(organisation.pk, OrganisationRow(organisation))
                item.enrolled += 1
                item.finished += int(learner.is_complete)
                item.percent_total += learner.percent
    return sorted(result.values(), key=lambda item: str(item.organisation))


def behind_rows(rows: list[CohortRow]) -> list[tuple[CohortRow, LearnerRow]]:
    return [
        (row, learner)
        for row in rows
        for learner in row.active
        if learner.is_overdue or learner.is_stuck
    ]


def failed_questions(cohorts, limit: int = 10):
    """The quiz questions the cohorts' learners most often answered wrongly (one query)."""
    in_cohorts = Enrolment.objects.filter(
        user_id=OuterRef("attempt__user_id"),
        course_id=OuterRef("attempt__course_id"),
        cohort_id__in=[cohort.pk for cohort in cohorts],
    )
    return list(
        QuizAnswer.objects.filter(Exists(in_cohorts))
        .values("question_text", "attempt__lesson__title")
        .annotate(answered=Count("pk"), failed=Count("pk", filter=Q(is_correct=False)))
        .filter(failed__gt=0)
        .order_by("-failed", "question_text")[:limit]
    )


def feedback_summary(cohorts):
    """Average rating and the latest comments of the cohorts' learners (two queries)."""
    in_cohorts = Enrolment.objects.filter(
        user_id=OuterRef("user_id"),
        course_id=OuterRef("course_id"),
        cohort_id__in=[cohort.pk for cohort in cohorts],
    )
    feedback = CourseFeedback.objects.filter(Exists(in_cohorts))
    averages = list(
        feedback.values("course__title")
        .annotate(count=Count("pk"), average=Avg("rating"))
        .order_by("course__title")
    )
    comments = list(
        feedback.exclude(most_useful="", to_improve="")
        .select_related("course")
        .order_by("-created_at")[:20]
    )
    return averages, comments
