"""Accepted forum answers become knowledge (issue 20, item 5): a moderator or adviser hands
an accepted answer over to an article as an FAQ entry; it becomes a new draft revision
submitted to the approval workflow (never published directly), keeps the article's review
date and links back to the discussion; the published article shows it. A private
discussion needs explicit confirmation; a post is handed over once."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts.roles import Role
from forum import services
from forum.models import Category
from kb.models import ArticleFaqEntry, ArticlePage, FaqProposal
from tests.factories import user_with_role
from tests.forum.factories import CategoryFactory, member, moderator, topic_with_posts
from tests.kb.factories import article_create, kb_index_create, section_create

pytestmark = pytest.mark.django_db

REVIEWED = datetime.date(2025, 3, 1)


@pytest.fixture
def article(home_page):
    section = section_create(kb_index_create(home_page))
    return article_create(
        section, slug="krizove-byty", title="Krizové byty", last_reviewed_on=REVIEWED
    )


def _answered(category=None):
    """A question with an accepted answer; returns (topic, answer post)."""
    asker, helper = member(), member()
    category = category or CategoryFactory()
    category.members.add(asker, helper)
    topic = topic_with_posts(
        category=category, author=asker, is_question=True, title="Jak dlouho v krizovém bytě?"
    )
    answer = services.post_create(
        user=helper,
        topic=topic,
        source="Obvykle **3 až 6 měsíců**, pak [nájemní smlouva](https://example.org/smlouva).",
    )
    services.answer_accept(user=asker, topic=topic, post=answer)
    return topic, answer


def _hand_over(client, user, post, article, **extra):
    client.force_login(user)
    return client.post(
        reverse("forum:post_to_knowledge", args=[post.pk]),
        {
            "article": article.pk,
            "question": "Jak dlouho rodina bydlí v krizovém bytě?",
            "answer": "Obvykle **3 až 6 měsíců**.",
            **extra,
        },
    )


def test_the_hand_over_is_a_draft_in_the_workflow_not_a_publication(client, article):
    topic, answer = _answered()
    response = _hand_over(client, moderator(), answer, article)
    assert response.status_code == 302
    article.refresh_from_db()
    # Nothing is published: the live page has no FAQ rows, the draft has the entry.
    assert not ArticleFaqEntry.objects.exists()
    assert article.has_unpublished_changes
    draft = article.get_latest_revision_as_object()
    [entry] = draft.faq_entries.all()
    assert entry.question == "Jak dlouho rodina bydlí v krizovém bytě?"
    assert "<strong>3 až 6 měsíců</strong>" in entry.answer
    assert entry.source_url.endswith(answer.get_absolute_url())
    assert entry.source_title == topic.title
    assert draft.last_reviewed_on == REVIEWED
    state = article.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(article.url).content.decode().count("Časté otázky z praxe") == 0


def test_approval_publishes_the_faq_section_with_the_link_back(client, article):
    _topic, answer = _answered()
    _hand_over(client, moderator(), answer, article)
    article.refresh_from_db()
    article.current_workflow_state.current_task_state.approve(user=user_with_role(Role.ADMIN))
    live = ArticlePage.objects.get(pk=article.pk)
    assert not live.has_unpublished_changes
    assert live.last_reviewed_on == REVIEWED
    html = client.get(live.url).content.decode()
    assert "Časté otázky z praxe" in html
    assert "Jak dlouho rodina bydlí v krizovém bytě?" in html
    assert answer.get_absolute_url() in html


def test_an_adviser_may_hand_over_too(client, article):
    _topic, answer = _answered()
    assert _hand_over(client, user_with_role(Role.ADVISER), answer, article).status_code == 302
    assert FaqProposal.objects.get().source_post_id == answer.pk


@pytest.mark.parametrize("role", [Role.LEARNER, Role.PARTNER_MEMBER])
def test_others_are_refused(client, article, role):
    _topic, answer = _answered()
    assert _hand_over(client, user_with_role(role), answer, article).status_code == 403
    client.force_login(user_with_role(role))
    assert client.get(reverse("forum:post_to_knowledge", args=[answer.pk])).status_code == 403
    assert not FaqProposal.objects.exists()


def test_the_same_post_is_handed_over_once(client, article):
    _topic, answer = _answered()
    _hand_over(client, moderator(), answer, article)
    response = _hand_over(client, moderator(), answer, article)
    assert response.status_code == 409
    assert "podruhé ji předat nelze" in response.content.decode()
    assert FaqProposal.objects.count() == 1
    article.refresh_from_db()
    assert len(article.get_latest_revision_as_object().faq_entries.all()) == 1


def test_only_an_accepted_answer_is_handed_over(client, article):
    topic, _answer = _answered()
    first_post = topic.posts.get(number=1)
    response = _hand_over(client, moderator(), first_post, article)
    assert response.status_code == 400
    assert "jen odpověď, kterou autor otázky nebo moderátor označil" in response.content.decode()
    assert not FaqProposal.objects.exists()


def test_a_closed_groups_answer_needs_explicit_confirmation(client, article):
    group = CategoryFactory(visibility=Category.Visibility.CLOSED)
    _topic, answer = _answered(category=group)
    someone = moderator()
    client.force_login(someone)
    form = client.get(reverse("forum:post_to_knowledge", args=[answer.pk])).content.decode()
    assert "tato diskuse není veřejná" in form
    response = _hand_over(client, someone, answer, article)
    assert response.status_code == 400
    assert "Bez vašeho potvrzení ji do veřejného článku nepředáme" in response.content.decode()
    assert not FaqProposal.objects.exists()
    response = _hand_over(client, someone, answer, article, confirm_public="on")
    assert response.status_code == 302
    assert FaqProposal.objects.get().from_private_discussion


def test_an_adviser_outside_a_closed_group_does_not_see_its_answer(client, article):
    group = CategoryFactory(visibility=Category.Visibility.CLOSED)
    _topic, answer = _answered(category=group)
    response = _hand_over(
        client, user_with_role(Role.ADVISER), answer, article, confirm_public="on"
    )
    assert response.status_code == 404
    assert not FaqProposal.objects.exists()


def test_an_unknown_article_is_a_clear_error(client, article):
    _topic, answer = _answered()
    client.force_login(moderator())
    response = client.post(
        reverse("forum:post_to_knowledge", args=[answer.pk]),
        {"article": 999999, "question": "Otázka?", "answer": "Odpověď."},
    )
    assert response.status_code == 400
    assert "Takový článek neznáme" in response.content.decode()


def test_the_topic_offers_the_hand_over_at_the_accepted_answer(
    client, article, django_assert_max_num_queries
):
    topic, answer = _answered()
    client.force_login(moderator())
    html = client.get(topic.get_absolute_url()).content.decode()
    assert reverse("forum:post_to_knowledge", args=[answer.pk]) in html
    with django_assert_max_num_queries(30):
        client.get(reverse("forum:post_to_knowledge", args=[answer.pk]))
