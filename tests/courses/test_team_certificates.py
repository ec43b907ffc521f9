"""The certificate of a town's team (issue 20, item 4): what the town's members completed,
from the courses' records; issued by the town's adviser or an administrator; a public page
that verifies it by code and says when it was revoked; a PDF/UA like the person's."""

import uuid

import pytest
from django.urls import reverse

from accounts.models import Organisation
from accounts.roles import Role
from courses import services
from courses.models import TeamCertificate
from courses.team_certificates import team_completion
from tests.courses.factories import CohortFactory, complete_course, course_create
from tests.factories import OrganisationFactory, user_with_role
from tests.pdf_checks import assert_accessible_pdf

pytestmark = pytest.mark.django_db


def _finish_lesson(built, user, lesson):
    services.lesson_complete(user=user, lesson=lesson, course=built.course)
    services.quiz_attempt_submit(
        user=user,
        lesson=lesson,
        course=built.course,
        token=uuid.uuid4(),
        answers=built.correct_answers(lesson),
    )


@pytest.fixture
def world(home_page):
    """Trutnov: one member finished the course, one only its first module, one nothing; a
    member of another town finished it too. The adviser runs a cohort with Trutnov."""
    built = course_create(modules=2, lessons_per_module=1, questions_per_quiz=1)
    town = OrganisationFactory(
        name="Město Trutnov", short_name="Trutnov", slug="trutnov", kind="municipality"
    )
    finished, half, idle = (user_with_role(Role.LEARNER, organisation=town) for _ in range(3))
    for person in (finished, half, idle):
        services.enrolment_create(user=person, course=built.course)
    complete_course(built, finished)
    _finish_lesson(built, half, built.lessons[0])
    stranger = user_with_role(Role.LEARNER)
    services.enrolment_create(user=stranger, course=built.course)
    complete_course(built, stranger)
    adviser = user_with_role(Role.ADVISER)
    cohort = CohortFactory(course=built.course, adviser=adviser, organisations=[town])
    return {"built": built, "town": town, "adviser": adviser, "cohort": cohort, "half": half}


def test_team_completion_counts_the_towns_members_per_course_and_module(world):
    completion = team_completion(world["town"])
    assert completion.members_count == 3
    [course] = completion.courses
    assert course.finished == 1
    assert [(module.title, module.finished) for module in course.modules] == [
        ("Modul 1", 2),
        ("Modul 2", 1),
    ]


def test_a_revoked_certificate_of_a_member_does_not_count(world):
    from courses.models import Certificate

    Certificate.objects.filter(user__memberships__organisation=world["town"]).update(
        revoked_at="2026-01-02T00:00:00Z", revocation_reason="Omyl."
    )
    assert team_completion(world["town"]).courses[0].finished == 0


def test_the_towns_adviser_issues_the_certificate_and_anyone_verifies_it(client, world):
    client.force_login(world["adviser"])
    response = client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    certificate = TeamCertificate.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("courses:team_certificate", args=[certificate.code])
    assert certificate.issued_by == world["adviser"]
    assert certificate.completed[0]["finished"] == 1
    assert certificate.completed[0]["modules"][1] == {"title": "Modul 2", "finished": 1}
    client.logout()
    page = client.get(reverse("courses:team_certificate", args=[certificate.code.lower()]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Certifikát obce je platný" in html
    assert "Město Trutnov" in html
    assert world["built"].course.title in html


def test_the_certificate_keeps_what_it_said_when_issued(client, world):
    client.force_login(world["adviser"])
    client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    _finish_lesson(world["built"], world["half"], world["built"].lessons[1])
    certificate = TeamCertificate.objects.get()
    assert certificate.completed[0]["finished"] == 1
    assert team_completion(world["town"]).courses[0].finished == 2


def test_an_adviser_who_does_not_advise_the_town_is_refused(client, world):
    other = user_with_role(Role.ADVISER)
    client.force_login(other)
    assert (
        client.get(reverse("courses:team_certificate_issue", args=["trutnov"])).status_code == 403
    )
    response = client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    assert response.status_code == 403
    assert not TeamCertificate.objects.exists()


def test_a_learner_of_the_town_may_not_issue_it(client, world):
    client.force_login(world["half"])
    response = client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    assert response.status_code == 403
    assert not TeamCertificate.objects.exists()


def test_an_admin_issues_for_any_town(client, world):
    client.force_login(user_with_role(Role.ADMIN))
    response = client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    assert response.status_code == 302
    assert TeamCertificate.objects.count() == 1


def test_an_unknown_town_is_a_404(client, world):
    client.force_login(world["adviser"])
    assert client.get(reverse("courses:team_certificate_issue", args=["neni"])).status_code == 404


def test_a_team_that_completed_nothing_gets_no_certificate(client, world):
    empty = OrganisationFactory(slug="pisek", short_name="Písek", kind="municipality")
    user_with_role(Role.LEARNER, organisation=empty)
    world["cohort"].organisations.add(empty)
    client.force_login(world["adviser"])
    response = client.post(reverse("courses:team_certificate_issue", args=["pisek"]))
    assert response.status_code == 409
    assert "zatím nedokončil žádný modul" in response.content.decode()
    assert not TeamCertificate.objects.exists()


def test_an_unknown_code_is_a_404(client, world):
    assert (
        client.get(reverse("courses:team_certificate", args=["NENI-TAKO-VY00"])).status_code == 404
    )
    assert (
        client.get(reverse("courses:team_certificate_pdf", args=["NENI-TAKO-VY00"])).status_code
        == 404
    )


def test_the_verification_form_finds_a_town_certificate(client, world):
    client.force_login(world["adviser"])
    client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    code = TeamCertificate.objects.get().code
    response = client.get(reverse("courses:verify_code", args=[code]))
    assert response.status_code == 302
    assert response.url == reverse("courses:team_certificate", args=[code])


def test_revocation_shows_on_the_public_page_and_stops_the_pdf(client, world):
    client.force_login(world["adviser"])
    client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    code = TeamCertificate.objects.get().code
    empty = client.post(reverse("courses:team_certificate_revoke", args=[code]), {"reason": ""})
    assert empty.status_code == 400
    assert TeamCertificate.objects.get().revoked_at is None
    response = client.post(
        reverse("courses:team_certificate_revoke", args=[code]),
        {"reason": "Vydán omylem pro jinou obec."},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("courses:team_certificate", args=[code])).content.decode()
    assert "Certifikát obce byl zrušen" in page
    assert "Vydán omylem pro jinou obec." in page
    assert client.get(reverse("courses:team_certificate_pdf", args=[code])).status_code == 410


def test_only_the_towns_adviser_or_an_admin_revokes(client, world):
    client.force_login(world["adviser"])
    client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    code = TeamCertificate.objects.get().code
    client.force_login(user_with_role(Role.ADVISER))
    response = client.post(
        reverse("courses:team_certificate_revoke", args=[code]), {"reason": "Nevím."}
    )
    assert response.status_code == 403
    assert TeamCertificate.objects.get().revoked_at is None
    client.force_login(user_with_role(Role.ADMIN))
    response = client.post(
        reverse("courses:team_certificate_revoke", args=[code]), {"reason": "Omyl."}
    )
    assert response.status_code == 302
    assert TeamCertificate.objects.get().is_revoked


def test_the_pdf_is_an_accessible_document_naming_the_town(client, world):
    client.force_login(world["adviser"])
    client.post(reverse("courses:team_certificate_issue", args=["trutnov"]))
    code = TeamCertificate.objects.get().code
    client.logout()
    response = client.get(reverse("courses:team_certificate_pdf", args=[code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_accessible_pdf(
        response.content,
        language="cs",
        text_in_order=["Město Trutnov", world["built"].course.title, "Modul 2", code],
    )


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_pages_cost_the_same_queries_however_big_the_team(
    client, world, django_assert_max_num_queries
):
    town = Organisation.objects.get(slug="trutnov")
    client.force_login(world["adviser"])
    issue_url = reverse("courses:team_certificate_issue", args=["trutnov"])
    small = _queries(client, issue_url)
    for _ in range(5):
        person = user_with_role(Role.LEARNER, organisation=town)
        services.enrolment_create(user=person, course=world["built"].course)
        complete_course(world["built"], person)
    with django_assert_max_num_queries(small):
        assert client.get(issue_url).status_code == 200
    client.post(issue_url)
    code = TeamCertificate.objects.get().code
    with django_assert_max_num_queries(16):
        assert client.get(reverse("courses:team_certificate", args=[code])).status_code == 200
