"""Rules of the courses services: enrolment, quiz scoring and limits, progress, certificates."""

import uuid
from datetime import date

import pytest

from accounts.roles import Role
from courses import progress, services
from courses.models import (
    Certificate,
    Enrolment,
    LessonCompletion,
    QuizAnswer,
    QuizAttempt,
    QuizOption,
    QuizQuestion,
)
from tests.courses.factories import CohortFactory, complete_course, course_create
from tests.factories import MembershipFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(home_page):
    return course_create(modules=2, lessons_per_module=2)


@pytest.fixture
def learner():
    return user_with_role(Role.LEARNER)


def _submit(built, user, lesson, answers, token=None):
    return services.quiz_attempt_submit(
        user=user, lesson=lesson, course=built.course, token=token or uuid.uuid4(), answers=answers
    )


# --- enrolment --------------------------------------------------------------------------


def test_self_enrolment_in_an_open_course(built, learner):
    enrolment, changed = services.enrolment_create(user=learner, course=built.course)
    assert changed and enrolment.is_active


def test_second_enrolment_changes_nothing(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    _enrolment, changed = services.enrolment_create(user=learner, course=built.course)
    assert not changed
    assert Enrolment.objects.count() == 1


def test_self_enrolment_refused_in_a_closed_course(home_page, learner):
    closed = course_create(open_for_self_enrolment=False, quiz=False, lessons_per_module=1)
    with pytest.raises(services.CourseError) as error:
        services.enrolment_create(user=learner, course=closed.course)
    assert error.value.status == 403
    assert "poradce" in error.value.message


def test_leaving_keeps_progress_for_a_return(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=built.lessons[0], course=built.course)
    enrolment = Enrolment.objects.get()
    services.enrolment_leave(enrolment=enrolment)
    assert not Enrolment.objects.get().is_active
    with pytest.raises(services.CourseError):
        services.lesson_complete(user=learner, lesson=built.lessons[1], course=built.course)
    _enrolment, changed = services.enrolment_create(user=learner, course=built.course)
    assert changed and Enrolment.objects.get().is_active
    assert LessonCompletion.objects.filter(user=learner).count() == 1


def test_leaving_twice_is_refused(built, learner):
    enrolment, _changed = services.enrolment_create(user=learner, course=built.course)
    services.enrolment_leave(enrolment=enrolment)
    with pytest.raises(services.CourseError) as error:
        services.enrolment_leave(enrolment=enrolment)
    assert error.value.status == 409


def test_adviser_enrols_the_staff_of_an_organisation(built):
    adviser = user_with_role(Role.ADVISER)
    town = OrganisationFactory()
    staff = [MembershipFactory(organisation=town).user for _ in range(3)]
    already = staff[0]
    services.enrolment_create(user=already, course=built.course)
    cohort = CohortFactory(course=built.course, adviser=adviser)
    result = services.cohort_enrol_organisation_staff(
        cohort=cohort, organisation=town, actor=adviser
    )
    # Two new, one studying on their own joins the cohort.
    assert (result.added, result.moved, result.not_moved) == (3, 0, 0)
    assert set(Enrolment.objects.filter(cohort=cohort).values_list("user_id", flat=True)) == {
        user.pk for user in staff
    }
    assert list(cohort.organisations.all()) == [town]
    # Again: nobody new, nothing doubled.
    again = services.cohort_enrol_organisation_staff(
        cohort=cohort, organisation=town, actor=adviser
    )
    assert (again.added, again.moved) == (0, 0)
    assert Enrolment.objects.count() == 3


def test_adviser_may_not_enrol_into_another_advisers_cohort(built):
    cohort = CohortFactory(course=built.course, adviser=user_with_role(Role.ADVISER))
    with pytest.raises(services.CourseError) as error:
        services.cohort_enrol_organisation_staff(
            cohort=cohort, organisation=OrganisationFactory(), actor=user_with_role(Role.ADVISER)
        )
    assert error.value.status == 403


# --- quizzes ----------------------------------------------------------------------------


def test_correct_answers_pass_and_are_stored(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    result = _submit(built, learner, lesson, built.correct_answers(lesson))
    assert result.created
    assert result.attempt.passed
    assert (result.attempt.correct_count, result.attempt.question_count) == (2, 2)
    assert result.attempt.score_percent == 100
    assert QuizAnswer.objects.filter(attempt=result.attempt, is_correct=True).count() == 2


def test_wrong_answers_fail_below_the_pass_mark(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    result = _submit(built, learner, lesson, built.wrong_answers(lesson))
    assert not result.attempt.passed
    assert result.attempt.score_percent == 0


def test_half_right_meets_a_fifty_percent_pass_mark(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    answers = built.correct_answers(lesson)
    _first, second = list(answers)
    answers[second] = built.wrong_answers(lesson)[second]
    result = _submit(built, learner, lesson, answers)
    assert result.attempt.score_percent == 50 and result.attempt.passed


def test_multiple_choice_needs_exactly_the_correct_options(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    question = built.questions(lesson)[0]
    question.kind = QuizQuestion.Kind.MULTIPLE
    question.save()
    options = list(question.options.all())
    options[1].is_correct = True
    options[1].save()
    other = built.questions(lesson)[1]
    other_right = built.correct_answers(lesson)[str(other.pk)]
    only_one = {str(question.pk): [str(options[0].pk)], str(other.pk): other_right}
    result = _submit(built, learner, lesson, only_one)
    assert result.attempt.correct_count == 1
    both = {str(question.pk): [str(options[0].pk), str(options[1].pk)], str(other.pk): other_right}
    QuizAttempt.objects.all().delete()
    assert _submit(built, learner, lesson, both).attempt.correct_count == 2


def test_the_same_attempt_sent_twice_counts_once(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    token = uuid.uuid4()
    first = _submit(built, learner, lesson, built.wrong_answers(lesson), token=token)
    second = _submit(built, learner, lesson, built.correct_answers(lesson), token=token)
    assert not second.created
    assert second.attempt.pk == first.attempt.pk and not second.attempt.passed
    assert QuizAttempt.objects.count() == 1


def test_attempts_are_limited(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]  # two attempts allowed
    _submit(built, learner, lesson, built.wrong_answers(lesson))
    _submit(built, learner, lesson, built.wrong_answers(lesson))
    with pytest.raises(services.CourseError) as error:
        _submit(built, learner, lesson, built.correct_answers(lesson))
    assert error.value.status == 409
    assert QuizAttempt.objects.count() == 2


def test_a_passed_quiz_is_not_taken_again(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    _submit(built, learner, lesson, built.correct_answers(lesson))
    with pytest.raises(services.CourseError) as error:
        _submit(built, learner, lesson, built.correct_answers(lesson))
    assert error.value.status == 409


def test_an_option_of_another_question_is_refused(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    answers = built.correct_answers(lesson)
    foreign = QuizOption.objects.filter(question__lesson=built.lessons[1]).first()
    first = next(iter(answers))
    answers[first] = [str(foreign.pk)]
    with pytest.raises(services.CourseError) as error:
        _submit(built, learner, lesson, answers)
    assert error.value.status == 400
    assert "není" in error.value.message
    assert QuizAttempt.objects.count() == 0


def test_an_unknown_question_and_a_missing_answer_are_refused(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    answers = built.correct_answers(lesson)
    with pytest.raises(services.CourseError):
        _submit(built, learner, lesson, {**answers, "999999": ["1"]})
    answers.pop(next(iter(answers)))
    with pytest.raises(services.CourseError) as error:
        _submit(built, learner, lesson, answers)
    assert "všechny otázky" in error.value.message
    assert QuizAttempt.objects.count() == 0


def test_quiz_of_a_course_one_is_not_enrolled_in_is_refused(built, learner):
    lesson = built.lessons[0]
    with pytest.raises(services.CourseError) as error:
        _submit(built, learner, lesson, built.correct_answers(lesson))
    assert error.value.status == 403


def test_stored_attempts_survive_edits_of_the_quiz(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    attempt = _submit(built, learner, lesson, built.correct_answers(lesson)).attempt
    QuizQuestion.objects.filter(lesson=lesson).delete()
    attempt.refresh_from_db()
    assert attempt.passed and attempt.correct_count == 2
    assert list(attempt.answers.order_by("pk").values_list("question_text", flat=True)) == [
        "Otázka 1.1?",
        "Otázka 1.2?",
    ]


# --- progress and certificates ----------------------------------------------------------


def test_progress_per_module_and_course(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    first = built.lessons[0]
    services.lesson_complete(user=learner, lesson=first, course=built.course)
    structure = progress.course_structure(built.course)
    state = progress.learner_progress(learner, structure)
    # 4 lessons × (reading + quiz) = 8 steps; 1 done.
    assert state.percent == 12
    assert state.module_percent(structure.modules[0]) == 25
    assert state.module_percent(structure.modules[1]) == 0
    assert state.next_lesson.id == first.pk  # its quiz is still open
    _submit(built, learner, first, built.correct_answers(first))
    state = progress.learner_progress(learner, structure)
    assert state.percent == 25 and state.module_percent(structure.modules[0]) == 50
    assert state.next_lesson.id == built.lessons[1].pk


def test_certificate_only_when_everything_required_is_done(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    for lesson in built.lessons:
        services.lesson_complete(user=learner, lesson=lesson, course=built.course)
    assert not Certificate.objects.exists()
    complete_course(built, learner)
    certificate = Certificate.objects.get()
    assert certificate.learner_name == learner.get_full_name()
    assert certificate.course_title == built.course.title
    assert certificate.hours == built.course.hours
    assert len(certificate.code) == 14


def test_certificate_is_issued_once(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    complete_course(built, learner)
    code = Certificate.objects.get().code
    assert services.certificate_issue_if_complete(user=learner, course=built.course).code == code
    assert Certificate.objects.count() == 1


def test_optional_lessons_are_not_needed_for_the_certificate(home_page, learner):
    built = course_create(lessons_per_module=2, quiz=False, optional_lessons=1)
    services.enrolment_create(user=learner, course=built.course)
    services.lesson_complete(user=learner, lesson=built.lessons[0], course=built.course)
    assert Certificate.objects.filter(user=learner).exists()


def test_feedback_only_after_finishing_and_once(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    with pytest.raises(services.CourseError) as error:
        services.course_feedback_submit(user=learner, course=built.course, rating=5)
    assert error.value.status == 403
    complete_course(built, learner)
    first, created = services.course_feedback_submit(user=learner, course=built.course, rating=4)
    assert created
    again, created = services.course_feedback_submit(user=learner, course=built.course, rating=5)
    assert not created and again.pk == first.pk and again.rating == 4


def test_cohort_deadline_cannot_precede_start(built):
    from django.core.exceptions import ValidationError

    cohort = CohortFactory.build(
        course=built.course,
        adviser=user_with_role(Role.ADVISER),
        start_date=date(2026, 5, 1),
        deadline=date(2026, 4, 1),
    )
    with pytest.raises(ValidationError):
        cohort.full_clean()


def test_cohort_needs_an_adviser_or_admin(built):
    from django.core.exceptions import ValidationError

    cohort = CohortFactory.build(course=built.course, adviser=user_with_role(Role.LEARNER))
    with pytest.raises(ValidationError) as error:
        cohort.full_clean()
    assert "adviser" in error.value.message_dict
