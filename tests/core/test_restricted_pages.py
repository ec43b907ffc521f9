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
