"""Sign-up does not tell whether an address has an account: same answer, one e-mail and the
same hashing work for a taken address and a new one (the time is what leaked)."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def _sign_up(client, email, capture):
    CountingHasher.calls = 0
    mail.outbox.clear()
    # E-mail leaves through the outbox once the sign-up's transaction commits.
    with capture(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": email,
                "first_name": "Nová",
                "last_name": "Sociální",
                "password1": "bezpecne-heslo-2026",
                "password2": "bezpecne-heslo-2026",
            },
        )
    return response, CountingHasher.calls, len(mail.outbox)


@pytest.fixture
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_signup_enumeration.CountingHasher"]


def test_taken_and_new_address_cost_the_same_work(
    client, home_page, counting_hasher, django_capture_on_commit_callbacks
):
    UserFactory(email="obsazena@example.org")
    capture = django_capture_on_commit_callbacks
    taken, taken_hashes, taken_mails = _sign_up(client, "obsazena@example.org", capture)
    client.logout()
    new, new_hashes, new_mails = _sign_up(client, "nova@example.org", capture)
    assert (taken.status_code, taken.url) == (new.status_code, new.url)
    assert taken_hashes == new_hashes >= 1
    assert taken_mails == new_mails == 1
