import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Site

from accounts.models import Invitation, Membership, Organisation, User
from core.models import HomePage, HomePageSection

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


def test_load_demo_builds_seed_municipalities_people_and_home():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    municipalities = set(Organisation.objects.municipalities().values_list("short_name", flat=True))
    assert municipalities == SEED_MUNICIPALITIES
    assert Organisation.objects.get(slug="praha-10").get_region_display() == "Hlavní město Praha"
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"learner", "partner_member", "adviser", "moderator", "admin"}
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert home.live
    # Every password is printed once, next to its e-mail address. (The extra demo learners and
    # working-group members of courses and forum cannot sign in: they have no password.)
    people_who_sign_in = [user for user in User.objects.all() if user.has_usable_password()]
    assert len(people_who_sign_in) == 5
    for user in people_who_sign_in:
        assert f"{user.email} (" in output.getvalue()
    assert output.getvalue().count("password ") == len(people_who_sign_in)


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    before = _snapshot()
    second = io.StringIO()
    call_command("load_demo", stdout=second)
    assert _snapshot() == before
    assert "password" not in second.getvalue()


def test_demo_people_can_log_in_with_printed_password(client):
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    line = next(line for line in output.getvalue().splitlines() if "studujici@" in line)
    password = line.split("password ")[1].split(",")[0].strip()
    response = client.post(
        "/ucet/login/", {"login": "studujici@demo.example", "password": password}
    )
    assert response.status_code == 302


def test_home_page_shows_demo_content(client):
    call_command("load_demo", stdout=io.StringIO())
    body = client.get("/").content.decode()
    assert "Bydlení v praxi" in body
    for name in ("Jihlava", "Liberec", "Písek", "Trutnov"):
        assert name in body
