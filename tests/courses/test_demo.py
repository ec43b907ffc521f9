"""The demo course: five lessons with quizzes, cohorts with learners at different stages."""

import io

import pytest
from django.core.management import call_command

from core.models import HomePageSection
from courses.models import Certificate, Cohort, Enrolment, LessonPage, QuizQuestion

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
    section = HomePageSection.objects.get(title="Kurzy")
    assert section.link_page.slug == "kurzy"
    counts = (LessonPage.objects.count(), Enrolment.objects.count(), Certificate.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (
        LessonPage.objects.count(),
        Enrolment.objects.count(),
        Certificate.objects.count(),
    ) == counts
