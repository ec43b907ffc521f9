"""The demo course: five lessons with quizzes, cohorts with learners at different stages."""

import io

import pytest
from django.core.management import call_command

from courses import queries
from courses.models import (
    Certificate,
    Cohort,
    CoursePage,
    Enrolment,
    EnrolmentEvent,
    LessonPage,
    QuizAttemptGrant,
    QuizGrading,
    QuizQuestion,
)
from home.models import HomePageSection

pytestmark = pytest.mark.django_db


def test_load_demo_creates_the_course_and_is_idempotent(demo_site):
    lessons = LessonPage.objects.live()
    assert lessons.count() == 5
    for lesson in lessons:
        assert 2 <= QuizQuestion.objects.filter(lesson=lesson).count() <= 4
    cohorts = Cohort.objects.all()
    assert {cohort.adviser.email for cohort in cohorts} == {"poradce@demo.example"}
    assert Certificate.objects.filter(user__email="ucastnice.jihlava@demo.example").exists()
    assert Enrolment.objects.filter(user__email="studujici@demo.example").exists()
    # The new settings and what advisers do with them are shown.
    course = CoursePage.objects.get(slug="housing-first-v-obci")
    assert course.certificate_issuer and course.certificate_signatory_name
    assert LessonPage.objects.filter(quiz_max_attempts=0).exists()
    assert LessonPage.objects.filter(quiz_grading=QuizGrading.LAST, quiz_show_answers=False)
    assert QuizAttemptGrant.objects.filter(reason__gt="").exists()
    assert Certificate.objects.filter(revoked_at__isnull=False).exclude(revocation_reason="")
    assert EnrolmentEvent.objects.filter(kind=EnrolmentEvent.Kind.MOVED).exists()
    (waiting,) = queries.attempts_used_up(Enrolment.objects.active())
    assert waiting.enrolment.user.email == "ucastnice.liberec@demo.example"
    section = HomePageSection.objects.get(title="Kurzy")
    assert section.link_page.slug == "kurzy"
    counts = (LessonPage.objects.count(), Enrolment.objects.count(), Certificate.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        LessonPage.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
    ) == counts
