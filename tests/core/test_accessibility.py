"""The shared accessibility helpers (core/templatetags/markup.py, components/form_errors.html,
components/field.html) and the pages of issue 19 that use them, without a browser."""

import datetime
import re
import uuid
import zoneinfo

import pytest
from django import forms
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from courses import services
from tests.courses.factories import course_create
from tests.factories import user_with_role


class SampleForm(forms.Form):
    name = forms.CharField(label="Jméno", help_text="Jak vám říkají.")
    answer = forms.ChoiceField(
        label="Odpověď", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )


def _render(source, **context):
    return Template("{% load markup %}" + source).render(Context(context))


@override_settings(TIME_ZONE="Europe/Prague", USE_TZ=True)
def test_html_datetime_drops_microseconds_and_keeps_the_offset():
    moment = datetime.datetime(2026, 11, 21, 16, 49, 49, 233518, tzinfo=datetime.UTC)
    assert _render("{{ moment|html_datetime }}", moment=moment) == "2026-11-21T17:49:49+01:00"


def test_html_datetime_of_a_date_and_of_nothing():
    assert _render("{{ day|html_datetime }}", day=datetime.date(2026, 1, 5)) == "2026-01-05"
    assert _render("{{ missing|html_datetime }}") == ""


def test_html_datetime_of_a_naive_datetime_is_valid_too():
    moment = datetime.datetime(2026, 1, 5, 8, 0, 1, 999999)
    assert _render("{{ m|html_datetime }}", m=moment) == "2026-01-05T08:00:01"
    aware = moment.replace(tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert "." not in _render("{{ m|html_datetime }}", m=aware)


@pytest.mark.parametrize(
    ("context", "prefix"),
    [
        ({"form": SampleForm({})}, "Chyba: "),
        ({"other_form": SampleForm({})}, "Chyba: "),
        ({"form": SampleForm()}, ""),
        ({"form": SampleForm({"name": "Eva", "answer": "a"})}, ""),
        ({"has_errors": True}, "Chyba: "),
        ({}, ""),
    ],
)
def test_error_title_prefix_only_when_a_form_has_errors(context, prefix):
    with translation.override("cs"):
        assert _render("{% error_title_prefix %}", **context) == prefix


def test_error_summary_links_to_each_field_and_fields_are_marked_invalid():
    form = SampleForm({})
    html = Template(
        '{% include "components/form_errors.html" with form=form only %}'
        '{% for field in form %}{% include "components/field.html" with field=field only %}'
        "{% endfor %}"
    ).render(Context({"form": form}))
    assert 'class="error-summary" tabindex="-1" autofocus' in html
    # A text field is linked by its id; a group of radio buttons by its first button.
    assert 'href="#id_name"' in html
    assert 'href="#id_answer_0"' in html
    assert 'href="#"' not in html
    name_input = re.search(r"<input[^>]*name=\"name\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in name_input
    assert 'aria-describedby="id_name_helptext id_name_error"' in name_input
    assert 'id="id_name_error"' in html
    assert re.search(r'<fieldset class="field__group" aria-describedby="id_answer_error">', html)
    assert 'id="id_answer_error"' in html


def test_no_error_summary_for_a_valid_or_unbound_form():
    for form in (SampleForm(), SampleForm({"name": "Eva", "answer": "a"})):
        html = Template('{% include "components/form_errors.html" with form=form only %}').render(
            Context({"form": form})
        )
        assert "error-summary" not in html


# --- pages ---------------------------------------------------------------------------------


def _title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.django_db
def test_signup_name_fields_have_autocomplete(client):
    body = client.get("/ucet/signup/").content.decode()
    assert re.search(r'<input[^>]*name="first_name"[^>]*autocomplete="given-name"', body)
    assert re.search(r'<input[^>]*name="last_name"[^>]*autocomplete="family-name"', body)


@pytest.mark.django_db
def test_failed_signup_has_an_error_title_and_summary(client):
    response = client.post("/ucet/signup/", {})
    assert response.status_code == 200  # allauth re-renders the form
    assert _title(response).startswith("Chyba:")
    assert 'href="#id_email"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_certificate_marks_the_code_field_invalid(client):
    response = client.get("/studium/overeni/NENI-1234/")
    assert response.status_code == 404
    body = response.content.decode()
    assert _title(response).startswith("Chyba:")
    assert "Certifikát s kódem „NENI-1234“ neexistuje." in body
    assert re.search(r'<input[^>]*name="kod"[^>]*aria-invalid="true"', body)
    assert 'href="#id_kod"' in body


@pytest.mark.django_db
def test_empty_verification_form_is_not_an_error_page(client):
    response = client.get("/studium/overeni/")
    assert response.status_code == 200
    assert not _title(response).startswith("Chyba:")
    assert "error-summary" not in response.content.decode()


@pytest.mark.django_db
def test_quiz_without_answers_links_each_unanswered_question(client, home_page):
    built = course_create(modules=1, lessons_per_module=1, questions_per_quiz=2)
    learner = user_with_role(Role.LEARNER)
    services.enrolment_create(user=learner, course=built.course)
    lesson = built.lessons[0]
    client.force_login(learner)
    response = client.post(
        reverse(
            "courses:quiz_attempt_submit",
            args=[built.course.slug, built.modules[0].slug, lesson.slug],
        ),
        {"pokus": str(uuid.uuid4())},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert _title(response).startswith("Chyba:")
    for number, question in enumerate(lesson.quiz_questions.all(), start=1):
        first = question.options.order_by("sort_order", "pk").first()
        assert f'href="#otazka-{question.pk}-{first.pk}"' in body
        assert f"Otázka {number}: vyberte odpověď." in body
        assert f'aria-describedby="otazka-{question.pk}_error"' in body
    assert body.count('aria-invalid="true"') == sum(
        q.options.count() for q in lesson.quiz_questions.all()
    )


@pytest.mark.django_db
def test_my_courses_progress_bar_is_labelled(client, home_page):
    built = course_create(modules=1, lessons_per_module=1)
    learner = user_with_role(Role.LEARNER)
    services.enrolment_create(user=learner, course=built.course)
    client.force_login(learner)
    body = client.get("/studium/").content.decode()
    bar = re.search(r'<progress[^>]*id="([^"]*)"', body)
    assert bar and bar.group(1), "the progress bar has no id"
    assert f'<label class="progress__label" for="{bar.group(1)}">' in body
