"""The contact form: delivery, spam protection, limits and bad input."""

import pytest
from django.core import mail
from django.urls import reverse

from legal.models import ContactMessage
from legal.services import CONTACT_LIMIT_PER_CLIENT
from tests.factories import UserFactory
from tests.legal.factories import contact_page_create, form_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact_page(home_page):
    return contact_page_create(home_page)


def submit_url(page):
    return reverse("legal:contact_submit", args=[page.pk])


def message_data(**overrides):
    return {
        "name": "Jana Nováková",
        "email": "jana@example.org",
        "subject": "Kurz Housing First",
        "body": "Dobrý den, kdy začíná další běh kurzu?",
        "website": "",
        "stamp": form_stamp(),
        **overrides,
    }


def test_contact_page_shows_the_form_with_a_signed_stamp(client, contact_page):
    response = client.get(contact_page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'action="{submit_url(contact_page)}"' in body
    assert 'name="stamp"' in body
    assert 'autocomplete="email"' in body
    assert "sit@example.org" not in body  # the recipient stays private


def test_signed_in_person_finds_name_and_address_filled_in(client, contact_page):
    user = UserFactory(first_name="Petr", last_name="Svoboda", email="petr@example.org")
    client.force_login(user)
    body = client.get(contact_page.url).content.decode()
    assert 'value="Petr Svoboda"' in body
    assert 'value="petr@example.org"' in body


def test_message_is_stored_and_forwarded_with_reply_to_the_sender(
    client, contact_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(contact_page), message_data())
    assert response.status_code == 302
    assert response["Location"] == contact_page.url
    message = ContactMessage.objects.get()
    assert message.email == "jana@example.org"
    assert message.sender is None
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["sit@example.org"]
    assert email.reply_to == ["jana@example.org"]
    assert "Kurz Housing First" in email.subject
    assert "kdy začíná další běh kurzu" in email.body
    message.refresh_from_db()
    assert message.forwarded_at is not None
    page = client.get(contact_page.url).content.decode()
    assert "Děkujeme, zprávu jsme přijali." in page


def test_signed_in_sender_is_recorded(client, contact_page):
    user = UserFactory()
    client.force_login(user)
    client.post(submit_url(contact_page), message_data())
    assert ContactMessage.objects.get().sender == user


def test_failed_email_keeps_the_message_for_the_admin(
    client, contact_page, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens: the connection is refused
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(contact_page), message_data())
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert message.forwarded_at is None


def test_filled_trap_field_is_dropped_without_a_word(client, contact_page):
    response = client.post(submit_url(contact_page), message_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_form_sent_seconds_after_it_was_shown_is_refused(client, contact_page):
    response = client.post(submit_url(contact_page), message_data(stamp=form_stamp(0)))
    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Chyba: Kontakt" in body
    assert "Zpráva přišla příliš rychle po otevření stránky." in body
    assert 'value="Jana Nováková"' in body  # nothing the person wrote is lost
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize("stamp", ["", "forged", "MTIz:abc:def"])
def test_missing_or_forged_stamp_is_refused(client, contact_page, stamp):
    response = client.post(submit_url(contact_page), message_data(stamp=stamp))
    assert response.status_code == 400
    assert not ContactMessage.objects.exists()


def test_form_open_for_more_than_a_day_is_refused(client, contact_page):
    response = client.post(submit_url(contact_page), message_data(stamp=form_stamp(2 * 86400)))
    assert response.status_code == 400
    assert "Formulář byl otevřený příliš dlouho." in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("email", "není-adresa", "Zadejte platnou e-mailovou adresu."),
        ("body", "", "Toto pole je povinné."),
        ("body", "x" * 5001, "5000"),
        ("name", "", "Toto pole je povinné."),
    ],
)
def test_invalid_field_is_explained_in_czech(client, contact_page, field, value, error):
    response = client.post(submit_url(contact_page), message_data(**{field: value}))
    body = response.content.decode()
    assert response.status_code == 400
    assert error in body
    assert 'class="error-summary"' in body
    assert not ContactMessage.objects.exists()


def test_too_many_messages_from_one_address_are_refused(client, contact_page):
    for _ in range(CONTACT_LIMIT_PER_CLIENT):
        assert client.post(submit_url(contact_page), message_data()).status_code == 302
    response = client.post(submit_url(contact_page), message_data())
    assert response.status_code == 429
    assert "příliš mnoho zpráv" in response.content.decode()
    assert ContactMessage.objects.count() == CONTACT_LIMIT_PER_CLIENT


def test_another_address_is_not_limited_by_the_first(client, contact_page):
    for _ in range(CONTACT_LIMIT_PER_CLIENT):
        client.post(submit_url(contact_page), message_data())
    response = client.post(submit_url(contact_page), message_data(), REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302


def test_unpublished_contact_page_takes_no_messages(client, contact_page):
    contact_page.unpublish()
    response = client.post(submit_url(contact_page), message_data())
    assert response.status_code == 404
    assert not ContactMessage.objects.exists()


def test_submit_address_accepts_only_post(client, contact_page):
    assert client.get(submit_url(contact_page)).status_code == 405


def test_submit_without_csrf_token_is_refused(contact_page):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(submit_url(contact_page), message_data())
    assert response.status_code == 403
    assert not ContactMessage.objects.exists()
