import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.regions import Region
from tests.factories import OrganisationFactory, case_study_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def url():
    return reverse("api_v1_case_studies")


@pytest.fixture
def towns(home_page):
    jihlava = case_study_create(
        organisation=OrganisationFactory(
            name="Statutární město Jihlava",
            short_name="Jihlava",
            slug="jihlava",
            region=Region.VYSOCINA,
            population=54_000,
            population_year=2024,
            is_partner=True,
        ),
        title="Jihlava zabydluje rodiny",
        summary="Jihlava zabydlela 12 rodin s dětmi.",
        period_start="2020-01-01",
        period_end="2024-12-31",
        values=[
            ("households-housed", 12, "2024-06-30"),
            ("households-housed", 5, "2023-06-30"),
            ("tenancy-sustainment-12m", "87.5", "2024-06-30"),
        ],
        milestones=[("housing-need-mapped", "2022-03-01"), ("crisis-flat", "2021-01-01")],
        topics=["housing-first"],
    )
    brno = case_study_create(
        organisation=OrganisationFactory(
            short_name="Brno",
            slug="brno",
            region=Region.JIHOMORAVSKY,
            population=380_000,
            is_partner=False,
        ),
        title="Brno: Rapid Re-Housing",
        values=[("flats-provided", 50, "2024-01-31")],
        topics=["krizove-bydleni"],
    )
    malin = case_study_create(
        organisation=OrganisationFactory(
            short_name="Malín", slug="malin", region=Region.VYSOCINA, population=4_000
        ),
        title="Malín: krizový byt",
    )
    draft = case_study_create(
        organisation=OrganisationFactory(short_name="Tajné Město", slug="tajne-mesto"),
        title="Tajný koncept",
        live=False,
    )
    return {"jihlava": jihlava, "brno": brno, "malin": malin, "draft": draft}


def _slugs(response) -> list[str]:
    return [item["municipality"]["slug"] for item in response.json()["results"]]


def test_lists_published_case_studies_with_their_data(client, url, towns):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 3
    assert data["page"] == 1
    assert data["page_size"] == 20
    assert data["next"] is None
    assert data["previous"] is None
    assert data["warnings"] == []
    jihlava = next(item for item in data["results"] if item["title"] == "Jihlava zabydluje rodiny")
    assert data["metadata"]["licence"]["name"] == "CC-BY-4.0"
    assert [item["slug"] for item in data["metadata"]["indicators"]][:2] == [
        "households-housed",
        "families-with-children-housed",
    ]
    assert jihlava == {
        "title": "Jihlava zabydluje rodiny",
        "url": f"http://testserver{towns['jihlava'].url}",
        "summary": "Jihlava zabydlela 12 rodin s dětmi.",
        "municipality": {
            "name": "Statutární město Jihlava",
            "short_name": "Jihlava",
            "slug": "jihlava",
            "region": "CZ063",
            "region_name": "Kraj Vysočina",
            "population": 54_000,
            "population_year": 2024,
            "is_partner": True,
        },
        "period": {"start": "2020-01-01", "end": "2024-12-31"},
        "topics": [{"slug": "housing-first", "name": "Housing First"}],
        "milestones": [
            {"slug": "crisis-flat", "name": "Zřízený krizový byt", "reached_on": "2021-01-01"},
            {
                "slug": "housing-need-mapped",
                "name": "Zmapovaná bytová nouze",
                "reached_on": "2022-03-01",
            },
        ],
        "indicators": [
            {
                "slug": "households-housed",
                "name": "Zabydlené domácnosti",
                "unit": "households",
                "unit_label": "domácností",
                "latest": {"date": "2024-06-30", "value": 12, "per_thousand": 0.22, "note": ""},
                "values": [
                    {"date": "2023-06-30", "value": 5, "per_thousand": 0.09, "note": ""},
                    {"date": "2024-06-30", "value": 12, "per_thousand": 0.22, "note": ""},
                ],
            },
            {
                "slug": "tenancy-sustainment-12m",
                "name": "Udržení bydlení po 12 měsících",
                "unit": "percent",
                "unit_label": "%",
                "latest": {"date": "2024-06-30", "value": 87.5, "per_thousand": None, "note": ""},
                "values": [{"date": "2024-06-30", "value": 87.5, "per_thousand": None, "note": ""}],
            },
        ],
    }


def test_values_are_numbers_not_strings(client, url, towns):
    data = client.get(url, {"obec": "jihlava"}).json()
    values = [
        point["value"] for item in data["results"][0]["indicators"] for point in item["values"]
    ]
    assert values == [5, 12, 87.5]
    assert [type(value) for value in values] == [int, int, float]


def test_urls_are_absolute_on_the_host_of_the_request(client, url, towns, settings):
    settings.ALLOWED_HOSTS = ["obce.example.cz"]
    data = client.get(url, HTTP_HOST="obce.example.cz").json()
    assert all(item["url"].startswith("http://obce.example.cz/") for item in data["results"])


def test_drafts_are_never_listed(client, url, towns):
    assert "Tajný koncept" not in client.get(url, {"page_size": 100}).content.decode()
    assert client.get(url, {"obec": "tajne-mesto"}).json()["count"] == 0


def test_case_study_without_values_or_dates_is_complete(client, url, towns):
    data = client.get(url, {"obec": "malin"}).json()
    malin = data["results"][0]
    assert malin["period"] == {"start": "2020-01-01", "end": None}
    assert malin["indicators"] == []
    assert malin["milestones"] == []
    assert malin["topics"] == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kraj": Region.VYSOCINA}, ["jihlava", "malin"]),
        ({"kraj": [Region.VYSOCINA, Region.JIHOMORAVSKY]}, ["brno", "jihlava", "malin"]),
        ({"tema": "krizove-bydleni"}, ["brno"]),
        ({"velikost": "do-10-tisic"}, ["malin"]),
        ({"milnik": "crisis-flat"}, ["jihlava"]),
        ({"ukazatel": "households-housed", "alespon": "12"}, ["jihlava"]),
        ({"ukazatel": "households-housed", "alespon": "12,5"}, []),
        ({"obec": ["brno", "malin"]}, ["brno", "malin"]),
    ],
)
def test_filters_match_the_list(client, url, towns, params, expected):
    response = client.get(url, params)
    assert response.status_code == 200
    assert sorted(_slugs(response)) == expected
    assert response.json()["count"] == len(expected)


def test_sorting_by_population(client, url, towns):
    response = client.get(url, {"razeni": "obyvatel"})
    assert _slugs(response) == ["brno", "jihlava", "malin"]


def test_default_order_is_by_title(client, url, towns):
    assert _slugs(client.get(url)) == ["brno", "jihlava", "malin"]


def test_pagination_links_keep_the_filters(client, url, towns):
    first = client.get(url, {"page_size": 2, "kraj": [Region.VYSOCINA, Region.JIHOMORAVSKY]})
    data = first.json()
    assert data["count"] == 3
    assert len(data["results"]) == 2
    assert data["previous"] is None
    assert data["next"].startswith("http")
    assert "page=2" in data["next"] and "page_size=2" in data["next"]
    assert "kraj=CZ063" in data["next"] and "kraj=CZ064" in data["next"]

    second = client.get(data["next"]).json()
    assert second["page"] == 2
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert "page=1" in second["previous"]
    assert _slugs(first) + _slugs(client.get(data["next"])) == ["brno", "jihlava", "malin"]


def test_an_empty_result_is_page_one_not_an_error(client, url, towns):
    response = client.get(url, {"kraj": Region.PRAHA, "page": "1"})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "9" * 5000}, "page"),
        ({"page": "2"}, "page"),  # three results fit on page 1
        ({"page": "99999999999"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "dvacet"}, "page_size"),
    ],
)
def test_bad_pagination_is_a_400_with_czech_errors(client, url, towns, params, field):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field][0].endswith(".")
    assert "„" in errors[field][0] or "Stránka" in errors[field][0]


def test_page_size_of_one_hundred_is_allowed(client, url, towns):
    response = client.get(url, {"page_size": "100"})
    assert response.status_code == 200
    assert response.json()["page_size"] == 100


def test_unknown_filter_values_are_ignored_with_a_warning(client, url, towns):
    response = client.get(url, {"kraj": ["CZ063", "CZ999"], "tema": "neexistuje"})
    assert response.status_code == 200
    data = response.json()
    assert sorted(_slugs(response)) == ["jihlava", "malin"]
    assert len(data["warnings"]) == 2
    assert any("CZ999" in warning for warning in data["warnings"])
    assert any("neexistuje" in warning for warning in data["warnings"])


def test_invalid_threshold_is_ignored_with_a_warning(client, url, towns):
    response = client.get(url, {"ukazatel": "households-housed", "alespon": "hodně"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert data["warnings"] == ["Filtr „alespon“ jsme vynechali: Zadejte číslo, například 10."]


def test_answers_in_czech_whatever_the_visitors_language(client, url, towns):
    response = client.get(url, {"page": "0"}, headers={"accept-language": "en"})
    assert "Parametr" in response.json()["errors"]["page"][0]


def test_anyone_may_read_it_from_any_origin(client, url, towns):
    response = client.get(url, headers={"origin": "https://data.example.org"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_get_is_allowed(client, url, towns, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "errors" in response.json()


def test_query_count_is_the_same_for_three_and_twelve_case_studies(
    client, url, home_page, django_assert_max_num_queries
):
    def create(count):
        for _ in range(count):
            case_study_create(
                values=[
                    ("households-housed", 3, "2023-01-01"),
                    ("households-housed", 8, "2024-01-01"),
                    ("flats-provided", 4, "2024-01-01"),
                ],
                milestones=[("crisis-flat", "2023-01-01"), ("housing-need-mapped", "2022-01-01")],
                topics=["housing-first", "krizove-bydleni"],
            )

    create(3)
    cache.clear()  # the site's root paths are cached: count the cold path both times
    with django_assert_max_num_queries(13) as few:
        assert client.get(url, {"page_size": 100}).json()["count"] == 3
    create(9)
    cache.clear()
    with django_assert_max_num_queries(13) as many:
        assert len(client.get(url, {"page_size": 100}).json()["results"]) == 12
    assert len(many.captured_queries) == len(few.captured_queries)
