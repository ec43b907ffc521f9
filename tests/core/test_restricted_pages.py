"""A page restricted to signed-in people sends visitors to the site's own sign-in (allauth:
its rate limits, e-mail verification and second factor), not to Wagtail's plain login form."""

import pytest
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db


def test_login_restricted_page_sends_visitors_to_allauth(client, home_page):
    page = home_page.add_child(instance=Page(title="Interní", slug="interni"))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(page.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/ucet/login/?next=")


@pytest.mark.parametrize("method", ["get", "post"])
def test_wagtails_plain_login_form_is_not_served(client, home_page, method):
    from tests.factories import TEST_PASSWORD, UserFactory

    user = UserFactory()
    credentials = {"username": user.email, "password": TEST_PASSWORD}
    if method == "get":
        response = client.get("/_util/login/", {"next": "/interni/", **credentials})
    else:
        response = client.post("/_util/login/?next=/interni/", credentials)
    assert response.status_code == 302
    assert response["Location"] == "/ucet/login/?next=%2Finterni%2F"
    assert "_auth_user_id" not in client.session


def test_wagtails_login_keeps_no_foreign_next(client, home_page):
    response = client.get("/_util/login/?next=https://zlo.example/")
    assert response["Location"] == "/ucet/login/?next=%2F"
