import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP_DATA = {
    "email": "Nova.Socialni@Example.org",
    "first_name": "Nová",
    "last_name": "Sociální",
    "password1": "bezpecne-heslo-2026",
    "password2": "bezpecne-heslo-2026",
}


def _confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S*/confirm-email/\S+/)", message.body).group(1)


def test_signup_sends_verification_email_and_confirming_logs_in(
    client, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        response = client.post(reverse("account_signup"), SIGNUP_DATA)
    assert response.status_code == 302
    user = User.objects.get(email="nova.socialni@example.org")
    assert (user.first_name, user.last_name) == ("Nová", "Sociální")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nova.socialni@example.org"]

    link = _confirmation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_is_refused_until_email_is_verified(client, home_page):
    client.post(reverse("account_signup"), SIGNUP_DATA)
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": SIGNUP_DATA["email"], "password": SIGNUP_DATA["password1"]},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_signup_with_used_email_creates_nothing_and_tells_the_owner(
    client, home_page, django_capture_on_commit_callbacks
):
    """allauth's enumeration protection: the page does not reveal that the address is taken;
    its owner gets an e-mail saying that an account already exists."""
    owner = UserFactory(email="nova.socialni@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), SIGNUP_DATA)
    assert response.status_code == 302
    assert User.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "already" in mail.outbox[0].body or "již" in mail.outbox[0].body


@pytest.mark.parametrize("email", ["bez-zavinace", "dva@@example.org", "mezera v@example.org", ""])
def test_signup_with_malformed_email_shows_czech_error(client, home_page, email):
    response = client.post(reverse("account_signup"), {**SIGNUP_DATA, "email": email})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.exists()


def test_login_with_correct_password(client, home_page):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")


def test_login_with_wrong_password_says_so_in_czech(client, home_page):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "spatne"})
    assert response.status_code == 200
    assert "Zadaný e-mail nebo heslo není správné." in response.content.decode()


def test_wrong_passwords_beyond_rate_limit_are_stopped_without_500(client, home_page):
    user = UserFactory()
    responses = [
        client.post(reverse("account_login"), {"login": user.email, "password": f"spatne-{i}"})
        for i in range(8)
    ]
    # The form answers every attempt (200); past the limit it says so instead of checking.
    assert [response.status_code for response in responses] == [200] * 8
    last = responses[-1].content.decode()
    assert "Příliš mnoho pokusů o přihlášení." in last
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 200
    assert "Příliš mnoho pokusů o přihlášení." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_ends_the_session(client, home_page):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_password_reset_sends_email_for_known_address_only(
    client, home_page, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    assert user.email in mail.outbox[0].to
