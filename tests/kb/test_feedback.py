import pytest
from django.urls import reverse

from accounts.roles import Role
from kb.models import ArticleFeedback
from tests.factories import UserFactory, user_with_role
from tests.kb.factories import article_create, kb_index_create, section_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(home_page):
    return article_create(section_create(kb_index_create(home_page)), slug="clanek")


def _feedback_url(article):
    return f"{article.url}zpetna-vazba/"


def test_visitor_answers_once_and_a_repeat_is_not_counted(client, article):
    response = client.post(_feedback_url(article), {"helpful": "ano", "comment": "Díky."})
    assert response.status_code == 302 and response.url.endswith("#zpetna-vazba")
    again = client.post(_feedback_url(article), {"helpful": "ne"}, follow=True)
    assert "Tento článek jste už hodnotili" in again.content.decode()
    feedback = ArticleFeedback.objects.get()
    assert feedback.helpful is True and feedback.comment == "Díky."
    assert "vaši odpověď už máme" in client.get(article.url).content.decode()


def test_signed_in_person_is_counted_by_account_not_by_session(client, article):
    user = UserFactory()
    client.force_login(user)
    client.post(_feedback_url(article), {"helpful": "ne"})
    client.logout()
    client.force_login(user)  # a new session
    client.post(_feedback_url(article), {"helpful": "ano"})
    assert ArticleFeedback.objects.filter(user=user).count() == 1
    assert ArticleFeedback.objects.get(user=user).helpful is False


def test_two_visitors_are_two_answers(client, article):
    from django.test import Client

    client.post(_feedback_url(article), {"helpful": "ano"})
    Client().post(_feedback_url(article), {"helpful": "ne"})
    assert ArticleFeedback.objects.count() == 2


@pytest.mark.parametrize(
    "data", [{}, {"helpful": "mozna"}, {"helpful": "ano", "comment": "x" * 2001}]
)
def test_feedback_without_a_valid_choice_is_refused_with_a_message(client, article, data):
    response = client.post(_feedback_url(article), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "error-summary" in body
    assert not ArticleFeedback.objects.exists()


def test_feedback_address_accepts_only_post(client, article):
    assert client.get(_feedback_url(article)).status_code == 405


def test_advisers_see_feedback_per_article_and_others_do_not(client, article):
    ArticleFeedback.objects.create(page=article, session_key="a", helpful=True)
    ArticleFeedback.objects.create(
        page=article, session_key="b", helpful=False, comment="Chybí vzor."
    )
    report = reverse("kb_reviews:feedback")
    detail = reverse("kb_reviews:feedback_detail", args=[article.pk])

    client.force_login(user_with_role(Role.ADVISER))
    body = client.get(report).content.decode()
    assert article.title in body and "<td>2</td><td>1</td><td>1</td><td>1</td>" in body
    assert "Chybí vzor." in client.get(detail).content.decode()

    # Without admin access Wagtail sends people to its sign-in page; moderators, who use the
    # admin for the forum, are sent back to the admin home with a "no permission" message.
    for role in (Role.LEARNER, Role.PARTNER_MEMBER):
        client.force_login(user_with_role(role))
        for address in (report, detail):
            response = client.get(address)
            assert response.status_code == 302 and response.url.startswith("/admin/login/")
    client.force_login(user_with_role(Role.MODERATOR))
    for address in (report, detail):
        response = client.get(address)
        assert response.status_code == 302 and response.url == "/admin/"
    client.logout()
    assert client.get(report).url.startswith("/admin/login/")


def test_feedback_report_query_count_does_not_grow(
    client, home_page, django_assert_max_num_queries
):
    section = section_create(kb_index_create(home_page))
    for number in range(10):
        article = article_create(section, slug=f"c-{number}")
        for answer in range(3):
            ArticleFeedback.objects.create(
                page=article, session_key=f"{number}-{answer}", helpful=True
            )
    client.force_login(user_with_role(Role.ADVISER))
    with django_assert_max_num_queries(30):
        response = client.get(reverse("kb_reviews:feedback"))
    assert response.content.decode().count('class="feedback-row"') == 10
