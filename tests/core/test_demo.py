import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site

from accounts.models import Invitation, Membership, Organisation, User
from home.models import HomePage, HomePageSection

pytestmark = pytest.mark.django_db

SEED_MUNICIPALITIES = {"Jihlava", "Liberec", "Praha", "Praha 10", "Trutnov", "Písek", "Ostrava"}


def _snapshot():
    return {
        "organisations": sorted(
            Organisation.objects.values_list("slug", "name", "population", "is_partner")
        ),
        "users": sorted(User.objects.values_list("email", "password", "is_superuser")),
        "memberships": sorted(
            Membership.objects.values_list("user__email", "organisation__slug", "role")
        ),
        "emails": sorted(EmailAddress.objects.values_list("email", "verified")),
        "groups": sorted(Group.objects.values_list("name", "user__email")),
        "pages": sorted(Page.objects.values_list("path", "title", "live")),
        "sections": sorted(HomePageSection.objects.values_list("title", "page_id")),
        "sites": sorted(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        "invitations": Invitation.objects.count(),
    }


def test_load_demo_builds_seed_municipalities_people_and_home(demo_site):
    output = io.StringIO(demo_site)  # what load_demo printed
    municipalities = set(Organisation.objects.municipalities().values_list("short_name", flat=True))
    assert municipalities == SEED_MUNICIPALITIES
    assert Organisation.objects.get(slug="praha-10").get_region_display() == "Hlavní město Praha"
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"learner", "partner_member", "adviser", "moderator", "admin"}
    home = HomePage.objects.filter(locale__language_code="cs").get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert home.live
    # Every password is printed once, next to its e-mail address. (The extra demo learners and
    # working-group members of courses and forum cannot sign in: they have no password.)
    people_who_sign_in = [user for user in User.objects.all() if user.has_usable_password()]
    assert len(people_who_sign_in) == 5
    for user in people_who_sign_in:
        assert f"{user.email} (" in output.getvalue()
    assert output.getvalue().count("password ") == len(people_who_sign_in)


def test_load_demo_twice_changes_nothing(demo_site):
    before = _snapshot()
    second = io.StringIO()
    call_command("load_demo", stdout=second)
    assert _snapshot() == before
    assert "password " not in second.getvalue()


def test_demo_people_can_log_in_with_printed_password(client, demo_site):
    output = io.StringIO(demo_site)  # what load_demo printed
    password = _password_of(output.getvalue(), "studujici@demo.example")
    response = client.post(
        "/ucet/login/", {"login": "studujici@demo.example", "password": password}
    )
    assert response.status_code == 302


def test_home_page_shows_demo_content(client, demo_site):
    body = client.get("/").content.decode()
    assert "Bydlení v praxi" in body
    for name in ("Jihlava", "Liberec", "Písek", "Trutnov"):
        assert name in body


def _password_of(output: str, email: str) -> str:
    line = next(
        line for line in output.splitlines() if f"{email} (" in line and "password " in line
    )
    return line.split("password ")[1].split(",")[0].strip()


def test_load_demo_prints_the_accounts_last(demo_site):
    lines = demo_site.splitlines()
    first_account = next(i for i, line in enumerate(lines) if "password " in line)
    assert first_account > lines.index("forum.demo:")
    assert "authenticator app" in lines[-1]


def test_demo_accounts_prints_new_passwords_that_work_and_the_totp_secrets(client, demo_site):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    output = io.StringIO()
    call_command("demo_accounts", stdout=output)
    printed = output.getvalue()
    old = _password_of(demo_site, "studujici@demo.example")
    new = _password_of(printed, "studujici@demo.example")
    assert new != old
    login = {"login": "studujici@demo.example"}
    assert client.post("/ucet/login/", {**login, "password": old}).status_code == 200
    assert client.post("/ucet/login/", {**login, "password": new}).status_code == 302
    adviser = User.objects.get(email="poradce@demo.example")
    secret = decrypt(Authenticator.objects.get(user=adviser, type="totp").data["secret"])
    assert "poradce@demo.example (Poradce): password " in printed
    assert f"TOTP secret {secret}" in printed
    assert printed.count("password ") == 5
    assert "TOTP secret" not in next(line for line in printed.splitlines() if "studujici@" in line)


def test_demo_accounts_without_the_demo_says_what_to_run(db):
    output = io.StringIO()
    call_command("demo_accounts", stdout=output)
    assert "run `python manage.py load_demo` first" in output.getvalue()


def test_load_demo_without_accounts_prints_no_password(db, monkeypatch):
    from home.management.commands import load_demo

    monkeypatch.setattr(load_demo, "DEMO_MODULES", ["accounts.demo"])
    output = io.StringIO()
    call_command("load_demo", "--no-accounts", stdout=output)
    assert User.objects.filter(email="studujici@demo.example").exists()
    assert "password" not in output.getvalue()
