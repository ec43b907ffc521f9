"""The Wagtail admin for courses: lesson editor with quiz inlines, cohorts for advisers."""

import pytest
from bs4 import BeautifulSoup

from accounts.roles import Role
from tests.courses.factories import CohortFactory, course_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_lesson_editor_shows_the_quiz_inlines(client, home_page):
    built = course_create(lessons_per_module=1)
    client.force_login(user_with_role(Role.ADMIN))
    response = client.get(f"/admin/pages/{built.lessons[0].pk}/edit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "quiz_questions-0-options-0-text" in body
    assert "Otázka 1.1?" in body


def test_adviser_sets_up_cohorts_in_the_admin(client, home_page):
    built = course_create(lessons_per_module=1, quiz=False)
    adviser = user_with_role(Role.ADVISER)
    CohortFactory(course=built.course, adviser=adviser, name="Skupina v adminu")
    client.force_login(adviser)
    response = client.get("/admin/courses/cohorts/")
    assert response.status_code == 200
    assert "Skupina v adminu" in response.content.decode()
    assert client.get("/admin/courses/cohorts/new/").status_code == 200


def test_learners_have_no_admin(client, db):
    client.force_login(user_with_role(Role.LEARNER))
    assert client.get("/admin/courses/cohorts/").status_code == 302


def _edit_form_data(client, lesson):
    from wagtail.test.utils.form_data import (
        nested_form_data,
        querydict_from_html,
        rich_text,
        streamfield,
    )

    html = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    # Ticked checkboxes without a value attribute: browsers send "on", the helper nothing.
    soup = BeautifulSoup(html, "html.parser")
    for box in soup.select("#page-edit-form input[type=checkbox][checked]"):
        if not box.has_attr("value"):
            data[box["name"]] = "on"
    # The StreamField editor is drawn by JavaScript, so its fields are not in the HTML.
    data.update(nested_form_data({"body": streamfield([("text", rich_text("<p>Text.</p>"))])}))
    return data


def test_saving_the_lesson_keeps_its_quiz(client, home_page):
    from courses.models import QuizOption

    built = course_create(lessons_per_module=1)
    lesson = built.lessons[0]
    client.force_login(user_with_role(Role.ADMIN))
    data = _edit_form_data(client, lesson)
    data["quiz_questions-0-text"] = "Upravená otázka?"
    response = client.post(f"/admin/pages/{lesson.pk}/edit/", data)
    assert response.status_code == 302
    assert QuizOption.objects.filter(question__lesson=lesson).count() == 6


def test_a_question_without_a_correct_option_is_refused(client, home_page):
    built = course_create(lessons_per_module=1)
    lesson = built.lessons[0]
    client.force_login(user_with_role(Role.ADMIN))
    data = _edit_form_data(client, lesson)
    for key in [key for key in data if key.endswith("-is_correct")]:
        if key.startswith("quiz_questions-0-"):
            del data[key]
    response = client.post(f"/admin/pages/{lesson.pk}/edit/", data)
    assert response.status_code == 200
    assert "označte alespoň jednu správnou možnost" in response.content.decode()
