"""Notifications once, to the right people (issue 15 item 3), e-mails in the reader's
language (forum.emails)."""

import pytest

from forum import markup, services
from forum.models import Notification
from tests.forum.factories import member, moderator, topic_with_posts

pytestmark = pytest.mark.django_db


def _handle(user) -> str:
    return services.profile_for(user).handle


def test_quoting_a_post_does_not_notify_its_mentions_again(client):
    mentioned = member(first_name="Eva", last_name="Malá")
    author = member()
    quoter = member()
    topic = topic_with_posts(author=author)
    post = services.post_create(
        user=author, topic=topic, source=f"Ptejte se @{_handle(mentioned)}, ví to."
    )
    assert Notification.objects.filter(user=mentioned, reason="mention").count() == 1
    client.force_login(quoter)
    form = client.get(f"/forum/{topic.category.slug}/{topic.pk}/odpovedet/?citovat={post.pk}")
    quoted = form.context["form"].initial["source"]
    assert f"@{_handle(mentioned)}" in quoted
    response = client.post(
        f"/forum/{topic.category.slug}/{topic.pk}/odpovedet/", {"source": quoted + "Díky!"}
    )
    assert response.status_code == 302
    assert Notification.objects.filter(user=mentioned).count() == 1


def test_own_mention_next_to_a_quote_still_notifies():
    mentioned = member()
    rendered = markup.render(f"> @{_handle(mentioned)} psala\n\nA teď vážně: @{_handle(mentioned)}")
    assert rendered.mentioned_handles == {_handle(mentioned)}
    only_quoted = markup.render(f"> @{_handle(mentioned)} psala\n\nDíky.")
    assert only_quoted.mentioned_handles == set()
    assert 'class="mention"' in only_quoted.html  # still shown as a mention


def test_first_flag_notifies_moderators_by_their_email_mode(
    mailoutbox, django_capture_on_commit_callbacks
):
    at_once, daily = moderator(), moderator()
    services.profile_for(daily)
    daily.forum_profile.email_mode = "daily"
    daily.forum_profile.save()
    topic = topic_with_posts(title="Sporné téma")
    post = topic.posts.get(number=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_flag(user=member(), post=post, reason="spam")
        services.post_flag(user=member(), post=post, reason="offensive")  # not again
    assert Notification.objects.filter(reason="flag", user=at_once).count() == 1
    assert Notification.objects.filter(reason="flag", user=daily).count() == 1
    assert [m.to for m in mailoutbox] == [[at_once.email]]
    assert f"/forum/moderace/prispevek/{post.pk}/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_send()
    assert mailoutbox[-1].to == [daily.email] and "Sporné téma" in mailoutbox[-1].body


def test_author_is_told_with_the_reason_when_a_post_is_hidden_and_restored(client):
    author = member()
    topic = topic_with_posts(author=author)
    reply = services.post_create(user=author, topic=topic, source="Text.")
    services.post_hide(moderator=moderator(), post=reply, reason="Osobní údaje klienta.")
    services.post_restore(moderator=moderator(), post=reply, reason="Upraveno.")
    reasons = list(
        Notification.objects.filter(user=author).order_by("pk").values_list("reason", "message")
    )
    assert reasons == [
        ("post_hidden", "Osobní údaje klienta."),
        ("post_restored", "Upraveno."),
    ]
    client.force_login(author)
    page = client.get("/forum/upozorneni/").content.decode()
    assert "Moderátor skryl váš příspěvek" in page and "Osobní údaje klienta." in page


def test_suspended_member_is_told(mailoutbox, django_capture_on_commit_callbacks):
    from django.utils import timezone

    target = member()
    with django_capture_on_commit_callbacks(execute=True):
        services.member_suspend(
            moderator=moderator(),
            member=target,
            until=timezone.now() + timezone.timedelta(days=3),
            reason="Opakované urážky.",
        )
    notice = Notification.objects.get(user=target)
    assert notice.reason == "suspended" and "Opakované urážky." in notice.message
    assert mailoutbox[0].to == [target.email]
    assert "Opakované urážky." in mailoutbox[0].body


def test_email_is_written_in_the_readers_language(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    reader = member()
    client.force_login(reader)
    client.get("/en/forum/")  # the last visit was in English
    topic = topic_with_posts()
    services.subscription_set(user=reader, topic=topic, subscribed=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(user=topic.author, topic=topic, source="Nová odpověď.")
    body = mailoutbox[0].body
    assert "/en/forum/" in body
    assert "Dobrý den" not in body
