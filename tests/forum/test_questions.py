"""Questions: an accepted answer, and the list of unanswered questions."""

import pytest

from accounts.roles import Role
from forum import services
from tests.forum.factories import CategoryFactory, member, topic_with_posts

pytestmark = pytest.mark.django_db


def test_author_accepts_a_reply_and_the_question_leaves_unanswered(client):
    category = CategoryFactory()
    question = topic_with_posts(category=category, title="Kolik krizových bytů?", is_question=True)
    reply = services.post_create(user=member(), topic=question, source="U nás pět.")
    assert "Kolik krizových bytů?" in client.get("/forum/nezodpovezene/").content.decode()
    assert (
        "Kolik krizových bytů?"
        in client.get(f"{category.get_absolute_url()}?filtr=nezodpovezene").content.decode()
    )
    client.force_login(member())
    assert client.post(f"/forum/prispevek/{reply.pk}/reseni/").status_code == 302
    question.refresh_from_db()
    assert question.accepted_answer is None
    client.force_login(question.author)
    client.post(f"/forum/prispevek/{reply.pk}/reseni/")
    question.refresh_from_db()
    assert question.accepted_answer == reply
    assert "Kolik krizových bytů?" not in client.get("/forum/nezodpovezene/").content.decode()
    page = client.get(question.get_absolute_url()).content.decode()
    assert "post--answer" in page


def test_moderator_may_accept_and_take_back():
    question = topic_with_posts(is_question=True)
    reply = services.post_create(user=member(), topic=question, source="Odpověď")
    moderator = member(role=Role.MODERATOR)
    services.answer_accept(user=moderator, topic=question, post=reply)
    services.answer_accept(user=moderator, topic=question, post=None)
    question.refresh_from_db()
    assert question.accepted_answer is None


def test_first_post_or_other_topic_cannot_be_the_answer():
    question = topic_with_posts(is_question=True)
    other = topic_with_posts()
    with pytest.raises(services.ForumError):
        services.answer_accept(user=question.author, topic=question, post=question.posts.get())
    with pytest.raises(services.ForumError):
        services.answer_accept(user=question.author, topic=question, post=other.posts.get())


def test_plain_topics_have_no_answers():
    topic = topic_with_posts()
    reply = services.post_create(user=member(), topic=topic, source="Odpověď")
    with pytest.raises(services.ForumError):
        services.answer_accept(user=topic.author, topic=topic, post=reply)
