"""Quiz attempt policies (Moodle-like): per-learner limits, waiting, granted attempts,
unlimited quizzes, which attempt counts, answers shown or not; what the lesson page offers."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from courses import attempts, services
from courses.models import (
    Enrolment,
    LessonPage,
    QuizAttempt,
    QuizAttemptGrant,
    QuizGrading,
)
from tests.courses.factories import CohortFactory, course_create, fail_quiz
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(home_page):
    # One lesson, a two-question quiz, two attempts, 24 hours of waiting after them.
    return course_create(lessons_per_module=1)


@pytest.fixture
def lesson(built):
    return built.lessons[0]


def _enrol(built, user=None, cohort=None):
    user = user or user_with_role(Role.LEARNER)
    services.enrolment_create(user=user, course=built.course, cohort=cohort, by_adviser=True)
    return user


_fail = fail_quiz


def _pass(built, user, lesson):
    return services.quiz_attempt_submit(
        user=user,
        lesson=lesson,
        course=built.course,
        token=uuid.uuid4(),
        answers=built.correct_answers(lesson),
    )


def _age_attempts(user, hours):
    QuizAttempt.objects.filter(user=user).update(
        submitted_at=timezone.now() - timedelta(hours=hours)
    )


# --- the rule ---------------------------------------------------------------------------


def test_attempt_limit_is_counted_per_learner(built, lesson):
    first, second = _enrol(built), _enrol(built)
    _fail(built, first, lesson)
    _fail(built, first, lesson)
    with pytest.raises(services.CourseError) as error:
        _fail(built, first, lesson)
    assert error.value.status == 409
    # Another learner's attempts do not use up this learner's.
    assert _fail(built, second, lesson).created
    assert attempts.quiz_state(second, lesson).attempts_left == 1


def test_after_the_limit_the_learner_waits_and_is_told_until_when(built, lesson):
    learner = _enrol(built)
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    state = attempts.quiz_state(learner, lesson)
    assert state.is_waiting and not state.can_submit
    expected = timezone.localtime(state.next_attempt_at).strftime("%-d. %-m. %Y %H:%M")
    with pytest.raises(services.CourseError) as error:
        _fail(built, learner, lesson)
    assert expected in error.value.message and "poradce" in error.value.message
    assert QuizAttempt.objects.filter(user=learner).count() == 2


def test_after_the_waiting_time_one_more_attempt_then_waiting_again(built, lesson):
    learner = _enrol(built)
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    _age_attempts(learner, 23)
    assert not attempts.quiz_state(learner, lesson).can_submit
    _age_attempts(learner, 25)
    assert _fail(built, learner, lesson).created
    with pytest.raises(services.CourseError):
        _fail(built, learner, lesson)
    assert QuizAttempt.objects.filter(user=learner).count() == 3


def test_granted_attempts_can_be_used_at_once(built, lesson):
    adviser = user_with_role(Role.ADVISER)
    cohort = CohortFactory(course=built.course, adviser=adviser)
    learner = _enrol(built, cohort=cohort)
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    services.quiz_attempts_grant(
        actor=adviser,
        enrolment=Enrolment.objects.get(user=learner),
        lesson=lesson,
        extra_attempts=1,
        reason="Prošli jsme spolu lekci.",
    )
    assert _pass(built, learner, lesson).attempt.passed
    grant = QuizAttemptGrant.objects.get()
    assert (grant.granted_by, grant.reason, grant.extra_attempts) == (
        adviser,
        "Prošli jsme spolu lekci.",
        1,
    )


def test_unlimited_attempts(built, lesson):
    LessonPage.objects.filter(pk=lesson.pk).update(quiz_max_attempts=0)
    lesson.refresh_from_db()
    learner = _enrol(built)
    for _ in range(5):
        assert _fail(built, learner, lesson).created
    assert attempts.quiz_state(learner, lesson).attempts_left is None


def test_a_passed_quiz_is_closed(built, lesson):
    learner = _enrol(built)
    _pass(built, learner, lesson)
    with pytest.raises(services.CourseError) as error:
        _pass(built, learner, lesson)
    assert error.value.status == 409


@pytest.mark.parametrize(
    ("grading", "expected"), [(QuizGrading.HIGHEST, 80), (QuizGrading.LAST, 40)]
)
def test_which_attempt_counts(grading, expected):
    lesson = LessonPage(quiz_max_attempts=3, quiz_grading=grading, quiz_retry_wait_hours=24)
    now = timezone.now()
    made = [
        QuizAttempt(score_percent=score, passed=False, submitted_at=now - timedelta(hours=hours))
        for score, hours in ((20, 3), (80, 2), (40, 1))
    ]
    state = attempts.QuizState(
        lesson=lesson,
        attempt_times=tuple(attempt.submitted_at for attempt in made),
        passed=False,
        grants=(),
        now=now,
        attempts=tuple(made),
    )
    assert state.counted_attempt.score_percent == expected


def test_a_grant_counts_from_when_it_was_given(built, lesson):
    """Attempts sent after waiting do not eat up an attempt granted later."""
    adviser = user_with_role(Role.ADVISER)
    learner = _enrol(built, cohort=CohortFactory(course=built.course, adviser=adviser))
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    _age_attempts(learner, 25)
    _fail(built, learner, lesson)  # the attempt earned by waiting
    services.quiz_attempts_grant(
        actor=adviser,
        enrolment=Enrolment.objects.get(user=learner),
        lesson=lesson,
        extra_attempts=1,
        reason="Nemoc.",
    )
    state = attempts.quiz_state(learner, lesson)
    assert (state.used, state.allowed, state.can_submit) == (3, 4, True)
    assert _pass(built, learner, lesson).attempt.passed


# --- the lesson page --------------------------------------------------------------------


def test_lesson_page_offers_the_quiz_while_attempts_are_left(client, built, lesson):
    learner = _enrol(built)
    _fail(built, learner, lesson)
    client.force_login(learner)
    body = client.get(lesson.url).content.decode()
    assert "Odeslat odpovědi" in body and "Zbývá 1 pokus." in body


def test_lesson_page_does_not_offer_the_quiz_after_the_attempts_are_used_up(client, built, lesson):
    learner = _enrol(built)
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    client.force_login(learner)
    response = client.get(lesson.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Odeslat odpovědi" not in body
    # …but says when and how the learner can go on.
    assert "Další pokus můžete odeslat od" in body
    assert "Pokus vám může přidat poradce" in body


def test_lesson_page_names_the_cohorts_adviser_to_ask(client, built, lesson):
    adviser = user_with_role(Role.ADVISER)
    adviser.first_name, adviser.last_name = "Radka", "Poradkyně"
    adviser.save()
    learner = _enrol(built, cohort=CohortFactory(course=built.course, adviser=adviser))
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    client.force_login(learner)
    body = client.get(lesson.url).content.decode()
    assert "Radka Poradkyně" in body and f"mailto:{adviser.email}" in body


def test_lesson_page_offers_the_quiz_again_after_the_wait(client, built, lesson):
    learner = _enrol(built)
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    _age_attempts(learner, 25)
    client.force_login(learner)
    body = client.get(lesson.url).content.decode()
    assert "Odeslat odpovědi" in body and "Čekací doba uplynula" in body


def test_lesson_page_does_not_offer_the_quiz_after_passing(client, built, lesson):
    learner = _enrol(built)
    _pass(built, learner, lesson)
    client.force_login(learner)
    body = client.get(lesson.url).content.decode()
    assert "Odeslat odpovědi" not in body
    assert "Kvíz máte splněný." in body


def test_right_answers_shown_only_when_the_lesson_says_so(client, built, lesson):
    learner = _enrol(built)
    attempt = _fail(built, learner, lesson).attempt
    client.force_login(learner)
    body = client.get(f"{lesson.url}?pokus={attempt.token}").content.decode()
    assert "Správně je:" in body and "Protože to tak je." in body
    LessonPage.objects.filter(pk=lesson.pk).update(quiz_show_answers=False)
    body = client.get(f"{lesson.url}?pokus={attempt.token}").content.decode()
    assert "Správně je:" not in body and "Protože to tak je." not in body
    assert "nesprávně" in body  # still which questions were wrong


# --- granting attempts: who may ---------------------------------------------------------


@pytest.fixture
def stuck(built, lesson):
    """A learner of an adviser's cohort who used up the attempts."""
    adviser = user_with_role(Role.ADVISER)
    cohort = CohortFactory(course=built.course, adviser=adviser, name="Podzim")
    learner = _enrol(built, cohort=cohort)
    _fail(built, learner, lesson)
    _fail(built, learner, lesson)
    enrolment = Enrolment.objects.get(user=learner)
    return {
        "adviser": adviser,
        "learner": learner,
        "enrolment": enrolment,
        "url": f"/studium/prehled/pokusy/{enrolment.pk}/?lekce={lesson.pk}",
        "post": f"/studium/prehled/pokusy/{enrolment.pk}/",
    }


def test_dashboard_lists_who_used_up_attempts_with_a_link_to_grant(client, stuck, lesson):
    client.force_login(stuck["adviser"])
    body = client.get("/studium/prehled/").content.decode()
    assert stuck["url"] in body and str(stuck["learner"]) in body


def _grant(client, stuck, lesson, **data):
    return client.post(
        stuck["post"], {"lesson": str(lesson.pk), "extra_attempts": "1", "reason": "x", **data}
    )


def test_cohorts_adviser_grants_an_attempt(
    client, stuck, lesson, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(stuck["adviser"])
    response = client.get(stuck["url"])
    assert response.status_code == 200
    assert "2 odeslaných z 2 povolených" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = _grant(client, stuck, lesson, extra_attempts="2", reason="Nemoc.")
    assert response.status_code == 302
    assert QuizAttemptGrant.objects.get().extra_attempts == 2
    assert attempts.quiz_state(stuck["learner"], lesson).attempts_left == 2
    (message,) = mailoutbox
    assert message.to == [stuck["learner"].email]
    assert lesson.url in message.body
    # The grant is in the learner's history on the course page.
    client.force_login(stuck["learner"])
    body = client.get(lesson.get_parent().get_parent().url).content.decode()
    assert "Nemoc." in body
    # …and no longer in the dashboard's list.
    client.force_login(stuck["adviser"])
    assert stuck["url"] not in client.get("/studium/prehled/").content.decode()


def test_grant_needs_a_reason_a_count_and_a_lesson_of_the_course(client, stuck, lesson):
    client.force_login(stuck["adviser"])
    response = _grant(client, stuck, lesson, reason="  ")
    assert response.status_code == 400
    assert "Napište důvod" in response.content.decode()
    assert _grant(client, stuck, lesson, extra_attempts="99").status_code == 400
    other = course_create(slug="jiny", lessons_per_module=1).lessons[0]
    response = _grant(client, stuck, other)
    assert response.status_code == 400
    assert "Taková lekce s kvízem v kurzu není." in response.content.decode()
    assert not QuizAttemptGrant.objects.exists()


def test_another_adviser_cannot_grant(client, stuck, lesson):
    client.force_login(user_with_role(Role.ADVISER))
    assert client.get(stuck["url"]).status_code == 404
    assert _grant(client, stuck, lesson).status_code == 404
    assert not QuizAttemptGrant.objects.exists()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER_MEMBER, Role.MODERATOR])
def test_others_cannot_grant(client, stuck, lesson, role):
    client.force_login(user_with_role(role))
    assert _grant(client, stuck, lesson).status_code == 403
    assert not QuizAttemptGrant.objects.exists()


def test_the_learner_cannot_grant_themselves(client, stuck, lesson):
    client.force_login(stuck["learner"])
    assert _grant(client, stuck, lesson).status_code == 403


def test_anonymous_grant_goes_to_login(client, stuck, lesson):
    response = _grant(client, stuck, lesson)
    assert response.status_code == 302 and "/ucet/login/" in response["Location"]


def test_admin_grants_to_a_learner_without_a_cohort(client, built, lesson):
    learner = _enrol(built)
    _fail(built, learner, lesson)
    enrolment = Enrolment.objects.get(user=learner)
    url = f"/studium/prehled/pokusy/{enrolment.pk}/"
    # An adviser does not look after self-enrolled learners…
    client.force_login(user_with_role(Role.ADVISER))
    assert client.get(url).status_code == 404
    # …administrators do.
    client.force_login(user_with_role(Role.ADMIN))
    data = {"lesson": str(lesson.pk), "extra_attempts": "1", "reason": "Technická chyba."}
    assert client.post(url, data).status_code == 302
    assert QuizAttemptGrant.objects.filter(user=learner).exists()


def test_no_grant_for_a_passed_quiz(client, built, stuck, lesson):
    client.force_login(stuck["adviser"])
    services.quiz_attempts_grant(
        actor=stuck["adviser"],
        enrolment=stuck["enrolment"],
        lesson=lesson,
        extra_attempts=1,
        reason="Nemoc.",
    )
    _pass(built, stuck["learner"], lesson)
    response = _grant(client, stuck, lesson, reason="Ještě jednou.")
    assert response.status_code == 409
    assert QuizAttemptGrant.objects.count() == 1
