"""Closed groups managed where moderators work (issue 15 item 6)."""

import pytest

from accounts import services as account_services
from accounts.models import Invitation
from accounts.roles import Role
from forum import services
from forum.models import Category, GroupInvitation, ModerationLogEntry, Subscription
from tests.factories import OrganisationFactory, UserFactory
from tests.forum.factories import CategoryFactory, member, moderator, topic_with_posts

pytestmark = pytest.mark.django_db

CLOSED = Category.Visibility.CLOSED


@pytest.fixture
def group():
    return CategoryFactory(visibility=CLOSED, name="Pracovní skupina Ostrava", slug="ostrava")


def test_group_page_lists_members_for_moderators_only(client, group):
    insider = member(first_name="Alena", last_name="Dvořáková")
    group.members.add(insider)
    client.force_login(moderator())
    page = client.get("/forum/moderace/skupiny/ostrava/")
    assert page.status_code == 200 and "Alena Dvořáková" in page.content.decode()
    client.force_login(insider)
    assert client.get("/forum/moderace/skupiny/ostrava/").status_code == 403


def test_moderator_adds_a_member_by_handle_and_it_is_logged(client, group):
    person = member(first_name="Karel", last_name="Novák")
    handle = services.profile_for(person).handle
    mod = moderator()
    client.force_login(mod)
    response = client.post("/forum/moderace/skupiny/ostrava/", {"person": f"@{handle}"})
    assert response.status_code == 302
    assert group.members.filter(pk=person.pk).exists()
    entry = ModerationLogEntry.objects.get(action="group_add")
    assert (entry.member, entry.category, entry.moderator) == (person, group, mod)


def test_adding_by_email_without_an_account_sends_the_invitation(
    client, group, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Město Ostrava")
    client.force_login(moderator())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/forum/moderace/skupiny/ostrava/",
            {
                "person": "nova.clenka@example.org",
                "organisation": organisation.pk,
                "role": Role.PARTNER_MEMBER,
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nova.clenka@example.org")
    assert GroupInvitation.objects.filter(category=group, accepted_at__isnull=True).count() == 1
    assert mailoutbox[0].to == ["nova.clenka@example.org"]
    newcomer = UserFactory(email="nova.clenka@example.org")
    account_services.invitation_accept(token=invitation.token, user=newcomer)
    assert group.members.filter(pk=newcomer.pk).exists()


def test_unknown_name_without_email_is_a_clear_400(client, group):
    client.force_login(moderator())
    response = client.post("/forum/moderace/skupiny/ostrava/", {"person": "Nikdo Neznámý"})
    assert response.status_code == 400
    assert "Nikoho s tímto jménem" in response.content.decode()
    assert not group.members.exists()


def test_email_without_organisation_asks_for_it(client, group):
    client.force_login(moderator())
    response = client.post("/forum/moderace/skupiny/ostrava/", {"person": "x@example.org"})
    assert response.status_code == 400
    assert "Vyberte organizaci a roli" in response.content.decode()
    assert not Invitation.objects.exists()


def test_removing_a_member_drops_their_subscriptions_inside(client, group):
    insider = member()
    group.members.add(insider)
    topic = topic_with_posts(category=group, author=insider)
    assert Subscription.objects.filter(user=insider, topic=topic).exists()
    client.force_login(moderator())
    response = client.post(f"/forum/moderace/skupiny/ostrava/odebrat/{insider.pk}/")
    assert response.status_code == 302
    assert not group.members.filter(pk=insider.pk).exists()
    assert not Subscription.objects.filter(user=insider, topic=topic).exists()
    assert ModerationLogEntry.objects.filter(action="group_remove", member=insider).exists()


def test_public_category_has_no_member_page(client):
    CategoryFactory(slug="verejna")
    client.force_login(moderator())
    assert client.get("/forum/moderace/skupiny/verejna/").status_code == 404


def test_group_page_has_fixed_queries(client, group, django_assert_max_num_queries):
    client.force_login(moderator())
    counts = []
    for size in (2, 12):
        while group.members.count() < size:
            group.members.add(member())
        with django_assert_max_num_queries(22):
            assert client.get("/forum/moderace/skupiny/ostrava/").status_code == 200
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            client.get("/forum/moderace/skupiny/ostrava/")
        counts.append(len(context))
    assert counts[0] == counts[1]
