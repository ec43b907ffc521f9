"""What courses hold about a person: enrolments, progress, answers, certificates."""

from django.utils.translation import gettext_lazy as _

from courses.models import (
    Certificate,
    Cohort,
    CourseFeedback,
    Enrolment,
    EnrolmentEvent,
    LessonCompletion,
    QuizAttempt,
    QuizAttemptGrant,
    ReminderLog,
    ReminderPreference,
)
from privacy.registry import NotPersonal, OnErase, PersonalData, register, register_not_personal


def _still_advises_a_cohort(user):
    if Cohort.objects.filter(adviser=user).exists():
        return _(
            "Vedete skupiny v kurzech. Nejdřív je předejte jinému poradci, pak můžete účet smazat."
        )
    return None


def _certificates_without_name(user, options):
    """Certificates stay verifiable (employers rely on them); the name goes unless the
    person asked to keep it."""
    if not options.get("keep_name_on_certificates"):
        Certificate.objects.filter(user=user).update(learner_name="")


register(
    PersonalData(
        key="courses.enrolments",
        model=Enrolment,
        user_field="user",
        fields=("course.title", "cohort.name", "enrolled_at", "left_at", "last_activity_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="courses.completed_lessons",
        model=LessonCompletion,
        user_field="user",
        fields=("course.title", "lesson.title", "completed_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="courses.quiz_attempts",
        model=QuizAttempt,
        user_field="user",
        fields=("course.title", "lesson.title", "submitted_at", "score_percent", "passed"),
        extra_fields={
            "answers": lambda attempt: [
                {"question": answer.question_text, "correct": answer.is_correct}
                for answer in attempt.answers.all()
            ]
        },
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="courses.certificates",
        model=Certificate,
        user_field="user",
        fields=("code", "course_title", "learner_name", "hours", "issued_at"),
        on_erase=OnErase.KEEP,
        after_erase=_certificates_without_name,
    ),
    PersonalData(
        key="courses.course_feedback",
        model=CourseFeedback,
        user_field="user",
        fields=("course.title", "rating", "most_useful", "to_improve", "created_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="courses.reminder_preference",
        model=ReminderPreference,
        user_field="user",
        fields=("reminders_enabled",),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="courses.reminders_sent",
        model=ReminderLog,
        user_field="user",
        fields=("kind", "sent_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="courses.cohorts_advised",
        model=Cohort,
        user_field="adviser",
        fields=("course.title", "name", "start_date", "deadline"),
        on_erase=OnErase.KEEP,
        refuse_erasure=_still_advises_a_cohort,
    ),
)

register(
    PersonalData(
        key="courses.extra_attempts",
        model=QuizAttemptGrant,
        user_field="user",
        fields=("course.title", "lesson.title", "extra_attempts", "reason", "created_at"),
        on_erase=OnErase.DELETE,
    ),
    PersonalData(
        key="courses.enrolment_history",
        model=EnrolmentEvent,
        user_field="enrolment__user",
        fields=("enrolment.course.title", "kind", "from_cohort_name", "to_cohort_name"),
        on_erase=OnErase.DELETE,
    ),
)

register_not_personal(
    NotPersonal("courses.Certificate", "revoked_by", "the administrator who revoked"),
    NotPersonal("courses.EnrolmentEvent", "actor", "the adviser who moved or enrolled someone"),
    NotPersonal("courses.QuizAttemptGrant", "granted_by", "the adviser who added attempts"),
    NotPersonal(
        "courses.TeamCertificate", "issued_by", "the adviser who issued a town's certificate"
    ),
    NotPersonal("courses.TeamCertificate", "revoked_by", "who revoked a town's certificate"),
)
