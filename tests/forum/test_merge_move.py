"""Moves and merges: who may read afterwards is re-derived from the target (issue 15 item 2,
issue 12 finding 5), and the refusals of issue 17 item 6 (single-threaded; the concurrent
versions are in test_races.py)."""

import io

import pytest

from forum import services
from forum.models import (
    Attachment,
    Category,
    ModerationLogEntry,
    Notification,
    Subscription,
    Topic,
)
from tests.forum.factories import CategoryFactory, member, moderator, topic_with_posts

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CLOSED = Category.Visibility.CLOSED
PARTNERS = Category.Visibility.PARTNERS


def _attach(post) -> Attachment:
    attachment = Attachment(
        post=post, filename="plan.png", content_type="image/png", kind="image", size=len(PNG)
    )
    attachment.file.save("plan.png", io.BytesIO(PNG), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def closed_merge():
    """A public topic followed by an outsider, and a closed group's topic."""
    insider = member()
    outsider = member()
    group = CategoryFactory(visibility=CLOSED, members=[insider], name="Pracovní skupina")
    secret = topic_with_posts(category=group, author=insider, title="Tajný koncept bydlení")
    public = topic_with_posts(title="Veřejná otázka")
    services.post_create(user=outsider, topic=public, source="Taky mě to zajímá.")
    return {"insider": insider, "outsider": outsider, "secret": secret, "public": public}


def test_merge_into_closed_group_drops_subscriptions_of_non_members(closed_merge):
    services.topic_merge(
        moderator=moderator(),
        source=closed_merge["public"],
        target=closed_merge["secret"],
        reason="Patří do skupiny.",
        confirmed_audience=True,
    )
    subscribers = set(
        Subscription.objects.filter(topic=closed_merge["secret"]).values_list("user", flat=True)
    )
    assert closed_merge["outsider"].pk not in subscribers
    assert closed_merge["insider"].pk in subscribers
    assert not Subscription.objects.filter(topic=closed_merge["public"]).exists()


def test_closed_title_reaches_no_list_of_a_non_member_after_a_merge(client, closed_merge):
    """Issue 12 finding 5: the settings page and the notification list showed the title."""
    outsider = closed_merge["outsider"]
    services.topic_merge(
        moderator=moderator(),
        source=closed_merge["public"],
        target=closed_merge["secret"],
        reason="Patří do skupiny.",
        confirmed_audience=True,
    )
    # A notice made before the merge, about a post that now lives in the closed topic.
    moved = closed_merge["secret"].posts.filter(author=closed_merge["public"].author).first()
    Notification.objects.create(user=outsider, post=moved, reason=Notification.Reason.REPLY)
    # Even a subscription that got there some other way is not shown.
    Subscription.objects.create(user=outsider, topic=closed_merge["secret"])
    client.force_login(outsider)
    for address in ("/forum/nastaveni/", "/forum/upozorneni/", "/forum/"):
        response = client.get(address)
        assert response.status_code == 200
        assert "Tajný koncept" not in response.content.decode(), address
    assert Notification.objects.visible_to(outsider).count() == 0


def test_digest_leaves_out_notices_of_topics_the_reader_lost(
    closed_merge, mailoutbox, django_capture_on_commit_callbacks
):
    outsider = closed_merge["outsider"]
    profile = services.profile_for(outsider)
    profile.email_mode = "daily"
    profile.save()
    services.post_create(
        user=closed_merge["public"].author,
        topic=closed_merge["public"],
        source="Nová odpověď v tématu.",
    )
    services.topic_merge(
        moderator=moderator(),
        source=closed_merge["public"],
        target=closed_merge["secret"],
        reason="Patří do skupiny.",
        confirmed_audience=True,
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.digests_send()
    assert sent == 0
    assert not any("Tajný koncept" in message.body for message in mailoutbox)


def test_move_that_changes_readers_needs_confirmation(client):
    partners = CategoryFactory(visibility=PARTNERS)
    topic = topic_with_posts(category=partners, title="Jen pro partnery")
    attachment = _attach(topic.posts.get(number=1))
    public = CategoryFactory(name="Veřejná kategorie")
    client.force_login(moderator())
    form = {"action": "move", "category": public.pk, "reason": "Patří všem."}
    response = client.post(f"/forum/moderace/tema/{topic.pk}/", form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Změní se, kdo téma čte" in page
    assert "každý, i návštěvníci bez přihlášení" in page
    topic.refresh_from_db()
    assert topic.category == partners
    client.logout()
    assert client.get(attachment.get_absolute_url()).status_code == 404  # not yet
    client.force_login(moderator())
    response = client.post(f"/forum/moderace/tema/{topic.pk}/", {**form, "confirm_audience": "on"})
    assert response.status_code == 302
    client.logout()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG


def test_move_within_the_same_readers_needs_no_confirmation():
    topic = topic_with_posts()
    services.topic_move(
        moderator=moderator(), topic=topic, category=CategoryFactory(), reason="Jinam."
    )
    with pytest.raises(services.AudienceConfirmationRequired):
        services.topic_move(
            moderator=moderator(),
            topic=topic,
            category=CategoryFactory(visibility=PARTNERS),
            reason="Jen partneři.",
        )


def test_move_out_of_reach_prunes_subscriptions_and_tells_authors():
    author = member()
    learner = member(role="learner")
    topic = topic_with_posts(author=author)
    services.subscription_set(user=learner, topic=topic, subscribed=True)
    group = CategoryFactory(visibility=CLOSED, members=[author])
    change = services.AudienceConfirmationRequired
    with pytest.raises(change) as refused:
        services.topic_move(moderator=moderator(), topic=topic, category=group, reason="Interní.")
    assert learner in refused.value.change.losing
    assert author not in refused.value.change.losing
    services.topic_move(
        moderator=moderator(),
        topic=topic,
        category=group,
        reason="Interní.",
        confirmed_audience=True,
    )
    assert not Subscription.objects.filter(user=learner, topic=topic).exists()
    notice = Notification.objects.get(user=author, reason=Notification.Reason.TOPIC_MOVED)
    assert "Interní." in notice.message


def test_merge_keeps_the_solved_state_and_tells_the_authors():
    asker = member()
    helper = member()
    source = topic_with_posts(author=asker, title="Otázka", is_question=True)
    answer = services.post_create(user=helper, topic=source, source="Odpověď.")
    services.answer_accept(user=asker, topic=source, post=answer)
    target = topic_with_posts(title="Starší téma")
    services.topic_merge(moderator=moderator(), source=source, target=target, reason="Duplicita.")
    target.refresh_from_db()
    assert target.accepted_answer_id == answer.pk
    assert {n.user for n in Notification.objects.filter(reason="topic_merged")} == {asker, helper}


def test_reply_to_a_merged_topic_is_refused_with_the_target(client):
    author = member()
    source = topic_with_posts(author=author)
    target = topic_with_posts(title="Cílové téma")
    services.topic_merge(moderator=moderator(), source=source, target=target, reason="Stejné.")
    with pytest.raises(services.ForumError, match="Cílové téma"):
        services.post_create(user=author, topic=Topic.objects.get(pk=source.pk), source="Pozdě.")
    client.force_login(author)
    response = client.post(
        f"/forum/{source.category.slug}/{source.pk}/odpovedet/", {"source": "Můj text."}
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "sloučeno" in page and "Můj text." in page


@pytest.mark.parametrize(
    ("target_kind", "message"),
    [
        ("self", "samo se sebou"),
        ("hidden", "Cílové téma je skryté"),
        ("merged", "už bylo sloučeno"),
        ("missing", "neexistuje"),
    ],
)
def test_bad_merge_targets_get_a_message_and_400(client, target_kind, message):
    topic = topic_with_posts(title="Zdroj")
    other = topic_with_posts(title="Jiné")
    if target_kind == "self":
        target = topic.pk
    elif target_kind == "hidden":
        Topic.objects.filter(pk=other.pk).update(is_hidden=True)
        target = other.pk
    elif target_kind == "merged":
        services.topic_merge(
            moderator=moderator(), source=other, target=topic_with_posts(), reason="Staré."
        )
        target = other.pk
    else:
        target = 999_999
    client.force_login(moderator())
    response = client.post(
        f"/forum/moderace/tema/{topic.pk}/",
        {"action": "merge", "target": target, "reason": "Zkouška."},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    topic.refresh_from_db()
    assert topic.merged_into_id is None


def test_opposite_merges_one_after_the_other_refuse_the_second():
    first = topic_with_posts(title="A")
    second = topic_with_posts(title="B")
    services.topic_merge(moderator=moderator(), source=first, target=second, reason="A do B.")
    with pytest.raises(services.ForumError, match="už bylo sloučeno"):
        services.topic_merge(moderator=moderator(), source=second, target=first, reason="B do A.")
    assert Topic.objects.get(pk=second.pk).merged_into_id is None
    assert Topic.objects.get(pk=second.pk).post_count == 2


def test_move_into_a_missing_category_is_a_form_error(client):
    topic = topic_with_posts()
    client.force_login(moderator())
    response = client.post(
        f"/forum/moderace/tema/{topic.pk}/",
        {"action": "move", "category": 999_999, "reason": "Jinam."},
    )
    assert response.status_code == 400
    assert "Vyberte" in response.content.decode()
    assert not ModerationLogEntry.objects.filter(action="topic_move").exists()
