"""What a person downloads and what erasure leaves behind."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from courses.models import Certificate, Enrolment, QuizAttempt
from forum import services as forum_services
from forum.models import Attachment, Notification, Post, Subscription
from legal.models import ContactMessage
from privacy.models import Erasure
from privacy.services import ErasureRefused, person_data, person_erase
from tests.courses.factories import CohortFactory, complete_course, course_create
from tests.factories import TEST_PASSWORD, user_with_role
from tests.forum.factories import CategoryFactory, member, topic_with_posts
from tests.legal.factories import contact_page_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(home_page):
    """A partner member with a finished course, forum posts and an attachment."""
    person = member(first_name="Alena", last_name="Svobodová", email="alena@example.org")
    EmailAddress.objects.filter(user=person).update(email=person.email)
    built = course_create(modules=1, lessons_per_module=1, questions_per_quiz=1)
    Enrolment.objects.create(user=person, course=built.course)
    complete_course(built, person)
    topic = topic_with_posts(author=person, title="Jak na krizový byt", posts=2)
    Attachment.objects.create(
        post=topic.posts.first(),
        file=ContentFile(b"%PDF-1.4 pravidla", name="pravidla.pdf"),
        filename="pravidla.pdf",
        content_type="application/pdf",
        kind="pdf",
        size=17,
    )
    contact = contact_page_create(home_page)
    ContactMessage.objects.create(
        page=contact, name="Alena", email="alena@example.org", body="Dotaz ke kurzu."
    )
    return person


def test_data_cover_every_kind_of_record(learner):
    data = person_data(learner)
    assert data["account"]["email"] == "alena@example.org"
    assert data["accounts.memberships"][0]["role"] == Role.PARTNER_MEMBER
    assert data["account.email_addresses"][0]["email"] == "alena@example.org"
    assert data["courses.enrolments"][0]["course.title"] == "Housing First v obci"
    assert data["courses.quiz_attempts"][0]["passed"] is True
    assert data["courses.quiz_attempts"][0]["answers"][0]["correct"] is True
    assert data["courses.certificates"][0]["learner_name"] == "Alena Svobodová"
    assert [row["topic.title"] for row in data["forum.posts"]] == ["Jak na krizový byt"] * 2
    assert data["forum.topics"][0]["title"] == "Jak na krizový byt"
    assert data["legal.contact_messages"][0]["body"] == "Dotaz ke kurzu."
    json.dumps(data)  # JSON-ready


def test_data_never_contain_second_factor_secrets(home_page):
    adviser = user_with_role(Role.ADVISER)
    data = person_data(adviser)
    assert data["account.second_factor"]
    assert all(
        set(row) == {"id", "type", "created_at", "last_used_at"}
        for row in data["account.second_factor"]
    )


def test_data_of_one_person_hold_nothing_of_another(learner):
    other = member(email="other@example.org")
    topic_with_posts(author=other, title="Cizí téma")
    text = json.dumps(person_data(learner), ensure_ascii=False)
    assert "Cizí téma" not in text
    assert "other@example.org" not in text


def test_download_is_a_zip_with_data_and_files(client, learner):
    client.force_login(learner)
    response = client.post(reverse("privacy:my_data_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment;" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "alena@example.org"
    attachment_files = [
        name for name in archive.namelist() if name.startswith("files/forum.attachments/")
    ]
    assert len(attachment_files) == 1
    assert archive.read(attachment_files[0]) == b"%PDF-1.4 pravidla"


def test_download_needs_a_signed_in_person_and_post(client, learner):
    url = reverse("privacy:my_data_download")
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(learner)
    assert client.get(url).status_code == 405


def test_download_costs_a_fixed_number_of_queries(client, learner, django_assert_max_num_queries):
    client.force_login(learner)
    with django_assert_max_num_queries(60):
        client.post(reverse("privacy:my_data_download"))
    topic_with_posts(author=learner, title="Další téma", posts=30)
    with django_assert_max_num_queries(60):
        client.post(reverse("privacy:my_data_download"))


def test_erasure_leaves_no_personal_data_and_keeps_posts_anonymised(
    learner, django_capture_on_commit_callbacks
):
    posts_before = Post.objects.filter(author=learner).count()
    certificate = Certificate.objects.get(user=learner)
    attachment = Attachment.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        result = person_erase(user=learner)

    learner.refresh_from_db()
    assert learner.is_erased
    assert str(learner) == "smazaný uživatel"
    assert learner.first_name == learner.last_name == ""
    assert not learner.is_active
    assert not learner.has_usable_password()
    assert not Membership.objects.filter(user=learner).exists()
    assert not EmailAddress.objects.filter(user=learner).exists()
    assert not Enrolment.objects.filter(user=learner).exists()
    assert not QuizAttempt.objects.filter(user=learner).exists()
    assert not Subscription.objects.filter(user=learner).exists()
    assert not ContactMessage.objects.filter(email="alena@example.org").exists()
    assert Post.objects.filter(author=learner).count() == posts_before
    certificate.refresh_from_db()
    assert certificate.learner_name == ""
    assert result.erasure.by_the_person is True
    # Files of kept posts stay (the discussion refers to them); nothing else mentions her.
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    tables_with_name = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith("django_session"):
                continue
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                cursor.execute(
                    f'SELECT COUNT(*) FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE %s',
                    ["%alena@example.org%"],
                )
                if cursor.fetchone()[0]:
                    tables_with_name.append(f"{table}.{column}")
    assert tables_with_name == []


def test_erasure_can_keep_the_name_on_certificates(learner):
    person_erase(user=learner, keep_name_on_certificates=True)
    assert Certificate.objects.get(user=learner).learner_name == "Alena Svobodová"


def test_certificate_of_an_erased_person_stays_verifiable(client, learner):
    certificate = Certificate.objects.get(user=learner)
    person_erase(user=learner)
    response = client.get(reverse("courses:verify_code", args=[certificate.code]))
    assert response.status_code == 200
    assert "Housing First v obci" in response.content.decode()
    assert "Svobodová" not in response.content.decode()


def test_topic_page_signs_posts_of_an_erased_person_as_deleted_user(client, learner):
    topic = Post.objects.filter(author=learner).first().topic
    person_erase(user=learner)
    body = client.get(topic.get_absolute_url()).content.decode()
    assert "smazaný uživatel" in body
    assert "Svobodová" not in body


def test_last_administrator_cannot_be_erased(home_page):
    admin = user_with_role(Role.ADMIN)
    with pytest.raises(ErasureRefused, match="poslední správce"):
        person_erase(user=admin)
    user_with_role(Role.ADMIN)
    person_erase(user=admin)
    assert Erasure.objects.filter(user=admin).exists()


def test_adviser_of_a_cohort_cannot_be_erased(home_page):
    adviser = user_with_role(Role.ADVISER)
    built = course_create()
    CohortFactory(course=built.course, adviser=adviser)
    with pytest.raises(ErasureRefused, match="Vedete skupiny"):
        person_erase(user=adviser)


def test_only_member_of_a_closed_group_cannot_be_erased(home_page):
    person = member()
    CategoryFactory(visibility="closed", members=[person], name="Pracovní skupina Ostrava")
    with pytest.raises(ErasureRefused, match="Pracovní skupina Ostrava"):
        person_erase(user=person)


def test_erased_account_cannot_be_erased_twice(learner):
    person_erase(user=learner)
    with pytest.raises(ErasureRefused):
        person_erase(user=learner)


def test_erase_page_needs_password_and_confirmation(client, learner):
    client.force_login(learner)
    url = reverse("privacy:account_erase")
    response = client.post(url, {"password": "špatné", "confirm": "on"})
    assert response.status_code == 400
    assert "Heslo nesouhlasí." in response.content.decode()
    assert "<title>Chyba:" in response.content.decode()
    response = client.post(url, {"password": TEST_PASSWORD})
    assert response.status_code == 400
    learner.refresh_from_db()
    assert not learner.is_erased


def test_erase_page_erases_and_signs_out(client, learner):
    client.force_login(learner)
    response = client.post(
        reverse("privacy:account_erase"), {"password": TEST_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    learner.refresh_from_db()
    assert learner.is_erased
    assert "_auth_user_id" not in client.session


def test_erase_page_refuses_with_409_when_something_stands_in_the_way(client, home_page):
    admin = user_with_role(Role.ADMIN)
    client.force_login(admin)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "poslední správce" in page
    response = client.post(
        reverse("privacy:account_erase"), {"password": TEST_PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 409
    admin.refresh_from_db()
    assert not admin.is_erased


def test_my_data_pages_need_sign_in(client, home_page):
    for name in ("privacy:my_data", "privacy:account_erase"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_notifications_older_than_retention_are_deleted(learner, settings):
    from datetime import timedelta

    from django.utils import timezone

    from privacy.services import retention_enforce

    other = member()
    topic = Post.objects.filter(author=learner).first().topic
    forum_services.post_create(
        user=other, topic=topic, source=f"@{learner.forum_profile.handle} díky"
    )
    Notification.objects.update(created_at=timezone.now() - timedelta(days=181))
    settings.PRIVACY_RETENTION_DAYS = {
        **settings.PRIVACY_RETENTION_DAYS,
        "forum_notifications": 180,
    }
    deleted = retention_enforce()
    assert deleted["forum_notifications"] >= 1
    assert not Notification.objects.exists()
