"""Certificates: an accessible PDF naming issuer and signatory with a verification URL and QR
code; public verification of exactly the code asked for; revocation with a reason; the
e-mail that tells the learner, in their language."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.test import override_settings
from pypdf import PdfReader

from accounts.roles import Role
from courses import services
from courses.certificates import certificate_pdf_bytes, qr_code_data_uri
from courses.models import Certificate, CoursePage, ReminderPreference
from tests.courses.factories import complete_course, course_create
from tests.factories import user_with_role
from tests.pdf_checks import assert_accessible_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(home_page):
    built = course_create(lessons_per_module=1, questions_per_quiz=1)
    CoursePage.objects.filter(pk=built.course.pk).update(
        certificate_issuer="Platforma pro sociální bydlení",
        certificate_signatory_name="Mgr. Jana Vzorová",
        certificate_signatory_role="vedoucí vzdělávání",
    )
    built.course.refresh_from_db()
    return built


def _certificate(user, *, code, name, course):
    return Certificate.objects.create(
        user=user,
        course=course,
        code=code,
        learner_name=name,
        course_title=course.title,
        hours=Decimal("6"),
        issuer_name="Platforma pro sociální bydlení",
    )


@pytest.fixture
def two_certificates(built):
    first = _certificate(
        user_with_role(Role.LEARNER), code="AAAA-BBBB-CCCC", name="Anna První", course=built.course
    )
    second = _certificate(
        user_with_role(Role.LEARNER),
        code="DDDD-EEEE-FFFF",
        name="Bedřich Druhý",
        course=built.course,
    )
    return first, second


# --- the PDF ----------------------------------------------------------------------------


def test_certificate_names_issuer_and_signatory_copied_at_issue(built):
    learner = user_with_role(Role.LEARNER)
    services.enrolment_create(user=learner, course=built.course)
    complete_course(built, learner)
    certificate = Certificate.objects.get()
    assert certificate.issuer_name == "Platforma pro sociální bydlení"
    assert certificate.signatory_name == "Mgr. Jana Vzorová"
    # Later edits of the course do not change an issued certificate.
    CoursePage.objects.filter(pk=built.course.pk).update(certificate_issuer="Někdo jiný")
    certificate.refresh_from_db()
    assert certificate.issuer_name == "Platforma pro sociální bydlení"


@override_settings(SITE_URL="https://bydleni.example.cz")
def test_certificate_pdf_is_tagged_and_says_who_issued_what(built):
    learner = user_with_role(Role.LEARNER)
    services.enrolment_create(user=learner, course=built.course)
    complete_course(built, learner)
    certificate = Certificate.objects.get()
    data = certificate_pdf_bytes(certificate)
    assert_accessible_pdf(data, language="cs", text_in_order=[built.course.title])
    reader = PdfReader(BytesIO(data))
    assert built.course.title in reader.metadata.title
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        certificate.learner_name,
        built.course.title,
        "Platforma pro sociální bydlení",
        "Mgr. Jana Vzorová",
        "vedoucí vzdělávání",
        "6 hodin",
        certificate.code,
        f"https://bydleni.example.cz/studium/overeni/{certificate.code}/",
    ):
        assert expected in text, expected


def test_downloaded_pdf_links_to_the_host_it_was_requested_from(client, built):
    learner = user_with_role(Role.LEARNER)
    services.enrolment_create(user=learner, course=built.course)
    complete_course(built, learner)
    certificate = Certificate.objects.get()
    client.force_login(learner)
    response = client.get(
        f"/studium/certifikaty/{certificate.code}/pdf/", HTTP_HOST="kurzy.example.org"
    )
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert f"http://kurzy.example.org/studium/overeni/{certificate.code}/" in text


def test_qr_code_is_an_svg_data_uri():
    import base64

    uri = qr_code_data_uri("https://bydleni.example.cz/studium/overeni/AAAA-BBBB-CCCC/")
    assert uri.startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(uri.split(",", 1)[1])


# --- verification -----------------------------------------------------------------------


def test_verification_shows_the_certificate_of_that_code_only(client, two_certificates):
    first, second = two_certificates
    body = client.get(f"/studium/overeni/{first.code}/").content.decode()
    assert "Anna První" in body and "Bedřich Druhý" not in body
    body = client.get(f"/studium/overeni/{second.code.lower()}/").content.decode()
    assert "Bedřich Druhý" in body and "Anna První" not in body
    assert "Platforma pro sociální bydlení" in body


def test_verification_of_a_code_nobody_has_is_404_with_two_certificates_around(
    client, two_certificates
):
    response = client.get("/studium/overeni/AAAA-BBBB-CCCD/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Anna První" not in body and "Bedřich Druhý" not in body


# --- revocation -------------------------------------------------------------------------


def test_admin_revokes_with_a_reason_and_the_public_page_says_so(
    client, two_certificates, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = two_certificates
    admin = user_with_role(Role.ADMIN)
    client.force_login(admin)
    assert client.get(f"/studium/certifikaty/{first.code}/zrusit/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/studium/certifikaty/{first.code}/zrusit/", {"reason": "Vydán omylem."}
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_revoked and first.revoked_by == admin
    client.logout()
    response = client.get(f"/studium/overeni/{first.code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Certifikát byl zrušen" in body and "Vydán omylem." in body
    assert "Certifikát je platný" not in body
    # The other certificate is untouched.
    assert "Certifikát je platný" in client.get(f"/studium/overeni/{second.code}/").content.decode()
    (message,) = mailoutbox
    assert message.to == [first.user.email] and "Vydán omylem." in message.body


def test_revoked_certificate_cannot_be_downloaded(client, two_certificates):
    first, _second = two_certificates
    services.certificate_revoke(
        actor=user_with_role(Role.ADMIN), certificate=first, reason="Vydán omylem."
    )
    client.force_login(first.user)
    response = client.get(f"/studium/certifikaty/{first.code}/pdf/")
    assert response.status_code == 410
    assert "Vydán omylem." in response.content.decode()
    body = client.get("/studium/").content.decode()
    assert f"/studium/certifikaty/{first.code}/pdf/" not in body


def test_revocation_needs_a_reason(client, two_certificates):
    first, _second = two_certificates
    client.force_login(user_with_role(Role.ADMIN))
    response = client.post(f"/studium/certifikaty/{first.code}/zrusit/", {"reason": ""})
    assert response.status_code == 400
    assert "Napište důvod zrušení." in response.content.decode()
    first.refresh_from_db()
    assert not first.is_revoked


@pytest.mark.parametrize("role", [Role.LEARNER, Role.ADVISER, Role.MODERATOR])
def test_only_admins_revoke(client, two_certificates, role):
    first, _second = two_certificates
    client.force_login(user_with_role(role))
    response = client.post(f"/studium/certifikaty/{first.code}/zrusit/", {"reason": "x"})
    assert response.status_code == 403
    first.refresh_from_db()
    assert not first.is_revoked


def test_revoking_twice_is_409(two_certificates):
    first, _second = two_certificates
    admin = user_with_role(Role.ADMIN)
    services.certificate_revoke(actor=admin, certificate=first, reason="Vydán omylem.")
    with pytest.raises(services.CourseError) as error:
        services.certificate_revoke(actor=admin, certificate=first, reason="Znovu.")
    assert error.value.status == 409


# --- the e-mail -------------------------------------------------------------------------


def test_learner_gets_an_email_when_the_certificate_is_ready(
    built, mailoutbox, django_capture_on_commit_callbacks
):
    learner = user_with_role(Role.LEARNER)
    services.enrolment_create(user=learner, course=built.course)
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(built, learner)
    certificate = Certificate.objects.get()
    (message,) = mailoutbox
    assert message.to == [learner.email]
    assert built.course.title in message.subject
    assert f"http://testserver/studium/overeni/{certificate.code}/" in message.body
    assert "Platforma pro sociální bydlení" in message.body


def test_email_is_in_the_recipients_language(built, mailoutbox, django_capture_on_commit_callbacks):
    learner = user_with_role(Role.LEARNER)
    ReminderPreference.objects.create(user=learner, language="en")
    services.enrolment_create(user=learner, course=built.course)
    with django_capture_on_commit_callbacks(execute=True):
        complete_course(built, learner)
    certificate = Certificate.objects.get()
    (message,) = mailoutbox
    assert message.body.startswith("Hello,")
    # Links carry the recipient's language, whatever language the request was in.
    assert f"http://testserver/en/studium/overeni/{certificate.code}/" in message.body
