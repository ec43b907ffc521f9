"""The adviser dashboard: who may see what, its figures, CSV, bulk enrolment, query bounds."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from courses import services
from courses.models import Enrolment
from tests.courses.factories import CohortFactory, complete_course, course_create
from tests.factories import MembershipFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(home_page):
    return course_create(modules=1, lessons_per_module=2)


@pytest.fixture
def setup(built):
    """A cohort of one adviser from one town: one learner finished, one half way, one stuck."""
    adviser = user_with_role(Role.ADVISER)
    town = OrganisationFactory(short_name="Vysoké Mýto")
    cohort = CohortFactory(
        course=built.course,
        adviser=adviser,
        name="Jaro",
        deadline=timezone.localdate() + timedelta(days=3),
        organisations=[town],
    )
    finished, halfway, stuck = (
        MembershipFactory(organisation=town, user__first_name=name).user
        for name in ("Hotová", "Napůl", "Stojí")
    )
    for user in (finished, halfway, stuck):
        services.enrolment_create(user=user, course=built.course, cohort=cohort, by_adviser=True)
    complete_course(built, finished)
    lesson = built.lessons[0]
    services.lesson_complete(user=halfway, lesson=lesson, course=built.course)
    services.quiz_attempt_submit(
        user=halfway,
        lesson=lesson,
        course=built.course,
        token=uuid.uuid4(),
        answers=built.wrong_answers(lesson),
    )
    services.quiz_attempt_submit(
        user=halfway,
        lesson=lesson,
        course=built.course,
        token=uuid.uuid4(),
        answers=built.correct_answers(lesson),
    )
    Enrolment.objects.filter(user=stuck).update(
        last_activity_at=timezone.now() - timedelta(days=30)
    )
    return {
        "adviser": adviser,
        "cohort": cohort,
        "town": town,
        "finished": finished,
        "halfway": halfway,
        "stuck": stuck,
    }


def test_dashboard_figures(client, setup):
    from courses import dashboard
    from courses.models import Cohort

    rows = dashboard.cohort_rows(Cohort.objects.all())
    (row,) = rows
    assert (row.enrolled, row.finished, row.behind) == (3, 1, 1)
    # 100 + 50 (read + quiz of lesson 1 of 2) + 0, averaged.
    assert row.average_percent == 50
    (organisation,) = dashboard.organisation_rows(rows)
    assert (organisation.enrolled, organisation.finished, organisation.average_percent) == (
        3,
        1,
        50,
    )
    (failed, *_rest) = dashboard.failed_questions([row.cohort])
    # Question 1.1: the finished learner once (right), the half-way one twice (wrong, right).
    assert failed["failed"] == 1 and failed["answered"] == 3
    behind = dashboard.behind_rows(rows)
    assert [learner.user for _row, learner in behind] == [setup["stuck"]]


def test_dashboard_page_for_the_cohorts_adviser(client, setup):
    client.force_login(setup["adviser"])
    response = client.get("/studium/prehled/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Jaro" in body and "Vysoké Mýto" in body and "Stojí" in body


def test_dashboard_shows_another_adviser_nothing_of_this_cohort(client, setup):
    client.force_login(user_with_role(Role.ADVISER))
    body = client.get("/studium/prehled/").content.decode()
    assert "Jaro" not in body and "Stojí" not in body


def test_admin_sees_every_cohort(client, setup):
    client.force_login(user_with_role(Role.ADMIN))
    assert "Jaro" in client.get("/studium/prehled/").content.decode()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER_MEMBER, Role.MODERATOR])
def test_dashboard_is_403_for_others(client, setup, role):
    client.force_login(user_with_role(role))
    assert client.get("/studium/prehled/").status_code == 403
    cohort = setup["cohort"]
    assert client.get(f"/studium/prehled/skupiny/{cohort.pk}/").status_code == 403


def test_dashboard_anonymous_goes_to_login(client, db):
    assert client.get("/studium/prehled/").status_code == 302


def test_cohort_detail_and_csv(client, setup):
    cohort = setup["cohort"]
    client.force_login(setup["adviser"])
    response = client.get(f"/studium/prehled/skupiny/{cohort.pk}/")
    assert response.status_code == 200
    response = client.get(f"/studium/prehled/skupiny/{cohort.pk}/csv/")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 4
    assert any(setup["finished"].email in line and ";100;" in line for line in lines)
    assert any(setup["halfway"].email in line and ";50;" in line for line in lines)


def test_cohort_of_another_adviser_is_404(client, setup):
    cohort = setup["cohort"]
    client.force_login(user_with_role(Role.ADVISER))
    assert client.get(f"/studium/prehled/skupiny/{cohort.pk}/").status_code == 404
    assert client.get(f"/studium/prehled/skupiny/{cohort.pk}/csv/").status_code == 404
    response = client.post(
        f"/studium/prehled/skupiny/{cohort.pk}/zapsat-organizaci/",
        {"organisation": setup["town"].pk},
    )
    assert response.status_code == 404


def test_bulk_enrolment_from_the_cohort_page(client, setup):
    cohort = setup["cohort"]
    town = OrganisationFactory()
    MembershipFactory(organisation=town)
    MembershipFactory(organisation=town)
    client.force_login(setup["adviser"])
    preview = client.get(
        f"/studium/prehled/skupiny/{cohort.pk}/zapsat-organizaci/", {"organisation": town.pk}
    )
    assert preview.status_code == 200
    assert "Budou zapsáni do této skupiny" in preview.content.decode()
    assert Enrolment.objects.filter(cohort=cohort).count() == 3  # a preview changes nothing
    response = client.post(
        f"/studium/prehled/skupiny/{cohort.pk}/zapsat-organizaci/",
        {"organisation": town.pk},
        follow=True,
    )
    assert response.redirect_chain[0][1] == 302
    assert Enrolment.objects.filter(cohort=cohort).count() == 5
    assert f"z organizace {town}." in response.content.decode()


def test_bulk_enrolment_with_an_unknown_organisation_is_400(client, setup):
    cohort = setup["cohort"]
    client.force_login(setup["adviser"])
    response = client.post(
        f"/studium/prehled/skupiny/{cohort.pk}/zapsat-organizaci/", {"organisation": "999999"}
    )
    assert response.status_code == 400
    assert "neexistuje" in response.content.decode()
    # The preview without an organisation: the same message, nothing written.
    response = client.get(f"/studium/prehled/skupiny/{cohort.pk}/zapsat-organizaci/")
    assert response.status_code == 400
    assert "Vyberte organizaci." in response.content.decode()


def test_learners_who_left_do_not_count_as_finished(client, setup):
    from courses import dashboard
    from courses.models import Cohort

    services.enrolment_leave(enrolment=Enrolment.objects.get(user=setup["finished"]))
    (row,) = dashboard.cohort_rows(Cohort.objects.all())
    assert (row.enrolled, row.finished) == (2, 0)
    (organisation,) = dashboard.organisation_rows([row])
    assert (organisation.enrolled, organisation.finished) == (2, 0)
    client.force_login(setup["adviser"])
    body = client.get(f"/studium/prehled/skupiny/{setup['cohort'].pk}/").content.decode()
    assert "odhlášen(a)" in body


def test_feedback_reaches_the_dashboard(client, setup, built):
    services.course_feedback_submit(
        user=setup["finished"], course=built.course, rating=4, most_useful="Modelové situace."
    )
    client.force_login(setup["adviser"])
    body = client.get("/studium/prehled/").content.decode()
    assert "Modelové situace." in body and "4,0" in body


def test_learner_certificate_visible_to_the_adviser(client, setup, built):
    from courses.models import Certificate

    code = Certificate.objects.get(user=setup["finished"]).code
    client.force_login(setup["adviser"])
    body = client.get(f"/studium/prehled/skupiny/{setup['cohort'].pk}/").content.decode()
    assert code in body


def test_complete_course_helper_issues_certificate(setup, built):
    learner = user_with_role(Role.LEARNER)
    services.enrolment_create(user=learner, course=built.course)
    complete_course(built, learner)
    assert learner.certificates.count() == 1
