"""Course reminders: a cohort's approaching deadline, a learner's inactivity, the advisers'
weekly summary; each written to `ReminderLog` once (unique person, kind and key) before its
e-mail goes out, so running the daily job twice never sends twice. `ReminderPreference` turns
them off. Run by `courses_send_reminders` or the `courses.tasks.reminders_send` task.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from courses import dashboard, emails
from courses.models import Certificate, Cohort, Enrolment, ReminderLog, ReminderPreference

DEADLINE_REMINDER_DAYS = 7
INACTIVITY_DAYS = 14
WEEKLY_SUMMARY_WEEKDAY = 0  # Monday (date.weekday())


@transaction.atomic
def reminder_preference_set(
    *, user: User, enabled: bool, language: str | None = None
) -> ReminderPreference:
    """Reminders on or off and, when given, the language of course e-mails ("" = the site's)."""
    defaults: dict = {"reminders_enabled": enabled}
    if language is not None:
        defaults["language"] = language
    preference, _created = ReminderPreference.objects.update_or_create(user=user, defaults=defaults)
    return preference


def _record_once(*, user_id: int, kind: str, key: str) -> bool:
    """Record that a reminder goes out; False if it already did (then it is not sent again)."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(user_id=user_id, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


# The e-mail template of each kind of reminder (templates/courses/email/<name>.txt).
REMINDER_TEMPLATES = {
    ReminderLog.Kind.DEADLINE: "reminder_deadline",
    ReminderLog.Kind.INACTIVITY: "reminder_inactivity",
    ReminderLog.Kind.WEEKLY_SUMMARY: "weekly_summary",
}


def _remind_once(*, user: User, kind: str, key: str, context: dict, language: str) -> int:
    """Send the reminder unless it was sent already; 1 when it goes out, else 0."""
    if not _record_once(user_id=user.pk, kind=kind, key=key):
        return 0
    emails.send(user=user, template=REMINDER_TEMPLATES[kind], context=context, language=language)
    return 1


def _opted_out_user_ids() -> set[int]:
    return set(
        ReminderPreference.objects.filter(reminders_enabled=False).values_list("user_id", flat=True)
    )


@transaction.atomic
def reminders_send_due(*, today: date | None = None) -> dict[str, int]:
    """Find due reminders, record each so that it is sent once, and send the e-mails (each in
    its recipient's language).

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
    languages = emails.languages_of({e.user_id: e.user for e in unfinished}.values())

    for enrolment in unfinished:
        cohort = enrolment.cohort
        if cohort is None or cohort.deadline is None:
            continue
        days_left = (cohort.deadline - today).days
        if not 0 <= days_left <= DEADLINE_REMINDER_DAYS:
            continue
        sent[ReminderLog.Kind.DEADLINE] += _remind_once(
            user=enrolment.user,
            kind=ReminderLog.Kind.DEADLINE,
            key=f"cohort-{cohort.pk}-{cohort.deadline.isoformat()}",
            context={"course": enrolment.course, "cohort": cohort},
            language=languages[enrolment.user_id],
        )

    inactive_since = timezone.now() - timedelta(days=INACTIVITY_DAYS)
    for enrolment in unfinished:
        if enrolment.last_activity_at > inactive_since:
            continue
        sent[ReminderLog.Kind.INACTIVITY] += _remind_once(
            user=enrolment.user,
            kind=ReminderLog.Kind.INACTIVITY,
            key=f"enrolment-{enrolment.pk}-{enrolment.last_activity_at.date().isoformat()}",
            context={"course": enrolment.course},
            language=languages[enrolment.user_id],
        )

    if today.weekday() == WEEKLY_SUMMARY_WEEKDAY:
        sent[ReminderLog.Kind.WEEKLY_SUMMARY] = _weekly_summaries(today=today, opted_out=opted_out)
    return sent


def _weekly_summaries(*, today: date, opted_out: set[int]) -> int:
    year, week, _weekday = today.isocalendar()
    advisers = list(
        User.objects.filter(advised_cohorts__isnull=False).exclude(pk__in=opted_out).distinct()
    )
    languages = emails.languages_of(advisers)
    count = 0
    for adviser in advisers:
        rows = dashboard.cohort_rows(Cohort.objects.filter(adviser=adviser))
        active = [row for row in rows if row.enrolled]
        if not active:
            continue
        count += _remind_once(
            user=adviser,
            kind=ReminderLog.Kind.WEEKLY_SUMMARY,
            key=f"{year}-W{week:02d}",
            context={"rows": active},
            language=languages[adviser.pk],
        )
    return count
