"""/search/ for people, /api/search/ for programs: results, facets, bad input, permissions."""

import pytest
from django.urls import reverse
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from accounts.roles import Role
from search.documents import PUBLIC, SIGNED_IN, SearchDocument
from search.engines.database import DatabaseEngine
from search.models import SearchClick, SearchQueryLog
from search.query import MAX_TERMS, parse_terms
from search.views import page_window
from tests.factories import UserFactory, user_with_role
from tests.kb.factories import article_create, kb_index_create, section_create

pytestmark = pytest.mark.django_db


def _document(number, **fields):
    defaults = {
        "key": f"kb.articlepage:{number}",
        "kind": "article",
        "title": f"Krizový byt číslo {number}",
        "url": f"/znalosti/clanek-{number}/",
        "summary": "Jak zřídit krizový byt.",
        "topics": ("krizove-bydleni",),
    }
    return SearchDocument(**{**defaults, **fields})


@pytest.fixture
def indexed(db):
    DatabaseEngine().index(
        [_document(number) for number in range(1, 26)]
        + [
            _document(
                90,
                title="Krizový byt jen pro přihlášené",
                url="/znalosti/tajne/",
                audiences=(SIGNED_IN,),
            ),
            _document(
                91,
                kind="case_study",
                title="Krizový byt v Trutnově",
                region="CZ052",
                municipality="trutnov",
            ),
        ]
    )


def test_search_page_lists_results_with_type_snippet_and_facets(client, indexed):
    response = client.get("/search/?q=krizovy+byt")
    body = response.content.decode()
    assert response.status_code == 200
    assert "26 výsledků" in body
    assert "<mark>" in body and "Článek" in body
    assert 'name="kind" value="case_study"' in body
    assert "jen pro přihlášené" not in body
    assert SearchQueryLog.objects.get().result_count == 26


def test_signed_in_people_see_what_is_for_signed_in_people(client, indexed):
    client.force_login(UserFactory())
    assert "jen pro přihlášené" in client.get("/search/?q=krizovy+byt").content.decode()


def test_filters_sort_and_pages(client, indexed):
    body = client.get("/search/?q=byt&kind=case_study").content.decode()
    assert "1 výsledek" in body and "Trutnově" in body
    second = client.get("/search/?q=byt&strana=3").content.decode()
    assert '<span aria-current="page">3</span>' in second
    assert client.get("/search/?q=byt&sort=date").status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10_000,
        "title:x AND (",
        "%00%1F%7F",
        "%FF%FE",  # invalid UTF-8
        "byt&strana=-4",
        "byt&strana=abc",
        "byt&strana=99999",
        "byt&kind=nic&topic=neni&region=XX&year=dva",
        "byt&sort=nahodne",
    ],
)
def test_bad_input_gets_a_page_never_an_error(client, indexed, query):
    response = client.get(f"/search/?q={query}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["x" * 10_000, "a" * 300 + "%20" + "%C5%BE" * 2000, "%FF%FE", "%00byt%1F", "title:x AND ("],
)
def test_bad_input_to_the_api_and_the_suggestions_never_fails(client, indexed, query):
    assert client.get(f"/api/search/?q={query}").status_code == 200
    response = client.get(reverse("search:suggestions") + f"?q={query}")
    assert response.status_code == 200 and "suggestions" in response.json()


def test_unknown_filter_values_are_reported(client, indexed):
    body = client.get("/search/?q=byt&kind=nic").content.decode()
    assert "nezná hodnotu" in body and "„nic“" in body


def test_search_page_query_count_does_not_grow(client, indexed, django_assert_max_num_queries):
    DatabaseEngine().index([_document(number) for number in range(100, 160)])
    with django_assert_max_num_queries(25):
        response = client.get("/search/?q=krizovy+byt")
    assert response.status_code == 200


def test_api_returns_results_facets_and_warnings(client, indexed):
    response = client.get("/api/search/?q=krizov%C3%BD%20byt&page_size=5&kind=nic")
    data = response.json()
    assert response.status_code == 200
    assert data["total"] == 26 and len(data["results"]) == 5
    first = data["results"][0]
    assert set(first) == {
        *("type", "type_label", "title", "url", "snippet", "date", "place", "missing"),
    }
    assert first["url"].startswith("http://testserver/")
    assert data["facets"]["kind"] == {"article": 25, "case_study": 1}
    assert data["warnings"]
    assert "jen pro přihlášené" not in str(data)


@pytest.mark.parametrize(
    "params", ["page=0", "page=-1", "page=abc", "page_size=500", "page_size=0"]
)
def test_api_refuses_invalid_paging_with_400(client, indexed, params):
    response = client.get(f"/api/search/?q=byt&{params}")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_api_respects_the_session_of_a_signed_in_person(client, indexed):
    client.force_login(UserFactory())
    assert "jen pro přihlášené" in str(client.get("/api/search/?q=krizovy").json())


def test_suggestions_are_limited_titles(client, indexed):
    data = client.get(reverse("search:suggestions") + "?q=kriz").json()
    assert len(data["suggestions"]) == 5
    assert all("Krizový byt" in item["title"] for item in data["suggestions"])
    assert all("přihlášené" not in item["title"] for item in data["suggestions"])


def test_opening_a_result_is_recorded_and_redirects(client, indexed):
    client.get("/search/?q=byt")
    log = SearchQueryLog.objects.get()
    response = client.get(reverse("search:click") + f"?key=kb.articlepage:3&pos=2&log={log.pk}")
    assert response.status_code == 302 and response.url == "/znalosti/clanek-3/"
    click = SearchClick.objects.get()
    assert (click.query, click.position) == (log, 2)


@pytest.mark.parametrize(
    "params", ["key=kb.articlepage:90", "key=neni", "key=", "key=kb.articlepage:3&pos=x&log=y"]
)
def test_results_someone_may_not_read_are_not_followed(client, indexed, params):
    response = client.get(reverse("search:click") + f"?{params}")
    if "pos=x" in params:
        assert response.status_code == 302  # bad position or log: still goes, records position 1
    else:
        assert response.status_code == 404


def test_promoted_results_come_first_and_never_drafts(client, home_page, indexed):
    section = section_create(kb_index_create(home_page))
    live = article_create(section, slug="doporuceny", title="Doporučený návod")
    draft = article_create(section, slug="koncept", title="Nehotový návod", live=False)
    query = Query.get("krizový byt")
    SearchPromotion.objects.create(query=query, page=live, description="Začněte tady.")
    SearchPromotion.objects.create(query=query, page=draft)
    body = client.get("/search/?q=krizovy+byt").content.decode()
    assert "Doporučený návod" in body and "Začněte tady." in body
    assert body.index("Doporučený návod") < body.index("číslo 1")
    assert "Nehotový návod" not in body


def test_analytics_report_is_for_advisers(client, indexed):
    client.get("/search/?q=byt")
    client.get("/search/?q=neexistujici+slovo")
    client.force_login(user_with_role(Role.ADVISER))
    body = client.get(reverse("search_analytics")).content.decode()
    assert 'class="top-query"' in body and "neexistujici slovo" in body
    client.force_login(user_with_role(Role.PARTNER_MEMBER))
    assert client.get(reverse("search_analytics")).status_code == 302


def test_english_search_page(client, indexed):
    response = client.get("/en/search/?q=krizovy+byt")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_public_audience_is_always_included(indexed):
    from django.contrib.auth.models import AnonymousUser

    from search.permissions import audiences_for

    assert audiences_for(AnonymousUser()) == frozenset({PUBLIC, f"{PUBLIC}@cs"})


def test_advisers_may_keep_promoted_results(client):
    client.force_login(user_with_role(Role.ADVISER))
    assert client.get(reverse("wagtailsearchpromotions:add")).status_code == 200
    client.force_login(user_with_role(Role.LEARNER))
    assert client.get(reverse("wagtailsearchpromotions:add")).status_code == 302


def test_a_partly_matching_query_lists_results_and_the_words_left_out(client, indexed):
    body = client.get("/search/?q=krizovy+byt+zirafa").content.decode()
    assert "26 výsledků" in body
    assert "Slovo „zirafa“ jsme nenašli v žádném textu, a proto jsme ho vynechali." in body


def test_results_missing_some_words_say_which(client, indexed):
    DatabaseEngine().index([_document(95, title="Trutnovská ubytovna", summary="")])
    body = client.get("/search/?q=ubytovna+krizovy").content.decode()
    assert "Žádný text neobsahuje všechna hledaná slova." in body
    assert "Chybí: <s>krizovy</s>" in body and "Chybí: <s>ubytovna</s>" in body


def test_did_you_mean_links_to_the_corrected_query(client, indexed):
    body = client.get("/search/?q=krizvy+byt").content.decode()
    assert "Měli jste na mysli" in body
    assert '?q=krizov%C3%BD%20byt">krizový byt</a>' in body
    # A word found nowhere and like nothing is dropped from the suggestion.
    body = client.get("/search/?q=krizvy+byt+zirafa").content.decode()
    assert '?q=krizov%C3%BD%20byt">krizový byt</a>' in body


def test_titles_are_highlighted_on_the_page(client, indexed):
    body = client.get("/search/?q=trutnove").content.decode()
    assert "Krizový byt v <mark>Trutnově</mark>" in body


def test_page_window_shows_the_ends_and_the_neighbours():
    assert page_window(1, 1) == [1]
    assert page_window(1, 4) == [1, 2, 3, 4]
    assert page_window(6, 11) == [1, None, 4, 5, 6, 7, 8, None, 11]
    assert page_window(11, 11) == [1, None, 9, 10, 11]
    assert page_window(4, 11) == [1, 2, 3, 4, 5, 6, None, 11]


def test_pages_are_a_window_with_previous_and_next(client, indexed):
    DatabaseEngine().index([_document(number) for number in range(100, 200)])
    body = client.get("/search/?q=byt&strana=6").content.decode()
    assert '<span aria-current="page">6</span>' in body
    assert "strana=5" in body and "strana=8" in body and "strana=13" in body
    assert 'strana=2"' not in body and 'strana=10"' not in body
    assert 'rel="prev"' in body and 'rel="next"' in body
    assert 'rel="next"' not in client.get("/search/?q=byt&strana=13").content.decode()


def test_the_header_box_is_a_combobox_that_works_without_javascript(client, indexed):
    body = client.get("/search/").content.decode()
    assert 'id="site-search-listbox" role="listbox"' in body and "data-combobox" in body
    assert '<form class="search-box" role="search" method="get" action="/search/">' in body
    assert "js/search" in body


def test_suggestions_carry_highlighted_titles_and_types(client, indexed):
    data = client.get(reverse("search:suggestions") + "?q=trutnov").json()
    assert data["suggestions"][0]["title_html"] == "Krizový byt v <mark>Trutnově</mark>"
    assert data["suggestions"][0]["type_label"] == "Příklad dobré praxe"
    assert data["total"] == 1


def test_a_query_of_many_words_is_capped(client, indexed, django_assert_max_num_queries):
    many = " ".join(f"slovo{number}" for number in range(500))
    assert len(parse_terms(many)) == MAX_TERMS
    with django_assert_max_num_queries(40):
        response = client.get("/search/", {"q": many})
    assert response.status_code == 200
    assert "Nic jsme nenašli" in response.content.decode()
