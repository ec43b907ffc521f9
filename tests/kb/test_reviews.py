from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from kb.models import ReviewReminder
from kb.reviews import add_months, overdue_articles, review_reminders_send
from tests.factories import UserFactory, user_with_role
from tests.kb.factories import article_create, kb_index_create, section_create

pytestmark = pytest.mark.django_db

LONG_AGO = date(2020, 1, 1)


@pytest.fixture
def section(home_page):
    return section_create(kb_index_create(home_page))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 6, 30), 24, date(2028, 6, 30)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


def test_only_live_articles_past_their_date_are_overdue(section):
    owner = UserFactory()
    due = article_create(section, slug="po-terminu", content_owner=owner, last_reviewed_on=LONG_AGO)
    article_create(section, slug="aktualni", content_owner=owner)
    article_create(
        section, slug="koncept", content_owner=owner, last_reviewed_on=LONG_AGO, live=False
    )
    assert list(overdue_articles()) == [due]
    assert list(overdue_articles(owner=UserFactory())) == []


def test_owner_is_reminded_once_per_due_date(
    section, mailoutbox, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="garant@example.org", first_name="Radka")
    article = article_create(
        section, title="Krizové bydlení", content_owner=owner, last_reviewed_on=LONG_AGO
    )
    article_create(
        section,
        slug="druhy",
        title="Registrační týden",
        content_owner=owner,
        last_reviewed_on=LONG_AGO,
    )
    article_create(section, slug="bez-garanta", last_reviewed_on=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["garant@example.org"]
    assert "Krizové bydlení" in message.body and "Registrační týden" in message.body
    assert "/admin/znalosti/revize/" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_send() == 0
    assert len(mailoutbox) == 1

    # Reviewed and due again later: a new due date gets a new reminder.
    article.last_reviewed_on = LONG_AGO + timedelta(days=400)
    article.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send()
    assert len(mailoutbox) == 2
    assert ReviewReminder.objects.filter(page=article).count() == 2


def test_inactive_owners_get_no_reminder(section, mailoutbox, django_capture_on_commit_callbacks):
    article_create(section, content_owner=UserFactory(is_active=False), last_reviewed_on=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        review_reminders_send()
    assert mailoutbox == []


def test_the_daily_command_sends_reminders_through_a_task(
    section, mailoutbox, django_capture_on_commit_callbacks
):
    article_create(section, content_owner=UserFactory(), last_reviewed_on=LONG_AGO)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("kb_send_review_reminders", stdout=__import__("io").StringIO())
    assert len(mailoutbox) == 1


def test_review_report_lists_my_overdue_articles_and_on_request_all(client, section):
    adviser = user_with_role(Role.ADVISER)
    article_create(
        section,
        slug="moje",
        title="Můj starý článek",
        content_owner=adviser,
        last_reviewed_on=LONG_AGO,
    )
    article_create(
        section,
        slug="cizi",
        title="Cizí starý článek",
        content_owner=UserFactory(),
        last_reviewed_on=LONG_AGO,
    )
    article_create(section, slug="novy", title="Čerstvý článek", content_owner=adviser)
    client.force_login(adviser)
    mine = client.get(reverse("kb_reviews:index")).content.decode()
    assert "Můj starý článek" in mine and "Cizí starý článek" not in mine
    everyone = client.get(reverse("kb_reviews:index") + "?kdo=vsichni").content.decode()
    assert "Můj starý článek" in everyone and "Cizí starý článek" in everyone
    assert "Čerstvý článek" not in everyone


def test_review_report_is_for_advisers_and_admins(client):
    address = reverse("kb_reviews:index")
    client.force_login(user_with_role(Role.ADMIN))
    assert client.get(address).status_code == 200
    client.force_login(user_with_role(Role.MODERATOR))
    assert client.get(address).url == "/admin/"
    client.force_login(user_with_role(Role.LEARNER))
    assert client.get(address).url.startswith("/admin/login/")


def test_review_report_query_count_does_not_grow(client, section, django_assert_max_num_queries):
    adviser = user_with_role(Role.ADVISER)
    for number in range(12):
        article_create(
            section, slug=f"c-{number}", content_owner=UserFactory(), last_reviewed_on=LONG_AGO
        )
    client.force_login(adviser)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("kb_reviews:index") + "?kdo=vsichni")
    assert response.content.decode().count('class="review-row"') == 12


def test_admin_dashboard_shows_the_owner_their_articles_due(client, section):
    adviser = user_with_role(Role.ADVISER)
    article_create(
        section,
        slug="moje",
        title="Můj starý článek",
        content_owner=adviser,
        last_reviewed_on=LONG_AGO,
    )
    article_create(
        section,
        slug="cizi",
        title="Cizí starý článek",
        content_owner=UserFactory(),
        last_reviewed_on=LONG_AGO,
    )
    client.force_login(adviser)
    body = client.get("/admin/").content.decode()
    assert "Vaše články k revizi" in body
    assert "Můj starý článek" in body and "Cizí starý článek" not in body


def test_advisers_submit_articles_for_approval_and_cannot_publish_them(section):
    adviser = user_with_role(Role.ADVISER)
    article = article_create(section, content_owner=adviser)
    permissions = article.permissions_for_user(adviser)
    assert permissions.can_edit() and not permissions.can_publish()
    assert article.permissions_for_user(user_with_role(Role.ADMIN)).can_publish()


def test_adviser_opens_the_article_editor_and_the_glossary_snippets(client, section):
    client.force_login(user_with_role(Role.ADVISER))
    response = client.get(reverse("wagtailadmin_pages:add", args=["kb", "articlepage", section.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Garant a kontrola aktuálnosti" in body and "Pro koho je článek" in body
    assert client.get(reverse("wagtailsnippets_kb_glossaryterm:add")).status_code == 200
