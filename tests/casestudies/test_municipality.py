import datetime
from decimal import Decimal

import pytest

from accounts.regions import Region
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    case_study_create,
    case_study_index_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(home_page):
    """A town of 30,000 in Vysočina with two published case studies and a draft."""
    organisation = OrganisationFactory(
        name="Statutární město Jihlava",
        short_name="Jihlava",
        slug="jihlava",
        region=Region.VYSOCINA,
        population=30_000,
        is_partner=True,
        partner_since=datetime.date(2021, 9, 1),
    )
    older = case_study_create(
        organisation=organisation,
        title="Krizový byt v Jihlavě",
        summary="Jihlava zřídila krizový byt.",
        period_start="2019-01-01",
        period_end="2020-12-31",
        values=[("households-housed", 4, "2020-12-31")],
        milestones=[("crisis-flat", "2019-06-01")],
        topics=["krizove-bydleni"],
    )
    newer = case_study_create(
        organisation=organisation,
        title="Housing First v Jihlavě",
        summary="Jihlava zabydlela rodiny metodou Housing First.",
        period_start="2022-01-01",
        values=[("households-housed", 12, "2024-06-30"), ("flats-provided", 15, "2024-06-30")],
        milestones=[("housing-first-running", "2022-06-01")],
        topics=["housing-first"],
    )
    case_study_create(organisation=organisation, title="Tajný koncept", live=False)
    return {"organisation": organisation, "older": older, "newer": newer}


@pytest.fixture
def others(town):
    """Other municipalities, from the most to the least like the town."""
    return {
        # Same size band (+4) and closest in population.
        "close": case_study_create(
            organisation=OrganisationFactory(
                short_name="Blízké", slug="blizke", region=Region.JIHOCESKY, population=28_000
            ),
            values=[("households-housed", 7, "2024-01-01"), ("flats-provided", 9, "2024-01-01")],
        ),
        # Same size band (+4), further in population.
        "similar": case_study_create(
            organisation=OrganisationFactory(
                short_name="Podobné", slug="podobne", region=Region.ZLINSKY, population=45_000
            ),
        ),
        # Same region (+2) and one shared tool (+1), but ten times the size.
        "regional": case_study_create(
            organisation=OrganisationFactory(
                short_name="Krajské", slug="krajske", region=Region.VYSOCINA, population=300_000
            ),
            topics=["housing-first"],
        ),
        # Nothing in common.
        "distant": case_study_create(
            organisation=OrganisationFactory(
                short_name="Vzdálené", slug="vzdalene", region=Region.PLZENSKY, population=2_000
            ),
        ),
    }


def _url(slug, prefix=""):
    return f"{prefix}{case_study_index_create().url}obce/{slug}/"


def test_page_shows_the_municipality_and_its_published_case_studies(client, town):
    response = client.get(_url("jihlava"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert "<h1>Statutární město Jihlava</h1>" in body
    assert "Kraj Vysočina" in body
    assert "30\xa0000" in body and "10 000 až 50 000" in body
    assert "ano, od 1. září 2021" in body
    assert f'href="{town["newer"].url}">Housing First v Jihlavě</a>' in body
    assert f'href="{town["older"].url}">Krizový byt v Jihlavě</a>' in body
    assert "Jihlava zabydlela rodiny metodou Housing First." in body
    assert "Tajný koncept" not in body
    # Headline figures: the newest value over all its case studies.
    headlines = response.context["municipality"].headlines
    assert [(h.indicator.slug, h.value, h.per_thousand) for h in headlines] == [
        ("households-housed", 12, Decimal("0.40")),  # 12 per 30 000 inhabitants × 1 000
        ("flats-provided", 15, Decimal("0.50")),
    ]
    assert "12\xa0domácností" in body
    assert "0,40 na 1 000 obyvatel" in body
    assert "ke dni 30. června 2024" in body
    assert "Jak ukazatele počítáme" in body


def test_newest_case_study_comes_first(client, town):
    response = client.get(_url("jihlava"))
    titles = [item.page.title for item in response.context["municipality"].case_studies]
    assert titles == ["Housing First v Jihlavě", "Krizový byt v Jihlavě"]


def test_non_partner_is_shown_as_such(client, home_page):
    case_study_create(organisation=OrganisationFactory(slug="mimo", is_partner=False))
    body = client.get(_url("mimo")).content.decode()
    assert "<dt>Partner sítě</dt><dd>ne</dd>" in body


def test_peers_are_ordered_by_similarity(client, others):
    response = client.get(_url("jihlava"))
    peers = response.context["municipality"].peers
    assert [peer.profile.slug for peer in peers] == ["blizke", "podobne", "krajske"]
    assert peers[0].households_housed[1] == 7
    assert "podobná velikost" in peers[0].reasons
    assert "stejný kraj" in peers[2].reasons


def test_peers_show_achievements_and_link_to_their_pages(client, others):
    body = client.get(_url("jihlava")).content.decode()
    assert f'href="{_url("blizke")}">Blízké</a>' in body
    assert "<dt>Zabydlené domácnosti</dt><dd>7</dd>" in body
    assert "Vzdálené" not in body  # only the three most similar


def test_page_links_to_comparison_with_peers(client, others):
    body = client.get(_url("jihlava")).content.decode()
    compare_url = f"{case_study_index_create().url}porovnani/"
    expected = f"{compare_url}?obec=jihlava&amp;obec=blizke&amp;obec=podobne&amp;obec=krajske"
    assert f'href="{expected}"' in body
    response = client.get(expected.replace("&amp;", "&"))
    assert response.status_code == 200
    assert len(response.context["comparison"].municipalities) == 4


def test_without_peers_there_is_no_comparison_link(client, town):
    body = client.get(_url("jihlava")).content.decode()
    assert "porovnani/?" not in body


def test_unknown_municipality_is_not_found(client, town):
    assert client.get(_url("atlantida")).status_code == 404


def test_municipality_with_only_a_draft_is_not_found(client, town):
    case_study_create(organisation=OrganisationFactory(slug="tajne"), live=False)
    assert client.get(_url("tajne")).status_code == 404


def test_municipality_without_case_study_is_not_found(client, town):
    OrganisationFactory(slug="bez-prikladu")
    assert client.get(_url("bez-prikladu")).status_code == 404


def test_drafts_are_never_peers(client, town):
    case_study_create(organisation=OrganisationFactory(slug="tajne", population=30_000), live=False)
    response = client.get(_url("jihlava"))
    assert response.context["municipality"].peers == []


def test_anonymous_visitor_sees_the_page(client, others):
    assert client.get(_url("jihlava")).status_code == 200


def test_logged_in_visitor_sees_the_page(client, others):
    client.force_login(UserFactory())
    assert client.get(_url("jihlava")).status_code == 200


def test_page_in_english(client, others):
    response = client.get(_url("jihlava", prefix="/en"))
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


@pytest.mark.parametrize("extra", [0, 25])
def test_query_count_does_not_grow_with_municipalities(
    client, others, django_assert_max_num_queries, extra
):
    for number in range(extra):
        case_study_create(
            organisation=OrganisationFactory(region=Region.choices[number % 14][0]),
            values=[("households-housed", number, "2024-01-01")],
            milestones=[("crisis-flat", "2023-01-01")],
            topics=["housing-first"],
        )
    client.get(_url("jihlava"))  # warm caches (site root, content types)
    with django_assert_max_num_queries(18):
        assert client.get(_url("jihlava")).status_code == 200
