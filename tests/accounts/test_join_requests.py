"""A person without an organisation asks to join one; an adviser decides."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import JoinRequest, Membership
from accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(db):
    return OrganisationFactory(name="Statutární město Trutnov", short_name="Trutnov")


@pytest.fixture
def adviser(db):
    return user_with_role(Role.ADVISER)


def ask(client, person, town, **data):
    client.force_login(person)
    return client.post(
        reverse("accounts:join_request_new"),
        {"organisation": town.pk, "message": "Odbor sociálních věcí.", **data},
    )


def test_person_asks_and_advisers_are_told(
    client, town, adviser, django_capture_on_commit_callbacks
):
    person = UserFactory(first_name="Eva", last_name="Malá")
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, person, town)
    assert response.status_code == 302
    join_request = JoinRequest.objects.get()
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.organisation == town
    assert [message.to for message in mail.outbox] == [[adviser.email]]
    assert "Eva Malá" in mail.outbox[0].body
    assert "http://testserver/ucet/zadosti-o-clenstvi/" in mail.outbox[0].body
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "čeká na vyřízení" in profile


def test_second_request_while_one_is_pending_is_refused(client, town, adviser):
    person = UserFactory()
    ask(client, person, town)
    other_town = OrganisationFactory()
    response = ask(client, person, other_town)
    assert response.status_code == 409
    assert "už čeká na vyřízení" in response.content.decode()
    assert JoinRequest.objects.count() == 1


def test_request_to_an_organisation_one_belongs_to_is_refused(client, town):
    person = user_with_role(Role.LEARNER, organisation=town)
    response = ask(client, person, town)
    assert response.status_code == 409
    assert not JoinRequest.objects.exists()


@pytest.mark.parametrize("organisation", ["999999", "abc", ""])
def test_request_to_an_unknown_organisation_is_a_400(client, db, organisation):
    person = UserFactory()
    client.force_login(person)
    response = client.post(reverse("accounts:join_request_new"), {"organisation": organisation})
    assert response.status_code == 400
    assert not JoinRequest.objects.exists()


def test_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(reverse("accounts:join_request_new"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_adviser_accepts_with_a_role_and_the_person_is_told(
    client, town, adviser, django_capture_on_commit_callbacks
):
    person = UserFactory()
    ask(client, person, town)
    join_request = JoinRequest.objects.get()
    client.force_login(adviser)
    listing = client.get(reverse("accounts:join_requests"))
    assert listing.status_code == 200
    assert person.email in listing.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:join_request_decide", args=[join_request.pk]),
            {"decision": "accept", "role": Role.PARTNER_MEMBER},
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert membership.organisation == town
    assert membership.role == Role.PARTNER_MEMBER
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.ACCEPTED
    assert join_request.decided_by == adviser
    assert mail.outbox[0].to == [person.email]
    assert "přijata" in mail.outbox[0].subject


def test_adviser_refuses_with_a_note(client, town, adviser, django_capture_on_commit_callbacks):
    person = UserFactory()
    ask(client, person, town)
    join_request = JoinRequest.objects.get()
    client.force_login(adviser)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:join_request_decide", args=[join_request.pk]),
            {"decision": "refuse", "note": "Adresa nepatří úřadu."},
        )
    assert not Membership.objects.filter(user=person).exists()
    assert "Adresa nepatří úřadu." in mail.outbox[0].body


def test_adviser_cannot_give_a_role_they_may_not_hand_out(client, town, adviser):
    person = UserFactory()
    ask(client, person, town)
    join_request = JoinRequest.objects.get()
    client.force_login(adviser)
    response = client.post(
        reverse("accounts:join_request_decide", args=[join_request.pk]),
        {"decision": "accept", "role": Role.ADMIN},
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user=person).exists()


def test_accepting_without_a_role_is_explained(client, town, adviser):
    person = UserFactory()
    ask(client, person, town)
    join_request = JoinRequest.objects.get()
    client.force_login(adviser)
    response = client.post(
        reverse("accounts:join_request_decide", args=[join_request.pk]), {"decision": "accept"}
    )
    assert response.status_code == 400
    assert "Vyberte roli" in response.content.decode()


def test_a_decided_request_cannot_be_decided_again(client, town, adviser):
    person = UserFactory()
    ask(client, person, town)
    join_request = JoinRequest.objects.get()
    client.force_login(adviser)
    url = reverse("accounts:join_request_decide", args=[join_request.pk])
    client.post(url, {"decision": "refuse"})
    response = client.post(url, {"decision": "accept", "role": Role.LEARNER}, follow=True)
    assert "Tuto žádost už vyřídil někdo jiný." in response.content.decode()
    assert not Membership.objects.filter(user=person).exists()


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER_MEMBER, Role.MODERATOR])
def test_only_advisers_and_admins_see_and_decide_requests(client, town, role):
    person = UserFactory()
    ask(client, person, town)
    join_request = JoinRequest.objects.get()
    client.force_login(user_with_role(role))
    assert client.get(reverse("accounts:join_requests")).status_code == 403
    response = client.post(
        reverse("accounts:join_request_decide", args=[join_request.pk]),
        {"decision": "accept", "role": Role.LEARNER},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user=person).exists()


def test_request_list_costs_fixed_queries(client, adviser, django_assert_max_num_queries):
    for _ in range(3):
        ask(client, UserFactory(), OrganisationFactory())
    client.force_login(adviser)
    with django_assert_max_num_queries(18):
        client.get(reverse("accounts:join_requests"))
    for _ in range(10):
        ask(client, UserFactory(), OrganisationFactory())
    client.force_login(adviser)
    with django_assert_max_num_queries(18):
        client.get(reverse("accounts:join_requests"))
