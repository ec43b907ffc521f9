"""Course and lesson pages, their actions, my courses, certificates and verification."""

import uuid

import pytest
from django.urls import reverse

from accounts.roles import Role
from courses import services
from courses.models import Certificate, CourseFeedback, Enrolment, LessonCompletion, QuizAttempt
from tests.courses.factories import complete_course, course_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(home_page):
    return course_create(modules=1, lessons_per_module=2)


@pytest.fixture
def learner():
    return user_with_role(Role.LEARNER)


@pytest.fixture
def enrolled(built, learner):
    services.enrolment_create(user=learner, course=built.course)
    return learner


def _route(page, name):
    """The address of a course's or lesson's action (URL patterns of `courses.urls`)."""
    if name in {"enrol", "leave", "feedback"}:
        return reverse(f"courses:course_{name}", args=[page.slug])
    module = page.get_parent()
    view = {"complete": "courses:lesson_complete", "quiz": "courses:quiz_attempt_submit"}[name]
    return reverse(view, args=[module.get_parent().slug, module.slug, page.slug])


# --- course index and overview ----------------------------------------------------------


def test_course_index_lists_live_courses(client, built):
    response = client.get("/kurzy/")
    assert response.status_code == 200
    assert built.course.title in response.content.decode()


def test_course_overview_is_public_without_lesson_content(client, built):
    response = client.get(built.course.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lekce 1" in body and "tajný obsah" not in body
    assert "Přihlásit se" in body


def test_course_overview_shows_progress_and_where_to_continue(client, built, enrolled):
    services.lesson_complete(user=enrolled, lesson=built.lessons[0], course=built.course)
    client.force_login(enrolled)
    body = client.get(built.course.url).content.decode()
    assert "25 %" in body
    assert "Pokračovat tam, kde jste skončili" in body


def test_course_overview_query_count_does_not_grow_with_lessons(
    client, home_page, learner, django_assert_max_num_queries
):
    big = course_create(slug="velky", modules=3, lessons_per_module=3, questions_per_quiz=1)
    services.enrolment_create(user=learner, course=big.course)
    complete_course(big, learner)
    client.force_login(learner)
    with django_assert_max_num_queries(30):
        response = client.get(big.course.url)
    assert response.status_code == 200


# --- enrolment actions ------------------------------------------------------------------


def test_enrol_by_post(client, built, learner):
    client.force_login(learner)
    response = client.post(_route(built.course, "enrol"))
    assert response.status_code == 302
    assert Enrolment.objects.filter(user=learner, course=built.course).exists()


def test_enrol_by_get_is_not_allowed(client, built, learner):
    client.force_login(learner)
    assert client.get(_route(built.course, "enrol")).status_code == 405
    assert not Enrolment.objects.exists()


def test_anonymous_enrol_goes_to_login(client, built):
    response = client.post(_route(built.course, "enrol"))
    assert response.status_code == 302 and "/ucet/login/" in response["Location"]


def test_enrol_in_a_closed_course_is_403_with_explanation(client, home_page, learner):
    closed = course_create(slug="uzavreny", open_for_self_enrolment=False, quiz=False)
    client.force_login(learner)
    response = client.post(_route(closed.course, "enrol"))
    assert response.status_code == 403
    assert "Zapíše vás poradce" in response.content.decode()


def test_leave_the_course(client, built, enrolled):
    client.force_login(enrolled)
    response = client.post(_route(built.course, "leave"))
    assert response.status_code == 302
    assert not Enrolment.objects.get().is_active


# --- lessons ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [None, Role.LEARNER, Role.PARTNER_MEMBER, Role.MODERATOR])
def test_lesson_is_locked_for_people_not_enrolled(client, built, role):
    if role:
        client.force_login(user_with_role(role))
    response = client.get(built.lessons[0].url)
    body = response.content.decode()
    assert response.status_code == 403
    assert "je pro zapsané účastníky" in body
    assert "tajný obsah" not in body and "Otázka 1.1" not in body


@pytest.mark.parametrize("role", [Role.ADVISER, Role.ADMIN])
def test_advisers_and_admins_read_lessons_without_enrolling(client, built, role):
    client.force_login(user_with_role(role))
    response = client.get(built.lessons[0].url)
    assert response.status_code == 200
    assert "tajný obsah" in response.content.decode()


def test_enrolled_learner_reads_the_lesson_without_the_answers(client, built, enrolled):
    client.force_login(enrolled)
    response = client.get(built.lessons[0].url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "tajný obsah" in body and "Otázka 1.1?" in body
    # Nothing in the page tells which option is right or explains it before submission.
    assert "is_correct" not in body and "Protože to tak je." not in body


def test_lesson_of_a_course_one_left_is_locked(client, built, enrolled):
    services.enrolment_leave(enrolment=Enrolment.objects.get())
    client.force_login(enrolled)
    response = client.get(built.lessons[0].url)
    assert response.status_code == 403
    assert "Zapište se znovu" in response.content.decode()


def test_lesson_page_query_count_is_bounded(
    client, home_page, learner, django_assert_max_num_queries
):
    big = course_create(slug="velky", modules=2, lessons_per_module=3, questions_per_quiz=4)
    services.enrolment_create(user=learner, course=big.course)
    lesson = big.lessons[0]
    attempt = services.quiz_attempt_submit(
        user=learner,
        lesson=lesson,
        course=big.course,
        token=uuid.uuid4(),
        answers=big.wrong_answers(lesson),
    ).attempt
    client.force_login(learner)
    with django_assert_max_num_queries(36):
        response = client.get(f"{lesson.url}?pokus={attempt.token}")
    assert response.status_code == 200
    assert "Protože to tak je." in response.content.decode()  # explanations after submission


def test_complete_lesson(client, built, enrolled):
    client.force_login(enrolled)
    response = client.post(_route(built.lessons[0], "complete"))
    assert response.status_code == 302
    assert LessonCompletion.objects.filter(user=enrolled).count() == 1
    client.post(_route(built.lessons[0], "complete"))
    assert LessonCompletion.objects.filter(user=enrolled).count() == 1


def test_complete_lesson_not_enrolled_is_403(client, built, learner):
    client.force_login(learner)
    response = client.post(_route(built.lessons[0], "complete"))
    assert response.status_code == 403
    assert "Nejdřív se do kurzu zapište" in response.content.decode()


def _quiz_post(built, lesson, answers, token=None):
    data = {"pokus": str(token or uuid.uuid4())}
    for question_id, option_ids in answers.items():
        data[f"otazka-{question_id}"] = option_ids
    return data


def test_submit_quiz_and_see_the_result(client, built, enrolled):
    lesson = built.lessons[0]
    client.force_login(enrolled)
    response = client.post(
        _route(lesson, "quiz"), _quiz_post(built, lesson, built.correct_answers(lesson))
    )
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get()
    assert str(attempt.token) in response["Location"]
    body = client.get(response["Location"]).content.decode()
    assert "Splněno" in body and "Protože to tak je." in body


def test_second_submission_of_the_same_attempt_is_a_no_op(client, built, enrolled):
    lesson = built.lessons[0]
    client.force_login(enrolled)
    data = _quiz_post(built, lesson, built.wrong_answers(lesson))
    client.post(_route(lesson, "quiz"), data)
    response = client.post(_route(lesson, "quiz"), data, follow=True)
    assert QuizAttempt.objects.count() == 1
    assert "znovu se nepočítá" in response.content.decode()


def test_quiz_answer_naming_an_unknown_option_is_400(client, built, enrolled):
    lesson = built.lessons[0]
    answers = built.correct_answers(lesson)
    answers[next(iter(answers))] = ["999999"]
    client.force_login(enrolled)
    response = client.post(_route(lesson, "quiz"), _quiz_post(built, lesson, answers))
    assert response.status_code == 400
    assert "možnost, která v otázce není" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_quiz_without_a_token_is_400(client, built, enrolled):
    client.force_login(enrolled)
    response = client.post(_route(built.lessons[0], "quiz"), {"pokus": "nesmysl"})
    assert response.status_code == 400


def test_quiz_of_a_course_not_enrolled_in_is_403(client, built, learner):
    lesson = built.lessons[0]
    client.force_login(learner)
    response = client.post(
        _route(lesson, "quiz"), _quiz_post(built, lesson, built.correct_answers(lesson))
    )
    assert response.status_code == 403
    assert not QuizAttempt.objects.exists()


def test_quiz_after_the_last_attempt_is_409(client, built, enrolled):
    lesson = built.lessons[0]
    client.force_login(enrolled)
    for _ in range(2):
        client.post(_route(lesson, "quiz"), _quiz_post(built, lesson, built.wrong_answers(lesson)))
    response = client.post(
        _route(lesson, "quiz"), _quiz_post(built, lesson, built.correct_answers(lesson))
    )
    assert response.status_code == 409
    assert "všechny pokusy" in response.content.decode()


# --- my courses, certificates, verification, feedback -----------------------------------


def test_my_courses_lists_own_enrolments_only(client, built, enrolled):
    other = user_with_role(Role.LEARNER)
    client.force_login(other)
    assert built.course.title not in client.get("/studium/").content.decode()
    client.force_login(enrolled)
    response = client.get("/studium/")
    assert response.status_code == 200
    assert built.course.title in response.content.decode()


def test_my_courses_requires_login(client):
    assert client.get("/studium/").status_code == 302


def test_my_courses_query_count_does_not_grow(
    client, home_page, learner, django_assert_max_num_queries
):
    for number in range(3):
        other = course_create(slug=f"kurz-{number}", quiz=False, lessons_per_module=1)
        services.enrolment_create(user=learner, course=other.course)
    client.force_login(learner)
    with django_assert_max_num_queries(19):
        assert client.get("/studium/").status_code == 200


def test_certificate_pdf_for_its_owner_only(client, built, enrolled):
    complete_course(built, enrolled)
    certificate = Certificate.objects.get()
    address = f"/studium/certifikaty/{certificate.code}/pdf/"
    client.force_login(enrolled)
    response = client.get(address)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(user_with_role(Role.LEARNER))
    assert client.get(address).status_code == 404
    client.force_login(user_with_role(Role.ADVISER))
    assert client.get(address).status_code == 404


def test_certificate_pdf_contains_name_course_hours_and_code(built, enrolled):
    from pypdf import PdfReader

    complete_course(built, enrolled)
    certificate = Certificate.objects.get()
    from io import BytesIO

    from courses.certificates import certificate_pdf_bytes

    text = PdfReader(BytesIO(certificate_pdf_bytes(certificate))).pages[0].extract_text()
    for expected in (certificate.learner_name, built.course.title, "6 hodin", certificate.code):
        assert expected in text
    assert f"/studium/overeni/{certificate.code}/" in text


def test_verification_of_an_existing_code(client, built, enrolled):
    complete_course(built, enrolled)
    certificate = Certificate.objects.get()
    response = client.get(f"/studium/overeni/?kod={certificate.code.lower()}")
    assert response.status_code == 302
    response = client.get(response["Location"])
    body = response.content.decode()
    assert response.status_code == 200
    assert certificate.learner_name in body and built.course.title in body


def test_verification_of_an_unknown_code_is_404_with_a_message(client, db):
    response = client.get("/studium/overeni/XXXX-YYYY-ZZZZ/")
    assert response.status_code == 404
    assert "neexistuje" in response.content.decode()


def test_verification_form_without_a_code_is_400(client, db):
    response = client.get("/studium/overeni/?kod=")
    assert response.status_code == 400


def test_feedback_after_finishing(client, built, enrolled):
    client.force_login(enrolled)
    assert client.get(_route(built.course, "feedback")).status_code == 403
    complete_course(built, enrolled)
    assert client.get(_route(built.course, "feedback")).status_code == 200
    response = client.post(_route(built.course, "feedback"), {"rating": "9"})
    assert response.status_code == 400
    response = client.post(
        _route(built.course, "feedback"), {"rating": "5", "most_useful": "Příklady z obcí."}
    )
    assert response.status_code == 302
    # A second submission (a double click) shows the first one's result and changes nothing.
    response = client.post(_route(built.course, "feedback"), {"rating": "4"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    body = response.content.decode()
    assert "platí to první" in body and "Kurz jste ohodnotili: 5 z 5" in body
    assert CourseFeedback.objects.get().rating == 5


def test_reminder_preferences(client, learner):
    client.force_login(learner)
    assert client.get("/studium/upozorneni/").status_code == 200
    response = client.post("/studium/upozorneni/", {})
    assert response.status_code == 302
    assert learner.course_reminder_preference.reminders_enabled is False


def test_english_course_page(client, built):
    response = client.get(f"/en{built.course.url}")
    assert response.status_code == 200


def test_verification_form_with_a_slash_is_400_not_500(client, db):
    response = client.get("/studium/overeni/?kod=AB/CD")
    assert response.status_code == 400
    assert "Kód obsahuje jen" in response.content.decode()
