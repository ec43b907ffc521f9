import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation, Membership
from accounts.roles import Role
from accounts.services import invitation_create
from tests.factories import InvitationFactory, OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def _accept_url(invitation):
    return reverse("accounts:invitation_accept", kwargs={"token": invitation.token})


def test_adviser_invites_a_person_and_the_link_is_emailed(
    client, django_capture_on_commit_callbacks
):
    adviser = user_with_role(Role.ADVISER)
    organisation = OrganisationFactory(short_name="Trutnov")
    client.force_login(adviser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:invitation_new"),
            {
                "email": "Nova@Trutnov.example",
                "organisation": organisation.pk,
                "role": Role.PARTNER_MEMBER,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.role) == (
        "nova@trutnov.example",
        organisation,
        Role.PARTNER_MEMBER,
    )
    assert invitation.invited_by == adviser
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nova@trutnov.example"]
    assert _accept_url(invitation) in mail.outbox[0].body


def test_adviser_may_not_hand_out_the_admin_role(client):
    client.force_login(user_with_role(Role.ADVISER))
    response = client.post(
        reverse("accounts:invitation_new"),
        {"email": "x@example.org", "organisation": OrganisationFactory().pk, "role": Role.ADMIN},
    )
    assert response.status_code == 400
    assert "role" in response.context["form"].errors
    assert not Invitation.objects.exists()


def test_admin_may_hand_out_every_role(client):
    client.force_login(user_with_role(Role.ADMIN))
    response = client.get(reverse("accounts:invitation_new"))
    offered = {value for value, _label in response.context["form"].fields["role"].choices}
    assert offered == set(Role.values)


def test_invitation_form_with_bad_email_keeps_input_and_explains(client):
    client.force_login(user_with_role(Role.ADVISER))
    organisation = OrganisationFactory()
    response = client.post(
        reverse("accounts:invitation_new"),
        {"email": "neni-email", "organisation": organisation.pk, "role": Role.LEARNER},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Zadejte platnou e-mailovou adresu." in body
    assert 'value="neni-email"' in body
    assert "error-summary" in body


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER_MEMBER, Role.MODERATOR])
def test_people_without_the_right_cannot_invite(client, role):
    client.force_login(user_with_role(role))
    assert client.get(reverse("accounts:invitation_new")).status_code == 403
    response = client.post(
        reverse("accounts:invitation_new"),
        {"email": "x@example.org", "organisation": OrganisationFactory().pk, "role": Role.LEARNER},
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_visitor_is_sent_to_login_to_invite(client):
    response = client.get(reverse("accounts:invitation_new"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_invited_person_signs_up_then_accepts_and_joins_with_the_role(
    client, home_page, django_capture_on_commit_callbacks
):
    adviser = user_with_role(Role.ADVISER)
    organisation = OrganisationFactory(short_name="Písek")
    invitation = invitation_create(
        email="nova@pisek.example",
        organisation=organisation,
        role=Role.PARTNER_MEMBER,
        invited_by=adviser,
    )
    page = client.get(_accept_url(invitation))
    assert page.status_code == 200
    assert "Registrovat se" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # e-mail leaves after the commit
        client.post(
            reverse("account_signup") + f"?next={_accept_url(invitation)}",
            {
                "email": "nova@pisek.example",
                "first_name": "Nová",
                "last_name": "Písecká",
                "password1": "bezpecne-heslo-2026",
                "password2": "bezpecne-heslo-2026",
            },
        )
    confirmation = re.search(
        r"https?://[^/\s]+(/\S*/confirm-email/\S+/)", mail.outbox[-1].body
    ).group(1)
    client.post(confirmation)

    response = client.post(_accept_url(invitation))
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user.email == "nova@pisek.example"
    assert membership.role == Role.PARTNER_MEMBER
    assert membership.user.groups.filter(name="Partner members").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == membership.user


def test_used_invitation_cannot_be_used_again(client):
    invitation = InvitationFactory()
    first = UserFactory(email=invitation.email)
    client.force_login(first)
    assert client.post(_accept_url(invitation)).status_code == 302
    response = client.post(_accept_url(invitation))
    assert response.status_code == 410
    assert "už byla přijata" in response.content.decode()
    assert Membership.objects.count() == 1


def test_expired_invitation_is_refused_with_explanation(client):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(UserFactory(email=invitation.email))
    for response in (client.get(_accept_url(invitation)), client.post(_accept_url(invitation))):
        assert response.status_code == 410
        assert "Platnost této pozvánky vypršela" in response.content.decode()
    assert not Membership.objects.exists()


def test_invitation_for_another_address_is_refused(client):
    invitation = InvitationFactory(email="urcena@example.org")
    client.force_login(UserFactory(email="nekdo-jiny@example.org"))
    response = client.post(_accept_url(invitation))
    assert response.status_code == 403
    assert "urcena@example.org" in response.content.decode()
    assert not Membership.objects.exists()


def test_unknown_invitation_token_is_404(client):
    assert (
        client.get(
            reverse("accounts:invitation_accept", kwargs={"token": "neexistuje"})
        ).status_code
        == 404
    )


def test_anonymous_post_to_accept_is_sent_to_login(client):
    invitation = InvitationFactory()
    response = client.post(_accept_url(invitation))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Membership.objects.exists()


def test_profile_lists_sent_invitations_in_fixed_queries(client, django_assert_max_num_queries):
    adviser = user_with_role(Role.ADVISER)
    for _ in range(15):
        InvitationFactory(invited_by=adviser)
    client.force_login(adviser)
    with django_assert_max_num_queries(21):
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert response.content.decode().count("@example.org") >= 15
