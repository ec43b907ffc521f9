"""Reminders: deadline, inactivity, weekly adviser summary; each sent once; opt-out respected."""

import io
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.roles import Role
from courses import services
from courses.models import Enrolment, ReminderLog
from tests.courses.factories import CohortFactory, complete_course, course_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 5, 4)


@pytest.fixture
def built(home_page):
    return course_create(quiz=False, lessons_per_module=1)


@pytest.fixture
def cohort(built):
    return CohortFactory(
        course=built.course,
        adviser=user_with_role(Role.ADVISER),
        start_date=MONDAY - timedelta(days=30),
        deadline=MONDAY + timedelta(days=5),
    )


def _enrol(built, cohort, **kwargs):
    user = user_with_role(Role.LEARNER)
    services.enrolment_create(user=user, course=built.course, cohort=cohort, by_adviser=True)
    if kwargs:
        Enrolment.objects.filter(user=user).update(**kwargs)
    return user


def _run(today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.reminders_send_due(today=today)


def test_deadline_reminder_sent_once(built, cohort, mailoutbox, django_capture_on_commit_callbacks):
    learner = _enrol(built, cohort)
    tuesday = MONDAY + timedelta(days=1)
    sent = _run(tuesday, django_capture_on_commit_callbacks)
    assert sent["deadline"] == 1
    assert [message.to for message in mailoutbox] == [[learner.email]]
    assert "Blíží se termín" in mailoutbox[0].subject
    assert "/studium/upozorneni/" in mailoutbox[0].body
    assert _run(tuesday + timedelta(days=1), django_capture_on_commit_callbacks)["deadline"] == 0
    assert len(mailoutbox) == 1


def test_no_deadline_reminder_too_early_or_after_finishing(
    built, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    finished = _enrol(built, cohort)
    complete_course(built, finished)
    early = MONDAY - timedelta(days=10)
    assert _run(early, django_capture_on_commit_callbacks)["deadline"] == 0
    assert _run(MONDAY + timedelta(days=1), django_capture_on_commit_callbacks)["deadline"] == 0
    assert mailoutbox == []


def test_inactivity_reminder_sent_once_per_idle_period(
    built, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    cohort.deadline = None
    cohort.save()
    learner = _enrol(built, cohort, last_activity_at=timezone.now() - timedelta(days=20))
    _enrol(built, cohort)  # active: nothing
    tuesday = MONDAY + timedelta(days=1)
    assert _run(tuesday, django_capture_on_commit_callbacks)["inactivity"] == 1
    assert _run(tuesday, django_capture_on_commit_callbacks)["inactivity"] == 0
    assert [message.to for message in mailoutbox] == [[learner.email]]


def test_opted_out_learners_get_no_reminders(
    built, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    learner = _enrol(built, cohort, last_activity_at=timezone.now() - timedelta(days=20))
    services.reminder_preference_set(user=learner, enabled=False)
    sent = _run(MONDAY + timedelta(days=1), django_capture_on_commit_callbacks)
    assert sent["deadline"] == 0 and sent["inactivity"] == 0
    assert mailoutbox == []


def test_weekly_summary_to_the_adviser_once_a_week(
    built, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    cohort.deadline = None
    cohort.save()
    _enrol(built, cohort)
    assert (
        _run(MONDAY + timedelta(days=1), django_capture_on_commit_callbacks)["weekly_summary"] == 0
    )
    assert _run(MONDAY, django_capture_on_commit_callbacks)["weekly_summary"] == 1
    assert _run(MONDAY, django_capture_on_commit_callbacks)["weekly_summary"] == 0
    (message,) = mailoutbox
    assert message.to == [cohort.adviser.email]
    assert cohort.name in message.body and "zapsaní 1" in message.body
    assert ReminderLog.objects.filter(kind="weekly_summary").count() == 1


def test_command_reports_what_it_sent(
    built, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    _enrol(built, cohort)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("courses_send_reminders", "--date", MONDAY.isoformat(), stdout=out)
    assert "deadline 1" in out.getvalue() and "weekly_summary 1" in out.getvalue()
    assert len(mailoutbox) == 2


def test_task_runs_the_same_rules(built, cohort, mailoutbox, django_capture_on_commit_callbacks):
    from courses.tasks import reminders_send

    _enrol(built, cohort)
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders_send.enqueue(today=(MONDAY + timedelta(days=1)).isoformat())
    assert result.return_value["deadline"] == 1


def test_reminders_are_in_each_recipients_language(
    built, cohort, mailoutbox, django_capture_on_commit_callbacks
):
    from courses.models import ReminderPreference

    czech = _enrol(built, cohort)
    english = _enrol(built, cohort)
    ReminderPreference.objects.create(user=english, language="en")
    with translation.override("en"):  # whoever runs the command does not decide
        _run(MONDAY + timedelta(days=1), django_capture_on_commit_callbacks)
    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert bodies[czech.email].startswith("Dobrý den,")
    assert "http://testserver/studium/" in bodies[czech.email]
    assert bodies[english.email].startswith("Hello,")
    assert "http://testserver/en/studium/" in bodies[english.email]
