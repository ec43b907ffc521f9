"""Notifications: mentions and replies exactly once, e-mail at once or as a daily digest,
one-click unsubscribe."""

import pytest
from django.core.management import call_command

from forum import services
from forum.models import Category, ForumProfile, Notification, Subscription
from tests.forum.factories import CategoryFactory, member, topic_with_posts

pytestmark = pytest.mark.django_db


def _profile(user, mode=ForumProfile.EmailMode.IMMEDIATELY):
    profile = services.profile_for(user)
    profile.email_mode = mode
    profile.save()
    return profile


def test_mention_notifies_once_and_not_again_on_edit(
    django_capture_on_commit_callbacks, mailoutbox
):
    colleague = member(first_name="Eva", last_name="Malá")
    _profile(colleague)
    topic = topic_with_posts()
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_create(user=topic.author, topic=topic, source="Co myslíš, @eva-mala?")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_edit(user=topic.author, post=post, source="Co myslíš, @eva-mala? Díky.")
    assert Notification.objects.filter(user=colleague).count() == 1
    assert Notification.objects.get(user=colleague).reason == "mention"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [colleague.email]
    assert "/forum/odhlasit/" in mailoutbox[0].body


def test_mention_in_closed_group_skips_people_outside_it(django_capture_on_commit_callbacks):
    author = member()
    outsider = member(first_name="Petr", last_name="Venku")
    _profile(outsider)
    closed = CategoryFactory(visibility=Category.Visibility.CLOSED, members=[author])
    topic = topic_with_posts(category=closed, author=author)
    services.post_create(user=author, topic=topic, source="@petr-venku, podívej se.")
    assert not Notification.objects.filter(user=outsider).exists()


def test_subscribers_get_one_notice_even_when_also_mentioned(
    mailoutbox, django_capture_on_commit_callbacks
):
    topic = topic_with_posts()
    _profile(topic.author)
    replier = member()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(
            user=replier, topic=topic, source=f"@{topic.author.forum_profile.handle} ano"
        )
    assert Notification.objects.filter(user=topic.author).count() == 1
    assert len(mailoutbox) == 1
    # The replier is now subscribed; the author's answer notifies them.
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(user=topic.author, topic=topic, source="Děkuji.")
    assert Notification.objects.get(user=replier).reason == "reply"
    assert not Notification.objects.filter(user=topic.author, post__number=3).exists()


def test_category_subscribers_hear_of_new_topics():
    category = CategoryFactory()
    watcher = member()
    services.subscription_set(user=watcher, category=category, subscribed=True)
    topic = topic_with_posts(category=category)
    assert Notification.objects.get(user=watcher).reason == "new_topic"
    services.post_create(user=member(), topic=topic, source="Odpověď")
    assert Notification.objects.filter(user=watcher).count() == 1


def test_daily_digest_sends_each_notice_once(django_capture_on_commit_callbacks, mailoutbox):
    topic = topic_with_posts()
    _profile(topic.author, ForumProfile.EmailMode.DAILY)
    replier = member()
    for text in ("První odpověď", "Druhá odpověď"):
        with django_capture_on_commit_callbacks(execute=True):
            services.post_create(user=replier, topic=topic, source=text)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        call_command("forum_send_digests")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("forum_send_digests")
    assert len(mailoutbox) == 1
    assert "Denní souhrn: 2" in mailoutbox[0].subject
    assert mailoutbox[0].body.count("•") == 2


def test_email_off_sends_nothing_but_notifies_in_site(
    django_capture_on_commit_callbacks, mailoutbox
):
    topic = topic_with_posts()
    _profile(topic.author, ForumProfile.EmailMode.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_create(user=member(), topic=topic, source="Odpověď")
        services.digests_send()
    assert mailoutbox == []
    assert Notification.objects.filter(user=topic.author).count() == 1


def test_notification_list_count_and_open(client, django_assert_max_num_queries):
    topic = topic_with_posts()
    replier = member()
    client.force_login(topic.author)
    for count in (5, 25):
        while Notification.objects.filter(user=topic.author).count() < count:
            services.post_create(user=replier, topic=topic, source="Odpověď")
        with django_assert_max_num_queries(15):
            page = client.get("/forum/upozorneni/")
        assert page.content.decode().count("notification--unread") == count
    notification = Notification.objects.filter(user=topic.author).first()
    response = client.get(f"/forum/upozorneni/{notification.pk}/")
    assert response.status_code == 302 and "#prispevek-" in response["Location"]
    notification.refresh_from_db()
    assert notification.read_at is not None
    client.post("/forum/upozorneni/precist/")
    assert not Notification.objects.filter(user=topic.author, read_at__isnull=True).exists()


def test_someone_elses_notification_is_404(client):
    topic = topic_with_posts()
    services.post_create(user=member(), topic=topic, source="Odpověď")
    client.force_login(member())
    notification = Notification.objects.get()
    assert client.get(f"/forum/upozorneni/{notification.pk}/").status_code == 404


def test_one_click_unsubscribe_from_topic_without_signing_in(client):
    topic = topic_with_posts()
    token = services.unsubscribe_token(user=topic.author, topic=topic)
    page = client.get(f"/forum/odhlasit/{token}/")
    assert page.status_code == 200 and "Ano, odhlásit" in page.content.decode()
    assert Subscription.objects.filter(user=topic.author, topic=topic).exists()
    client.post(f"/forum/odhlasit/{token}/")
    assert not Subscription.objects.filter(user=topic.author, topic=topic).exists()


def test_unsubscribe_from_all_emails(client):
    user = member()
    token = services.unsubscribe_token(user=user)
    client.post(f"/forum/odhlasit/{token}/")
    assert services.profile_for(user).email_mode == ForumProfile.EmailMode.OFF


def test_tampered_unsubscribe_link_is_400(client):
    response = client.get("/forum/odhlasit/neplatny-odkaz/")
    assert response.status_code == 400
    assert "Odkaz je neplatný" in response.content.decode()


def test_settings_change_handle_and_mode(client):
    user = member()
    taken = member(first_name="Obsazená", last_name="Přezdívka")
    services.profile_for(taken)
    client.force_login(user)
    response = client.post(
        "/forum/nastaveni/", {"handle": "obsazena-prezdivka", "email_mode": "daily"}
    )
    assert response.status_code == 400
    assert "už někdo používá" in response.content.decode()
    response = client.post("/forum/nastaveni/", {"handle": "nova", "email_mode": "daily"})
    assert response.status_code == 302
    assert services.profile_for(user).email_mode == "daily"
