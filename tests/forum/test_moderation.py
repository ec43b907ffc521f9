"""Moderation: flags, the queue, hiding and restoring, lock, pin, move, merge, suspension,
and the log of every action."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from forum import services
from forum.models import Flag, ModerationLogEntry, Post, PostingSuspension, Topic
from tests.forum.factories import CategoryFactory, member, topic_with_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return member(role=Role.MODERATOR)


def test_member_flags_a_post_once(client):
    topic = topic_with_posts()
    post = topic.posts.get()
    client.force_login(member())
    assert client.get(f"/forum/prispevek/{post.pk}/nahlasit/").status_code == 200
    response = client.post(f"/forum/prispevek/{post.pk}/nahlasit/", {"reason": "offensive"})
    assert response.status_code == 302
    again = client.post(f"/forum/prispevek/{post.pk}/nahlasit/", {"reason": "spam"})
    assert again.status_code == 400
    assert "už nahlásili" in again.content.decode()
    post.refresh_from_db()
    assert post.open_flag_count == 1 and Flag.objects.count() == 1


def test_flag_without_reason_is_400(client):
    post = topic_with_posts().posts.get()
    client.force_login(member())
    response = client.post(f"/forum/prispevek/{post.pk}/nahlasit/", {})
    assert response.status_code == 400
    assert "Vyberte prosím důvod." in response.content.decode()


def test_authors_cannot_flag_their_own_posts(client):
    topic = topic_with_posts()
    client.force_login(topic.author)
    assert client.get(f"/forum/prispevek/{topic.posts.get().pk}/nahlasit/").status_code == 403


@pytest.mark.parametrize("path", ["/forum/moderace/", "/forum/moderace/zaznam/"])
def test_moderation_pages_only_for_moderators(client, moderator, path):
    assert client.get(path).status_code == 302
    client.force_login(member())
    assert client.get(path).status_code == 403
    client.force_login(moderator)
    assert client.get(path).status_code == 200


def test_queue_lists_flagged_posts_and_hiding_resolves_flags(
    client, moderator, django_assert_max_num_queries
):
    topic = topic_with_posts(posts=3)
    for post in topic.posts.all():
        services.post_flag(user=member(), post=post, reason="spam")
        services.post_flag(user=member(), post=post, reason="offensive")
    client.force_login(moderator)
    with django_assert_max_num_queries(22):
        queue = client.get("/forum/moderace/").content.decode()
    assert queue.count('class="moderation-item"') == 3
    post = topic.posts.get(number=2)
    response = client.post(f"/forum/moderace/prispevek/{post.pk}/", {"akce": "skryt", "reason": ""})
    assert response.status_code == 400
    assert "Uveďte prosím důvod" in response.content.decode()
    client.post(f"/forum/moderace/prispevek/{post.pk}/", {"akce": "skryt", "reason": "Reklama."})
    post.refresh_from_db()
    assert post.is_hidden and post.open_flag_count == 0
    assert not post.flags.filter(resolved_at__isnull=True).exists()
    topic.refresh_from_db()
    assert topic.post_count == 2
    entry = ModerationLogEntry.objects.get()
    assert (entry.action, entry.moderator, entry.reason) == ("post_hide", moderator, "Reklama.")


def test_hidden_post_shows_placeholder_to_members_and_text_to_moderators(client, moderator):
    topic = topic_with_posts(posts=2)
    post = topic.posts.get(number=2)
    Post.objects.filter(pk=post.pk).update(source="Tajné", html="<p>Nevhodný text</p>")
    services.post_hide(moderator=moderator, post=post, reason="Urážka.")
    client.force_login(member())
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Nevhodný text" not in page and "Příspěvek skryl moderátor." in page
    assert client.get(f"/forum/prispevek/{post.pk}/").status_code == 404
    client.force_login(moderator)
    assert "Nevhodný text" in client.get(topic.get_absolute_url()).content.decode()
    services.post_restore(moderator=moderator, post=post, reason="Omyl.")
    post.refresh_from_db()
    assert not post.is_hidden


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [("lock", "is_locked", True), ("pin", "is_pinned", True), ("hide", "is_hidden", True)],
)
def test_topic_flags_through_the_form(client, moderator, action, field, value):
    topic = topic_with_posts()
    client.force_login(moderator)
    response = client.post(
        f"/forum/moderace/tema/{topic.pk}/", {"action": action, "reason": "Podle pravidel."}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert getattr(topic, field) is value
    assert ModerationLogEntry.objects.get().action == f"topic_{action}"


def test_topic_moderation_refused_to_members(client):
    topic = topic_with_posts()
    client.force_login(member())
    assert (
        client.post(
            f"/forum/moderace/tema/{topic.pk}/", {"action": "lock", "reason": "x"}
        ).status_code
        == 403
    )
    topic.refresh_from_db()
    assert not topic.is_locked


def test_move_needs_a_category(client, moderator):
    topic = topic_with_posts()
    client.force_login(moderator)
    response = client.post(f"/forum/moderace/tema/{topic.pk}/", {"action": "move", "reason": "x"})
    assert response.status_code == 400
    assert "Vyberte kategorii" in response.content.decode()
    target = CategoryFactory()
    client.post(
        f"/forum/moderace/tema/{topic.pk}/",
        {"action": "move", "category": target.pk, "reason": "Patří jinam."},
    )
    topic.refresh_from_db()
    assert topic.category == target
    assert ModerationLogEntry.objects.get().details.endswith(target.name)


def test_merge_moves_posts_in_time_order_and_redirects(client, moderator):
    category = CategoryFactory()
    first = topic_with_posts(category=category, posts=2, title="Krizové byty v Písku")
    second = topic_with_posts(category=category, posts=2, title="Krizové byty – dotaz")
    client.force_login(moderator)
    response = client.post(
        f"/forum/moderace/tema/{second.pk}/",
        {"action": "merge", "target": first.pk, "reason": "Stejná otázka."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.post_count, first.last_number) == (4, 4)
    assert list(first.posts.values_list("number", flat=True)) == [1, 2, 3, 4]
    assert second.merged_into == first
    assert client.get(second.get_absolute_url())["Location"] == first.get_absolute_url()
    assert "Krizové byty – dotaz" not in client.get(category.get_absolute_url()).content.decode()


def test_merge_into_unknown_topic_is_400(client, moderator):
    topic = topic_with_posts()
    client.force_login(moderator)
    response = client.post(
        f"/forum/moderace/tema/{topic.pk}/", {"action": "merge", "target": 99999, "reason": "x"}
    )
    assert response.status_code == 400
    assert "neexistuje" in response.content.decode()


def test_suspend_member_until_a_date_and_lift_it(client, moderator):
    writer = member()
    client.force_login(moderator)
    assert client.get(f"/forum/moderace/clen/{writer.pk}/").status_code == 200
    past = client.post(
        f"/forum/moderace/clen/{writer.pk}/", {"until": "2000-01-01", "reason": "Spam."}
    )
    assert past.status_code == 400
    until = (timezone.localdate() + timezone.timedelta(days=7)).isoformat()
    client.post(f"/forum/moderace/clen/{writer.pk}/", {"until": until, "reason": "Spam."})
    assert PostingSuspension.objects.filter(user=writer, until__gt=timezone.now()).exists()
    client.post(f"/forum/moderace/clen/{writer.pk}/", {"akce": "zrusit", "reason": "Domluveno."})
    assert not PostingSuspension.objects.filter(user=writer, until__gt=timezone.now()).exists()
    assert list(ModerationLogEntry.objects.values_list("action", flat=True)) == [
        "member_unsuspend",
        "member_suspend",
    ]


def test_log_lists_every_action(client, moderator, django_assert_max_num_queries):
    topic = topic_with_posts()
    client.force_login(moderator)
    for count in (3, 30):
        while ModerationLogEntry.objects.count() < count:
            services.topic_lock(moderator=moderator, topic=topic, reason="Zamknout.")
        with django_assert_max_num_queries(19):
            page = client.get("/forum/moderace/zaznam/").content.decode()
        assert page.count("Zamknout.") == count


def test_services_refuse_non_moderators():
    topic = topic_with_posts()
    with pytest.raises(services.PermissionDenied):
        services.topic_lock(moderator=member(), topic=topic, reason="x")
    assert not Topic.objects.get(pk=topic.pk).is_locked
