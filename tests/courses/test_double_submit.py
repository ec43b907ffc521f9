"""Double submits never give a 500: enrolment, the course evaluation and quiz attempts are
idempotent under their unique constraints, also when the second request arrives while the
first is still being written (simulated: the read before the insert sees nothing)."""

import uuid

import pytest
from django.urls import reverse

from accounts.roles import Role
from courses import services
from courses.models import CourseFeedback, Enrolment, EnrolmentEvent, QuizAttempt
from tests.courses.factories import complete_course, course_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(home_page):
    return course_create(lessons_per_module=1, questions_per_quiz=1)


@pytest.fixture
def learner():
    return user_with_role(Role.LEARNER)


def _route(page, name):
    """The address of a course's or lesson's action (URL patterns of `courses.urls`)."""
    if name in {"enrol", "leave", "feedback"}:
        return reverse(f"courses:course_{name}", args=[page.slug])
    module = page.get_parent()
    view = {"complete": "courses:lesson_complete", "quiz": "courses:quiz_attempt_submit"}[name]
    return reverse(view, args=[module.get_parent().slug, module.slug, page.slug])


def test_enrolment_race_returns_the_first_enrolment(built, learner, monkeypatch):
    first, created = services.enrolment_create(user=learner, course=built.course)
    assert created
    # The second request read before the first one committed: it sees no enrolment.
    monkeypatch.setattr(services, "_enrolment_for_update", lambda **kwargs: None)
    second, created = services.enrolment_create(user=learner, course=built.course)
    assert not created and second.pk == first.pk
    assert Enrolment.objects.count() == 1
    assert EnrolmentEvent.objects.count() == 1


def test_double_click_on_enrol_gives_the_first_result(client, built, learner, monkeypatch):
    client.force_login(learner)
    assert client.post(_route(built.course, "enrol")).status_code == 302
    monkeypatch.setattr(services, "_enrolment_for_update", lambda **kwargs: None)
    response = client.post(_route(built.course, "enrol"), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "Do tohoto kurzu už jste zapsáni." in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_feedback_race_keeps_the_first_evaluation(built, learner, monkeypatch):
    services.enrolment_create(user=learner, course=built.course)
    complete_course(built, learner)
    first, created = services.course_feedback_submit(user=learner, course=built.course, rating=5)
    assert created
    monkeypatch.setattr(services, "_feedback_of", lambda **kwargs: None)
    second, created = services.course_feedback_submit(user=learner, course=built.course, rating=2)
    assert not created and second.pk == first.pk
    assert CourseFeedback.objects.get().rating == 5


def test_double_click_on_feedback_gives_the_first_result(client, built, learner, monkeypatch):
    services.enrolment_create(user=learner, course=built.course)
    complete_course(built, learner)
    client.force_login(learner)
    assert client.post(_route(built.course, "feedback"), {"rating": "4"}).status_code == 302
    monkeypatch.setattr(services, "_feedback_of", lambda **kwargs: None)
    response = client.post(_route(built.course, "feedback"), {"rating": "1"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "Kurz jste ohodnotili: 4 z 5" in response.content.decode()
    assert CourseFeedback.objects.get().rating == 4


def test_quiz_token_race_counts_one_attempt(client, built, learner, monkeypatch):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    token = uuid.uuid4()
    answers = built.wrong_answers(lesson)
    services.quiz_attempt_submit(
        user=learner, lesson=lesson, course=built.course, token=token, answers=answers
    )
    monkeypatch.setattr(services, "_attempt_with_token", lambda token: None)
    client.force_login(learner)
    data = {"pokus": str(token)} | {f"otazka-{key}": value for key, value in answers.items()}
    response = client.post(_route(lesson, "quiz"), data, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "znovu se nepočítá" in response.content.decode()
    assert QuizAttempt.objects.count() == 1
