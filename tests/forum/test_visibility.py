"""Who reads which category and topic: every role against every kind of category."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from forum import permissions
from forum.models import Category, Topic
from tests.factories import OrganisationFactory, UserFactory, user_with_role
from tests.forum.factories import CategoryFactory, member, topic_with_posts

pytestmark = pytest.mark.django_db

PUBLIC, PARTNERS, CLOSED = (
    Category.Visibility.PUBLIC,
    Category.Visibility.PARTNERS,
    Category.Visibility.CLOSED,
)


@pytest.fixture
def people():
    non_partner = OrganisationFactory(is_partner=False)
    partner = OrganisationFactory(is_partner=True)
    return {
        "anonymous": AnonymousUser(),
        "no_membership": UserFactory(),
        "learner_non_partner": user_with_role(Role.LEARNER, organisation=non_partner),
        "learner_partner": user_with_role(Role.LEARNER, organisation=partner),
        "partner_member": user_with_role(Role.PARTNER_MEMBER, organisation=partner),
        "partner_member_non_partner": user_with_role(Role.PARTNER_MEMBER, organisation=non_partner),
        "adviser": user_with_role(Role.ADVISER, organisation=non_partner),
        "moderator": user_with_role(Role.MODERATOR, organisation=non_partner),
        "admin": user_with_role(Role.ADMIN, organisation=non_partner),
        "group_member": user_with_role(Role.LEARNER, organisation=non_partner),
    }


# Who reads: public, partners only, closed group (group_member is the closed group's member).
EXPECTED = {
    "anonymous": (True, False, False),
    "no_membership": (True, False, False),
    "learner_non_partner": (True, False, False),
    # The policy (README, "Roles"): the role partner member in a partner organisation, not
    # the organisation alone, opens partners-only categories.
    "learner_partner": (True, False, False),
    "partner_member": (True, True, False),
    "partner_member_non_partner": (True, False, False),
    "adviser": (True, True, False),
    "moderator": (True, True, True),
    "admin": (True, True, True),
    "group_member": (True, False, True),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_categories_visible_to_each_role(people, who):
    categories = {
        PUBLIC: CategoryFactory(visibility=PUBLIC),
        PARTNERS: CategoryFactory(visibility=PARTNERS),
        CLOSED: CategoryFactory(visibility=CLOSED, members=[people["group_member"]]),
    }
    visible = set(Category.objects.visible_to(people[who]))
    actual = tuple(categories[kind] in visible for kind in (PUBLIC, PARTNERS, CLOSED))
    assert actual == EXPECTED[who]


def test_superuser_reads_everything():
    admin = UserFactory(is_superuser=True)
    closed = CategoryFactory(visibility=CLOSED)
    assert permissions.can_read_category(admin, closed)


def test_visible_to_has_no_duplicates_for_group_members(people):
    closed = CategoryFactory(visibility=CLOSED, members=[people["group_member"], UserFactory()])
    assert list(Category.objects.visible_to(people["group_member"])) == [closed]


@pytest.mark.parametrize("who", list(EXPECTED))
def test_topic_addresses_of_unreadable_categories_are_404(client, people, who):
    author = member()
    closed = CategoryFactory(visibility=CLOSED, members=[people["group_member"], author])
    partners = CategoryFactory(visibility=PARTNERS)
    closed_topic = topic_with_posts(category=closed, author=author, title="Tajný plán")
    partner_topic = topic_with_posts(category=partners, author=author, title="Pro partnery")
    if who != "anonymous":
        client.force_login(people[who])
    _public, reads_partners, reads_closed = EXPECTED[who]
    for topic, allowed in ((partner_topic, reads_partners), (closed_topic, reads_closed)):
        first_post = f"{topic.get_absolute_url()}#prispevek-1"
        # (address, the one right status for a reader, what the reader gets)
        for address, status, expected in (
            (topic.get_absolute_url(), 200, topic.title),
            (topic.category.get_absolute_url(), 200, topic.title),
            (f"{topic.get_absolute_url()}neprectene/", 302, first_post),
            (topic.posts.first().get_absolute_url(), 302, first_post),
        ):
            response = client.get(address)
            if not allowed:
                assert response.status_code == 404, address
                assert topic.title not in response.content.decode(), address
            elif status == 200:
                assert response.status_code == 200, address
                assert expected in response.content.decode(), address
            else:
                assert response.status_code == 302, address
                assert response["Location"] == expected, address
                assert "Tajný plán" not in response.content.decode()


def test_hidden_topic_only_for_moderators(client):
    topic = topic_with_posts()
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    client.force_login(member())
    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(member(role=Role.MODERATOR))
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_category_list_shows_only_readable_categories(client, people):
    CategoryFactory(name="Veřejná debata", visibility=PUBLIC)
    CategoryFactory(name="Jen partneři", visibility=PARTNERS)
    CategoryFactory(name="Pracovní skupina", visibility=CLOSED)
    page = client.get("/forum/").content.decode()
    assert "Veřejná debata" in page
    assert "Jen partneři" not in page
    assert "Pracovní skupina" not in page


@pytest.mark.parametrize(
    ("who", "may_post"),
    [
        ("anonymous", False),
        ("no_membership", False),
        ("learner_non_partner", True),
        ("partner_member", True),
        ("moderator", True),
    ],
)
def test_members_write_in_public_categories(people, who, may_post):
    category = CategoryFactory(visibility=PUBLIC)
    assert permissions.can_post_in(people[who], category) is may_post


def test_unverified_email_cannot_post(people):
    from allauth.account.models import EmailAddress

    user = people["partner_member"]
    EmailAddress.objects.filter(user=user).update(verified=False)
    reason = permissions.why_cannot_post(user)
    assert "potvrdíte svou e-mailovou adresu" in reason
