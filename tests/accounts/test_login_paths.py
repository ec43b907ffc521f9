"""Every way into a session, for every role, with and without the second factor.

The sign-in is allauth's (`/ucet/login/`, `/en/ucet/login/`): rate limits, e-mail verification
and the TOTP stage. Wagtail's `/admin/login/` and Django's `/django-admin/login/` only redirect
there. Advisers, moderators and administrators reach nothing but the code prompt until their
session has used the second factor, whatever door opened it.
"""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client
from django.urls import reverse

from accounts.roles import ROLES_REQUIRING_TWO_FACTOR, Role
from tests.factories import TEST_PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

ROLES = [role.value for role in Role]
ROLES_WITH_SECOND_FACTOR = sorted(role.value for role in ROLES_REQUIRING_TWO_FACTOR)
ROLES_WITHOUT_SECOND_FACTOR = sorted(set(ROLES) - set(ROLES_WITH_SECOND_FACTOR))
ALLAUTH_LOGINS = ["/ucet/login/", "/en/ucet/login/"]
ADMIN_LOGINS = ["/admin/login/", "/django-admin/login/"]
# A page each role may open once fully signed in.
HOME_OF_ROLE = {
    Role.LEARNER: "/ucet/profil/",
    Role.PARTNER_MEMBER: "/ucet/profil/",
    Role.ADVISER: "/admin/",
    Role.MODERATOR: "/forum/moderace/",
    Role.ADMIN: "/django-admin/",
}


def _codes_now(user) -> set[str]:
    """The TOTP codes the person's authenticator app shows in the current tolerance window."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time()) // 30
    return {format_hotp_value(hotp_value(secret, counter + shift)) for shift in (-1, 0, 1)}


def _code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _wrong_code(user) -> str:
    valid = _codes_now(user)
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in valid)


def _signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def _person(role, *, two_factor=True):
    user = user_with_role(role, two_factor=two_factor)
    if role == Role.ADMIN:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    return user


# --- the admin login pages take no password ------------------------------------------------


@pytest.mark.parametrize("login_url", ADMIN_LOGINS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("two_factor", [True, False])
def test_admin_login_page_does_not_sign_anybody_in(client, home_page, login_url, role, two_factor):
    user = _person(role, two_factor=two_factor)
    response = client.post(
        login_url, {"username": user.email, "email": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url.startswith("/ucet/login/?next=")
    assert _signed_in_user_id(client) is None
    assert client.get(HOME_OF_ROLE[role]).status_code == 302


@pytest.mark.parametrize(
    ("address", "target"),
    [
        ("/admin/login/", "/ucet/login/?next=%2Fadmin%2F"),
        ("/admin/login/?next=/admin/pages/", "/ucet/login/?next=%2Fadmin%2Fpages%2F"),
        ("/admin/login/?next=https://evil.example/", "/ucet/login/?next=%2Fadmin%2F"),
        ("/admin/pages/", "/admin/login/?next=/admin/pages/"),
        ("/django-admin/login/?next=/django-admin/", "/ucet/login/?next=%2Fdjango-admin%2F"),
        ("/django-admin/", "/django-admin/login/?next=/django-admin/"),
    ],
)
def test_admin_addresses_send_visitors_to_allauth_login(client, home_page, address, target):
    response = client.get(address)
    assert response.status_code == 302
    assert response.url == target


def test_admin_login_page_refuses_people_without_admin_access(client, home_page):
    """Not the login page again: that would send them round in a circle."""
    client.force_login(_person(Role.LEARNER))
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 403


def test_admin_login_page_sends_people_with_access_on(client, home_page):
    client.force_login(_person(Role.ADVISER))
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == "/admin/pages/"


@pytest.mark.parametrize("address", ["/admin/password_reset/", "/admin/account/change_password/"])
def test_wagtail_password_pages_are_off(client, home_page, address):
    """Password reset and change go through allauth (rate limits, notification e-mails)."""
    client.force_login(_person(Role.ADMIN))
    assert client.get(address).status_code == 404


@pytest.mark.parametrize("login_url", ADMIN_LOGINS)
def test_fifteen_wrong_passwords_at_admin_login_then_the_right_one_give_no_session(
    client, home_page, login_url
):
    admin = _person(Role.ADMIN)
    for attempt in range(15):
        client.post(login_url, {"username": admin.email, "password": f"spatne-{attempt}"})
    client.post(login_url, {"username": admin.email, "password": TEST_PASSWORD})
    assert _signed_in_user_id(client) is None
    assert client.get("/django-admin/").status_code == 302


# --- allauth's login: password, then the second factor ---------------------------------------


@pytest.mark.parametrize("login_url", ALLAUTH_LOGINS)
@pytest.mark.parametrize("role", ROLES_WITHOUT_SECOND_FACTOR)
def test_roles_without_second_factor_sign_in_with_password(client, home_page, login_url, role):
    user = _person(role)
    response = client.post(login_url, {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)
    assert client.get(HOME_OF_ROLE[role]).status_code == 200


@pytest.mark.parametrize("login_url", ALLAUTH_LOGINS)
@pytest.mark.parametrize("role", ROLES_WITH_SECOND_FACTOR)
def test_password_alone_leaves_roles_with_second_factor_at_the_code_prompt(
    client, home_page, login_url, role
):
    user = _person(role)
    response = client.post(login_url, {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert "/2fa/authenticate/" in response.url
    assert _signed_in_user_id(client) is None
    assert client.get(HOME_OF_ROLE[role]).status_code == 302


@pytest.mark.parametrize("login_url", ALLAUTH_LOGINS)
@pytest.mark.parametrize("role", ROLES_WITH_SECOND_FACTOR)
def test_password_and_code_open_the_role_pages(client, home_page, login_url, role):
    user = _person(role)
    response = client.post(login_url, {"login": user.email, "password": TEST_PASSWORD})
    response = client.post(response.url, {"code": _code(user)})
    assert response.status_code == 302
    assert _signed_in_user_id(client) == str(user.pk)
    assert client.get(HOME_OF_ROLE[role]).status_code == 200


@pytest.mark.parametrize("role", ROLES_WITH_SECOND_FACTOR)
def test_wrong_code_gives_no_session(client, home_page, role):
    user = _person(role)
    response = client.post("/ucet/login/", {"login": user.email, "password": TEST_PASSWORD})
    response = client.post(response.url, {"code": _wrong_code(user)})
    assert response.status_code == 200
    assert _signed_in_user_id(client) is None


def test_wrong_codes_beyond_the_limit_stop_even_the_right_code(client, home_page):
    adviser = _person(Role.ADVISER)
    response = client.post("/ucet/login/", {"login": adviser.email, "password": TEST_PASSWORD})
    code_url = response.url
    wrong = _wrong_code(adviser)
    for _attempt in range(5):
        client.post(code_url, {"code": wrong})
    response = client.post(code_url, {"code": _code(adviser)})
    assert _signed_in_user_id(client) is None


@pytest.mark.parametrize("role", ROLES_WITH_SECOND_FACTOR)
def test_role_without_authenticator_must_set_it_up_first(client, home_page, role):
    user = _person(role, two_factor=False)
    client.post("/ucet/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert _signed_in_user_id(client) == str(user.pk)
    response = client.get(HOME_OF_ROLE[role])
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("login_url", ALLAUTH_LOGINS + ADMIN_LOGINS)
@pytest.mark.parametrize("role", [Role.LEARNER, Role.ADVISER])
def test_unverified_address_gives_no_session(client, home_page, login_url, role):
    user = _person(role)
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = client.post(
        login_url, {"login": user.email, "username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert _signed_in_user_id(client) is None


def test_wrong_passwords_at_allauth_login_lock_the_account(client, home_page):
    admin = _person(Role.ADMIN)
    for attempt in range(15):
        client.post("/ucet/login/", {"login": admin.email, "password": f"spatne-{attempt}"})
    response = client.post("/ucet/login/", {"login": admin.email, "password": TEST_PASSWORD})
    assert response.status_code == 429 or "Příliš mnoho pokusů" in response.content.decode()
    assert "/2fa/authenticate/" not in response.get("Location", "")


# --- a session opened past allauth must still use the second factor -------------------------


def _session_without_second_factor(user) -> Client:
    """A session opened by Django's own login (as the admin login forms did): no record of
    the second factor."""
    client = Client()
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


@pytest.mark.parametrize("role", ROLES_WITH_SECOND_FACTOR)
def test_session_without_second_factor_reaches_only_the_code_prompt(home_page, role):
    user = _person(role)
    client = _session_without_second_factor(user)
    for address in (HOME_OF_ROLE[role], "/ucet/profil/", "/ucet/2fa/", "/studium/prehled/"):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response.url.startswith(reverse("mfa_reauthenticate")), address
    assert client.get(reverse("mfa_reauthenticate")).status_code == 200


@pytest.mark.parametrize("role", ROLES_WITH_SECOND_FACTOR)
def test_code_entered_later_opens_the_session(home_page, role):
    user = _person(role)
    client = _session_without_second_factor(user)
    response = client.get(HOME_OF_ROLE[role])
    response = client.post(response.url, {"code": _code(user)})
    assert response.status_code == 302
    assert response.url == HOME_OF_ROLE[role]
    assert client.get(HOME_OF_ROLE[role]).status_code == 200


@pytest.mark.parametrize("role", ROLES_WITHOUT_SECOND_FACTOR)
def test_session_without_second_factor_is_enough_for_other_roles(home_page, role):
    client = _session_without_second_factor(_person(role))
    assert client.get(HOME_OF_ROLE[role]).status_code == 200


def test_post_without_second_factor_is_refused(home_page):
    adviser = _person(Role.ADVISER)
    client = _session_without_second_factor(adviser)
    response = client.post("/ucet/pozvanky/nova/", {"email": "novy@example.org"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setting_up_totp_counts_as_using_it(client, home_page):
    """allauth announces the new authenticator after the commit, which a test transaction
    would postpone past the response: this test commits for real."""
    adviser = _person(Role.ADVISER, two_factor=False)
    client.post("/ucet/login/", {"login": adviser.email, "password": TEST_PASSWORD})
    client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]  # allauth keeps the secret being set up here
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_learner_session_without_any_record_still_works(home_page):
    """People who need no second factor are not affected by how their session was opened."""
    client = _session_without_second_factor(UserFactory())
    assert client.get("/ucet/profil/").status_code == 200
