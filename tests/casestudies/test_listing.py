import pytest

from accounts.regions import Region
from tests.factories import OrganisationFactory, case_study_create, case_study_index_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(home_page):
    small = case_study_create(
        organisation=OrganisationFactory(
            short_name="Malé Město", region=Region.JIHOCESKY, population=8_000
        ),
        values=[("households-housed", 4, "2024-01-01")],
        topics=["housing-first"],
    )
    middle = case_study_create(
        organisation=OrganisationFactory(
            short_name="Střední Město", region=Region.VYSOCINA, population=30_000
        ),
        values=[("households-housed", 5, "2023-01-01"), ("households-housed", 12, "2024-01-01")],
        milestones=[("crisis-flat", "2023-01-01")],
        topics=["housing-first", "krizove-bydleni"],
    )
    big = case_study_create(
        organisation=OrganisationFactory(
            short_name="Velké Město", region=Region.VYSOCINA, population=150_000
        ),
        values=[("flats-provided", 100, "2024-01-01")],
        milestones=[("crisis-flat", "2022-01-01"), ("housing-need-mapped", "2022-01-01")],
        topics=["krizove-bydleni"],
    )
    draft = case_study_create(
        organisation=OrganisationFactory(
            short_name="Tajné Město", region=Region.VYSOCINA, population=30_000
        ),
        live=False,
    )
    return {"small": small, "middle": middle, "big": big, "draft": draft}


def _titles(response):
    return [page.organisation.short_name for page in response.context["case_studies"]]


def _url():
    return case_study_index_create().url


def test_list_shows_published_case_studies_only(client, towns):
    response = client.get(_url())
    assert response.status_code == 200
    assert sorted(_titles(response)) == ["Malé Město", "Střední Město", "Velké Město"]
    assert "Tajné Město" not in response.content.decode()
    assert response.context["result_count"] == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kraj=CZ063", ["Střední Město", "Velké Město"]),
        ("velikost=10-az-50-tisic", ["Střední Město"]),
        ("velikost=do-10-tisic&velikost=nad-100-tisic", ["Malé Město", "Velké Město"]),
        ("tema=housing-first&tema=krizove-bydleni", ["Střední Město"]),
        ("milnik=crisis-flat", ["Střední Město", "Velké Město"]),
        ("milnik=crisis-flat&milnik=housing-need-mapped", ["Velké Město"]),
        # The latest value counts: 12 ≥ 10, while the older 5 would not.
        ("ukazatel=households-housed&alespon=10", ["Střední Město"]),
        ("ukazatel=households-housed&alespon=4,0", ["Malé Město", "Střední Město"]),
    ],
)
def test_filters(client, towns, query, expected):
    response = client.get(f"{_url()}?{query}")
    assert response.status_code == 200
    assert sorted(_titles(response)) == expected


def test_filtered_links_keep_the_filters(client, towns):
    body = client.get(f"{_url()}?kraj=CZ063").content.decode()
    assert "export/csv/?kraj=CZ063" in body
    assert 'value="CZ063" id="filter-kraj-' in body and "checked" in body


def test_sorting_by_households_housed(client, towns):
    response = client.get(f"{_url()}?razeni=zabydleno")
    assert _titles(response)[:2] == ["Střední Město", "Malé Město"]


def test_sorting_by_population(client, towns):
    response = client.get(f"{_url()}?razeni=obyvatel")
    assert _titles(response) == ["Velké Město", "Střední Město", "Malé Město"]


def test_facet_counts_within_other_filters(client, towns):
    response = client.get(f"{_url()}?tema=krizove-bydleni")
    regions = {option["value"]: option["count"] for option in response.context["region_options"]}
    assert regions[Region.VYSOCINA] == 2
    assert regions[Region.JIHOCESKY] == 0


@pytest.mark.parametrize(
    "query",
    [
        "kraj=XX999",
        "tema=neexistuje",
        "milnik=%00",
        "velikost=obri",
        "alespon=abc&ukazatel=households-housed",
        "alespon=-5&ukazatel=households-housed",
        "alespon=5",
        "ukazatel=neexistuje&alespon=1",
        "razeni=; DROP TABLE",
        "strana=-1",
        "strana=999",
        "strana=abc",
        "alespon=1e999999&ukazatel=households-housed",
    ],
)
def test_bad_filter_values_never_fail_the_page(client, towns, query):
    response = client.get(f"{_url()}?{query}")
    assert response.status_code == 200
    assert response.context["result_count"] >= 0


def test_unknown_filter_value_is_reported_in_czech(client, towns):
    body = client.get(f"{_url()}?tema=neexistuje").content.decode()
    assert "Neznámou hodnotu filtru" in body


def test_threshold_without_number_explains(client, towns):
    body = client.get(f"{_url()}?ukazatel=households-housed&alespon=abc").content.decode()
    assert "Zadejte číslo" in body


def test_pagination_keeps_filters(client, home_page):
    organisation_kwargs = {"region": Region.VYSOCINA}
    for _ in range(14):
        case_study_create(organisation=OrganisationFactory(**organisation_kwargs))
    response = client.get(f"{_url()}?kraj=CZ063&strana=2")
    assert len(response.context["case_studies"]) == 2
    assert "?kraj=CZ063&amp;strana=1" in response.content.decode()


def test_listing_query_count_does_not_grow(client, home_page, django_assert_max_num_queries):
    for number in range(12):
        case_study_create(
            organisation=OrganisationFactory(),
            values=[
                ("households-housed", number, "2024-01-01"),
                ("flats-provided", number, "2024-01-01"),
            ],
            milestones=[("crisis-flat", "2023-01-01")],
            topics=["housing-first", "krizove-bydleni"],
        )
    client.get(_url())  # warm Wagtail's per-site caches, as any running server has them
    with django_assert_max_num_queries(23):
        response = client.get(_url())
    assert len(response.context["case_studies"]) == 12


def test_listing_in_english(client, towns):
    response = client.get(f"/en{_url()}")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
