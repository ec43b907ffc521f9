"""Writing comfort (issue 15 item 5): "Pomohlo mi to", @mention suggestions, drafts (the
script is only an enhancement: the forms carry the data it needs), header counts."""

import pytest
from django.urls import reverse

from forum import services
from forum.models import Notification
from tests.forum.factories import member, moderator, outsider, topic_with_posts

pytestmark = pytest.mark.django_db


def test_member_marks_a_post_helpful_once_and_takes_it_back(client):
    topic = topic_with_posts()
    post = topic.posts.get(number=1)
    reader = member()
    client.force_login(reader)
    for _click in range(2):  # a double click counts once
        response = client.post(f"/forum/prispevek/{post.pk}/pomohlo/")
        assert response.status_code == 302
    post.refresh_from_db()
    assert post.helpful_count == 1
    page = client.get(topic.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in page
    client.post(f"/forum/prispevek/{post.pk}/pomohlo/", {"zrusit": "1"})
    post.refresh_from_db()
    assert post.helpful_count == 0


def test_author_and_outsider_cannot_mark_helpful(client):
    topic = topic_with_posts()
    post = topic.posts.get(number=1)
    for who in (topic.author, outsider()):
        client.force_login(who)
        assert client.post(f"/forum/prispevek/{post.pk}/pomohlo/").status_code == 403
    post.refresh_from_db()
    assert post.helpful_count == 0


def test_mention_suggestions_for_members(client):
    services.profile_for(member(first_name="Jana", last_name="Svobodová"))
    client.force_login(member())
    data = client.get("/forum/prispevek/zminky/?q=@jana").json()
    assert [r["handle"] for r in data["results"]] == ["jana-svobodova"]
    assert client.get("/forum/prispevek/zminky/?q=").json() == {"results": []}
    client.force_login(outsider())
    assert client.get("/forum/prispevek/zminky/?q=jana").status_code == 403


def test_compose_form_carries_draft_key_and_works_without_script(client):
    topic = topic_with_posts()
    client.force_login(member())
    page = client.get(f"/forum/{topic.category.slug}/{topic.pk}/odpovedet/").content.decode()
    assert f'data-draft-key="reply-{topic.pk}"' in page
    assert 'data-mention-url="/forum/prispevek/zminky/"' in page
    response = client.post(
        f"/forum/{topic.category.slug}/{topic.pk}/odpovedet/", {"source": "Bez skriptu."}
    )
    assert response.status_code == 302


def test_header_counts_on_a_page_outside_the_forum(client):
    reader = member()
    topic = topic_with_posts()
    Notification.objects.create(
        user=reader, post=topic.posts.get(number=1), reason=Notification.Reason.REPLY
    )
    client.force_login(reader)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '1<span class="visually-hidden"> nepřečtené téma' in page
    assert '1<span class="visually-hidden"> nepřečtené upozornění' in page
    client.get(topic.get_absolute_url())
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "nepřečtené téma" not in page


def test_header_counts_cost_one_query(client, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    reader = moderator()
    topic_with_posts()
    template = Template('{% include "components/forum_header_counts.html" with user=user only %}')
    request = RequestFactory().get("/")
    request.user = reader
    reader.roles  # noqa: B018 (the request's middleware has read the roles already)
    with django_assert_num_queries(1):
        html = template.render(Context({"user": reader, "request": request}))
        template.render(Context({"user": reader, "request": request}))  # cached
    assert "nepřečtené téma" in html
