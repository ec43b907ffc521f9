"""What courses give to search: courses for everyone, lessons only for who may read them."""

import pytest

from accounts.roles import Role
from courses import services
from courses.search import course_audiences, course_document, lesson_document
from search.documents import PUBLIC
from search.permissions import audiences_for
from tests.courses.factories import course_create
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_course_and_lesson_documents(home_page):
    built = course_create(lessons_per_module=1)
    course = course_document(built.course)
    assert course.kind == "course" and course.audiences == (f"{PUBLIC}@cs", f"{PUBLIC}@en")
    lesson = lesson_document(built.lessons[0])
    assert lesson.kind == "lesson"
    assert lesson.audiences == (f"course:{built.course.pk}", "course-staff")
    assert "tajný obsah" in lesson.body
    assert "Správně" not in lesson.body  # quiz options are never indexed


def test_audiences_of_people(home_page):
    built = course_create(lessons_per_module=1, quiz=False)
    learner = user_with_role(Role.LEARNER)
    assert course_audiences(learner) == set()
    enrolment, _changed = services.enrolment_create(user=learner, course=built.course)
    assert course_audiences(learner) == {f"course:{built.course.pk}"}
    assert f"course:{built.course.pk}" in audiences_for(learner)
    services.enrolment_leave(enrolment=enrolment)
    assert course_audiences(learner) == set()
    assert "course-staff" in course_audiences(user_with_role(Role.ADVISER))
    assert f"course:{built.course.pk}" not in audiences_for(user_with_role(Role.LEARNER))
