import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from accounts.roles import GROUP_NAMES, Role
from accounts.services import membership_set
from tests.factories import (
    TEST_PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def test_migration_creates_a_group_per_role():
    assert set(
        Group.objects.filter(name__in=GROUP_NAMES.values()).values_list("name", flat=True)
    ) == set(GROUP_NAMES.values())


def test_advisers_may_edit_pages_but_not_publish():
    codenames = set(
        GroupPagePermission.objects.filter(group__name=GROUP_NAMES[Role.ADVISER]).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}


def test_administrators_may_publish():
    codenames = set(
        GroupPagePermission.objects.filter(group__name=GROUP_NAMES[Role.ADMIN]).values_list(
            "permission__codename", flat=True
        )
    )
    assert "publish_page" in codenames


@pytest.mark.parametrize(
    ("role", "may_use_wagtail_admin"),
    [
        (Role.LEARNER, False),
        (Role.PARTNER_MEMBER, False),
        (Role.ADVISER, True),
        (Role.MODERATOR, True),
        (Role.ADMIN, True),
    ],
)
def test_role_decides_wagtail_admin_access(role, may_use_wagtail_admin):
    user = user_with_role(role)
    assert user.has_perm("wagtailadmin.access_admin") is may_use_wagtail_admin


def test_changing_role_replaces_the_group_and_keeps_other_groups():
    membership = MembershipFactory(role=Role.LEARNER)
    user = membership.user
    custom = Group.objects.create(name="Pracovní skupina Ostrava")
    user.groups.add(custom)
    membership_set(user=user, organisation=membership.organisation, role=Role.ADVISER)
    names = set(user.groups.values_list("name", flat=True))
    assert names == {GROUP_NAMES[Role.ADVISER], "Pracovní skupina Ostrava"}


def test_only_admin_role_gets_django_admin_staff_flag():
    assert user_with_role(Role.ADMIN).is_staff
    assert not user_with_role(Role.ADVISER).is_staff


def _open_after_reauthentication(client, user, url):
    """allauth asks for the password again before a second factor is added."""
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    client.post(response.url, {"password": TEST_PASSWORD})
    return client.get(url)


def test_adviser_without_second_factor_is_sent_to_set_it_up(client, home_page):
    adviser = user_with_role(Role.ADVISER, two_factor=False)
    client.post(reverse("account_login"), {"login": adviser.email, "password": TEST_PASSWORD})
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    page = _open_after_reauthentication(client, adviser, response.url)
    assert page.status_code == 200
    assert "dvoufázové ověření" in page.content.decode()


def test_adviser_with_second_factor_works_normally(client, home_page):
    client.force_login(user_with_role(Role.ADVISER))
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_learner_does_not_need_a_second_factor(client, home_page):
    client.force_login(user_with_role(Role.LEARNER))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_second_factor_is_available_to_everyone(client, home_page):
    learner = user_with_role(Role.LEARNER)
    client.post(reverse("account_login"), {"login": learner.email, "password": TEST_PASSWORD})
    response = _open_after_reauthentication(client, learner, reverse("mfa_activate_totp"))
    assert response.status_code == 200
    assert "qr" in response.content.decode().lower()


def test_profile_shows_organisation_and_role(client, home_page):
    organisation = OrganisationFactory(name="Statutární město Jihlava", short_name="Jihlava")
    user = user_with_role(Role.PARTNER_MEMBER, organisation=organisation)
    client.force_login(user)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert "Statutární město Jihlava" in body
    assert "Člen partnerské obce" in body
    assert user.email in body


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_email_is_unique_regardless_of_case():
    UserFactory(email="jana@example.org")
    from django.db import IntegrityError, transaction

    from accounts.models import User

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="JANA@example.org")])


def test_membership_edited_in_wagtail_admin_moves_the_person_between_groups(client, home_page):
    admin = user_with_role(Role.ADMIN)
    membership = MembershipFactory(role=Role.LEARNER)
    client.force_login(admin)
    url = f"/admin/memberships/edit/{membership.pk}/"
    response = client.post(
        url,
        {
            "user": membership.user.pk,
            "organisation": membership.organisation.pk,
            "role": Role.ADVISER,
        },
    )
    assert response.status_code == 302
    names = set(membership.user.groups.values_list("name", flat=True))
    assert names == {GROUP_NAMES[Role.ADVISER]}


def test_deleting_a_membership_removes_its_group():
    membership = MembershipFactory(role=Role.PARTNER_MEMBER)
    user = membership.user
    membership.delete()
    assert not user.groups.exists()


@pytest.mark.parametrize(
    ("role", "status"), [(Role.ADMIN, 200), (Role.ADVISER, 302), (Role.LEARNER, 302)]
)
def test_only_administrators_manage_organisations_in_wagtail_admin(client, home_page, role, status):
    client.force_login(user_with_role(role))
    assert client.get("/admin/organisations/").status_code == status
