"""Error pages render without reading the request's data: a request with more than 1,000
query parameters (Django's TooManyFieldsSent) or a foreign host name gets a Czech 4xx page,
never a 500."""

import pytest

pytestmark = pytest.mark.django_db

MANY_PARAMETERS = "&".join(f"p{number}=x" for number in range(1_001))


@pytest.mark.parametrize(
    ("address", "status", "heading"),
    [
        ("/", 400, "Požadavku jsme nerozuměli"),
        ("/en/", 400, "We could not understand the request"),
        ("/ucet/login/", 400, "Požadavku jsme nerozuměli"),
        ("/search/", 400, "Požadavku jsme nerozuměli"),
        ("/forum/", 400, "Požadavku jsme nerozuměli"),
        ("/ucet/profil/", 302, None),
        ("/neexistujici-stranka/", 404, "Tuto stránku jsme nenašli"),
    ],
)
def test_more_than_a_thousand_query_parameters_get_a_4xx_page(
    client, home_page, address, status, heading
):
    response = client.get(f"{address}?{MANY_PARAMETERS}")
    assert response.status_code == status
    if heading:
        assert heading in response.content.decode()


def test_signed_in_person_with_a_thousand_parameters_gets_400(client, home_page):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(f"/ucet/profil/?{MANY_PARAMETERS}")
    assert response.status_code == 400
    assert "Požadavku jsme nerozuměli" in response.content.decode()


def test_form_with_more_than_a_thousand_fields_gets_400(client, home_page):
    data = {f"p{number}": "x" for number in range(1_001)}
    response = client.post("/ucet/login/", data)
    assert response.status_code == 400
    assert "Požadavku jsme nerozuměli" in response.content.decode()


def test_foreign_host_name_gets_400_not_500(client, home_page, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    response = client.get("/", headers={"host": "utocnik.example"})
    assert response.status_code == 400
    assert "Požadavku jsme nerozuměli" in response.content.decode()


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "429.html"])
def test_error_templates_do_not_read_query_or_host(rf, home_page, template):
    """Rendered with a request whose data and host raise on access, as a broken one does."""
    from django.core.exceptions import DisallowedHost, TooManyFieldsSent
    from django.template.loader import render_to_string

    class BrokenRequest(type(rf.get("/"))):
        @property
        def GET(self):
            raise TooManyFieldsSent("too many")

        @property
        def POST(self):
            raise TooManyFieldsSent("too many")

        def get_host(self):
            raise DisallowedHost("foreign host")

    request = rf.get("/chyba/")
    request.__class__ = BrokenRequest
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    if template != "400.html":
        # Only a bad request can carry a foreign host: CommonMiddleware refuses it first.
        BrokenRequest.get_host = lambda self: "testserver"
    html = render_to_string(template, request=request)
    assert "<h1>" in html
