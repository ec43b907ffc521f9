"""Reading: unread markers, the jump to the first unread post, new since the last visit,
pinned topics first, and fixed query counts however much there is."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from forum import services
from forum.models import Category, ForumProfile, Topic
from forum.queries import categories_for_index
from tests.forum.factories import CategoryFactory, member, topic_with_posts

pytestmark = pytest.mark.django_db

# The site frame (session, user, roles, permissions, navigation, home sections, the footer's
# required pages, the forum counts in the header) takes about a dozen queries of its own; what
# matters is that the forum adds a fixed number, whatever the size.
TOPIC_PAGE_QUERIES = 26
LIST_QUERIES = 20


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_topic_page_of_500_posts_has_fixed_queries(client, django_assert_max_num_queries):
    small = topic_with_posts(posts=25)
    large = topic_with_posts(posts=500)
    client.force_login(member())
    # The first visit creates the read marker; later visits of a read page only check it.
    client.get(f"{small.get_absolute_url()}?strana=2")
    client.get(large.get_absolute_url())
    expected = _query_count(client, f"{small.get_absolute_url()}?strana=2")
    for page in (2, 13, 25):
        with django_assert_max_num_queries(TOPIC_PAGE_QUERIES):
            response = client.get(f"{large.get_absolute_url()}?strana={page}")
        assert response.content.decode().count('<li class="post') == 20
        assert _query_count(client, f"{large.get_absolute_url()}?strana={page}") == expected


def test_moderator_topic_page_has_fixed_queries(client, django_assert_max_num_queries):
    topic = topic_with_posts(posts=500)
    client.force_login(member(role=Role.MODERATOR))
    client.get(topic.get_absolute_url())  # Wagtail creates the moderator's profile once
    with django_assert_max_num_queries(TOPIC_PAGE_QUERIES):
        assert client.get(f"{topic.get_absolute_url()}?strana=7").status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_category_list_has_fixed_queries(client, django_assert_max_num_queries, signed_in):
    reader = member()
    visibility = Category.Visibility.PUBLIC
    if signed_in:
        client.force_login(reader)
        visibility = Category.Visibility.PARTNERS
    counts = []
    for count in (2, 12):
        while Category.objects.count() < count:
            category = CategoryFactory(visibility=visibility)
            topic_with_posts(category=category, posts=3)
            topic_with_posts(category=category)
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get("/forum/")
        assert response.content.decode().count('<li class="category-row') == count
        counts.append(_query_count(client, "/forum/"))
    assert counts[0] == counts[1]


def test_category_topic_list_has_fixed_queries(client, django_assert_max_num_queries):
    category = CategoryFactory()
    author = member()
    client.force_login(member())
    counts = []
    for count in (3, 30):
        while category.topics.count() < count:
            topic_with_posts(category=category, author=author, posts=2)
        with django_assert_max_num_queries(LIST_QUERIES):
            response = client.get(category.get_absolute_url())
        assert response.content.decode().count('<li class="topic-row') == count
        counts.append(_query_count(client, category.get_absolute_url()))
    assert counts[0] == counts[1]


def test_category_list_counts_and_latest_activity(client):
    category = CategoryFactory(name="Krizové byty")
    topic_with_posts(category=category, posts=3, title="Starší")
    topic_with_posts(category=category, posts=2, title="Nejnovější téma")
    hidden = topic_with_posts(category=category, posts=5, title="Skryté")
    Topic.objects.filter(pk=hidden.pk).update(is_hidden=True, last_post_at=timezone.now())
    row = categories_for_index(AnonymousUser()).get(pk=category.pk)
    assert (row.topic_count, row.post_count) == (2, 5)
    assert row.latest_topic_title == "Nejnovější téma"


def test_unread_markers_per_topic_and_category(client):
    category = CategoryFactory()
    topic = topic_with_posts(category=category, posts=3)
    reader = member()
    client.force_login(reader)
    index = client.get("/forum/").content.decode()
    assert "1 nepřečtené téma" in index
    listing = client.get(category.get_absolute_url()).content.decode()
    assert "3 nové příspěvky" in listing  # Czech plural of 2–4
    client.get(topic.get_absolute_url())
    assert "nepřečtené" not in client.get("/forum/").content.decode()
    services.post_create(user=topic.author, topic=topic, source="Další novinka")
    assert "1 nový příspěvek" in client.get(category.get_absolute_url()).content.decode()


def test_mark_category_read(client):
    category = CategoryFactory()
    topic_with_posts(category=category, posts=2)
    client.force_login(member())
    client.post(f"/forum/{category.slug}/precteno/")
    assert "nepřečtené" not in client.get("/forum/").content.decode()


def test_jump_to_first_unread_post(client):
    topic = topic_with_posts(posts=45)
    reader = member()
    client.force_login(reader)
    response = client.get(f"{topic.get_absolute_url()}neprectene/")
    assert response["Location"] == f"{topic.get_absolute_url()}#prispevek-1"
    client.get(f"{topic.get_absolute_url()}?strana=2")  # reads posts up to 40
    response = client.get(f"{topic.get_absolute_url()}neprectene/")
    assert response["Location"] == f"{topic.get_absolute_url()}?strana=3#prispevek-41"


def test_read_marker_never_moves_back(client):
    topic = topic_with_posts(posts=45)
    client.force_login(member())
    client.get(f"{topic.get_absolute_url()}?strana=3")
    client.get(topic.get_absolute_url())
    response = client.get(f"{topic.get_absolute_url()}neprectene/")
    assert response["Location"].endswith("#prispevek-45")


def test_post_permalink_lands_on_its_page(client):
    topic = topic_with_posts(posts=30)
    post = topic.posts.get(number=23)
    response = client.get(f"/forum/prispevek/{post.pk}/")
    assert response["Location"] == f"{topic.get_absolute_url()}?strana=2#prispevek-23"


def test_new_since_last_visit(client):
    reader = member()
    old = topic_with_posts(title="Staré téma")
    profile = services.profile_for(reader)
    ForumProfile.objects.filter(pk=profile.pk).update(
        last_visit_at=timezone.now() - timezone.timedelta(days=2)
    )
    Topic.objects.filter(pk=old.pk).update(last_post_at=timezone.now() - timezone.timedelta(days=3))
    topic_with_posts(title="Čerstvé téma")
    client.force_login(reader)
    index = client.get("/forum/").content.decode()
    assert "je nové 1 nepřečtené téma" in index
    page = client.get("/forum/novinky/").content.decode()
    assert "Čerstvé téma" in page and "Staré téma" not in page


def test_new_since_last_visit_survives_opening_the_index(client):
    """The bug of issue 15: opening the index emptied the list, even with unread topics."""
    reader = member()
    fresh = topic_with_posts(title="Čerstvé téma")
    client.force_login(reader)
    for _visit in range(3):  # first visit ever, then visits minutes apart
        assert client.get("/forum/").status_code == 200
        page = client.get("/forum/novinky/").content.decode()
        assert "Čerstvé téma" in page
    client.get(fresh.get_absolute_url())  # read to the end: it leaves the list
    page = client.get("/forum/novinky/").content.decode()
    assert "Čerstvé téma" not in page
    assert "Nic nového" in page


def test_mark_all_read_empties_new_and_header_counts(client):
    reader = member()
    topic_with_posts(title="První")
    topic_with_posts(title="Druhé", category=CategoryFactory())
    client.force_login(reader)
    page = client.get("/forum/novinky/").content.decode()
    assert "První" in page and "Druhé" in page
    assert '2<span class="visually-hidden"> nepřečtená témata' in page
    response = client.post("/forum/novinky/precteno/")
    assert response.status_code == 302 and response["Location"] == "/forum/novinky/"
    page = client.get("/forum/novinky/").content.decode()
    assert "První" not in page and "Druhé" not in page
    assert '<span class="visually-hidden"> nepřečtená témata' not in page


def test_pinned_topics_come_first(client):
    category = CategoryFactory()
    pinned = topic_with_posts(category=category, title="Pravidla kategorie")
    topic_with_posts(category=category, title="Novější diskuse")
    Topic.objects.filter(pk=pinned.pk).update(is_pinned=True)
    page = client.get(category.get_absolute_url()).content.decode()
    assert page.index("Pravidla kategorie") < page.index("Novější diskuse")


def test_moved_topic_redirects_from_old_address(client):
    topic = topic_with_posts()
    old_url = topic.get_absolute_url()
    services.topic_move(
        moderator=member(role=Role.MODERATOR),
        topic=topic,
        category=CategoryFactory(),
        reason="Patří jinam.",
    )
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == topic.get_absolute_url()


def test_page_number_out_of_range_shows_nearest_page(client):
    topic = topic_with_posts(posts=3)
    assert client.get(f"{topic.get_absolute_url()}?strana=abc").status_code == 200
    assert client.get(f"{topic.get_absolute_url()}?strana=999").status_code == 200


def test_topic_page_costs_the_author_no_more_than_any_reader(client, django_assert_max_num_queries):
    """Issue 15 item 7: two queries per own post came from the edit permission check."""
    author = member()
    topic = topic_with_posts(author=author, posts=40)
    reader = member()
    counts = {}
    for who in (reader, author):
        client.force_login(who)
        client.get(topic.get_absolute_url())  # creates the read marker once
        with django_assert_max_num_queries(TOPIC_PAGE_QUERIES):
            response = client.get(f"{topic.get_absolute_url()}?strana=2")
        assert response.content.decode().count('<li class="post') == 20
        counts[who.pk] = _query_count(client, f"{topic.get_absolute_url()}?strana=2")
    assert counts[author.pk] == counts[reader.pk]
    assert "Upravit" in client.get(f"{topic.get_absolute_url()}?strana=2").content.decode()
