"""The course page, the lesson page and the adviser dashboard run a fixed number of queries
however many lessons, learners, attempts and cohort changes there are: each page is measured
on a small world, then the world grows and the page may not need more."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from courses import services
from courses.models import Enrolment
from tests.courses.factories import CohortFactory, complete_course, course_create, fail_quiz
from tests.factories import MembershipFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def _study(built, user, *, finish: bool):
    """Enrol, fail the first quiz once, then either finish the course or stop there."""
    services.enrolment_create(user=user, course=built.course)
    fail_quiz(built, user, built.lessons[0])
    if finish:
        complete_course(built, user)


@pytest.mark.parametrize("finish", [False, True], ids=["studying", "finished"])
def test_course_and_lesson_pages_do_not_grow_with_lessons(
    client, home_page, django_assert_max_num_queries, finish
):
    learner = user_with_role(Role.LEARNER)
    adviser = user_with_role(Role.ADVISER)
    small = course_create(slug="maly", lessons_per_module=1, questions_per_quiz=1)
    _study(small, learner, finish=finish)
    client.force_login(learner)
    course_queries = _count(client, small.course.url)
    lesson_queries = _count(client, small.lessons[0].url)
    client.force_login(adviser)
    adviser_course_queries = _count(client, small.course.url)
    adviser_lesson_queries = _count(client, small.lessons[0].url)

    big = course_create(slug="velky", modules=3, lessons_per_module=3, questions_per_quiz=3)
    _study(big, learner, finish=finish)
    services.enrolment_leave(enrolment=Enrolment.objects.get(user=learner, course=big.course))
    services.enrolment_create(user=learner, course=big.course)  # more history lines
    client.force_login(learner)
    with django_assert_max_num_queries(course_queries):
        client.get(big.course.url)
    with django_assert_max_num_queries(lesson_queries):
        client.get(big.lessons[0].url)
    with django_assert_max_num_queries(lesson_queries):
        client.get(big.lessons[-1].url)
    client.force_login(adviser)
    with django_assert_max_num_queries(adviser_course_queries):
        client.get(big.course.url)
    with django_assert_max_num_queries(adviser_lesson_queries):
        client.get(big.lessons[-1].url)


def _cohort_with_learners(built, adviser, size, *, name):
    town = OrganisationFactory()
    cohort = CohortFactory(course=built.course, adviser=adviser, name=name, organisations=[town])
    lesson = built.lessons[0]
    for _ in range(size):
        user = MembershipFactory(organisation=town).user
        services.enrolment_create(user=user, course=built.course, cohort=cohort, by_adviser=True)
        for _attempt in range(2):  # attempts used up: listed on the dashboard
            fail_quiz(built, user, lesson)
    return cohort, town


def test_dashboard_does_not_grow_with_cohorts_learners_and_changes(
    client, home_page, django_assert_max_num_queries
):
    built = course_create(lessons_per_module=2, questions_per_quiz=1)
    adviser = user_with_role(Role.ADVISER)
    admin = user_with_role(Role.ADMIN)
    first, _town = _cohort_with_learners(built, adviser, 1, name="První")
    client.force_login(adviser)
    dashboard_queries = _count(client, "/studium/prehled/")
    cohort_queries = _count(client, f"/studium/prehled/skupiny/{first.pk}/")
    client.force_login(admin)
    admin_queries = _count(client, "/studium/prehled/")

    for number in range(3):
        cohort, town = _cohort_with_learners(built, adviser, 3, name=f"Další {number}")
        # Someone of this town moves into the first cohort; someone leaves.
        services.cohort_enrol_organisation_staff(
            cohort=first,
            organisation=town,
            actor=adviser,
            chosen_user_ids={Enrolment.objects.filter(cohort=cohort).first().user_id},
        )
        services.enrolment_leave(enrolment=Enrolment.objects.filter(cohort=cohort).first())
    finished = MembershipFactory().user
    services.enrolment_create(user=finished, course=built.course, cohort=first, by_adviser=True)
    complete_course(built, finished)
    services.course_feedback_submit(user=finished, course=built.course, rating=4)
    client.force_login(adviser)
    with django_assert_max_num_queries(dashboard_queries):
        client.get("/studium/prehled/")
    with django_assert_max_num_queries(cohort_queries):
        client.get(f"/studium/prehled/skupiny/{first.pk}/")
    client.force_login(admin)
    with django_assert_max_num_queries(admin_queries):
        client.get("/studium/prehled/")
