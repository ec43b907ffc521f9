"""Numbers and links a council can quote: visibility, the aggregation rule, no data vs 0,
absolute URLs from the request's host, the open-data descriptions, Czech plurals and dates."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from accounts.regions import Region
from casestudies import dashboard, queries
from casestudies.models import CaseStudyIndicatorValue, CaseStudyPage, IndicatorDefinition
from core.templatetags.czech import czech_date
from tests.factories import (
    OrganisationFactory,
    case_study_create,
    case_study_index_create,
    indicator,
)

pytestmark = pytest.mark.django_db

HOST = "obce.example.cz"


@pytest.fixture
def host(settings):
    settings.ALLOWED_HOSTS = [HOST, "testserver"]
    return HOST


def _index():
    return case_study_index_create()


def _route(name, *args):
    index = _index()
    return index.url + index.reverse_subpage(name, args=args)


def _csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


# --- non-public case studies stay out of every output ---------------------------------------


@pytest.fixture(params=["login", "password"])
def hidden(request, home_page):
    """A public case study of Veřejné Město and one of Skryté Město behind a view
    restriction (login, or a shared password)."""
    public = case_study_create(
        organisation=OrganisationFactory(
            short_name="Veřejné Město", slug="verejne-mesto", region=Region.VYSOCINA
        ),
        title="Veřejný příklad",
        values=[("households-housed", 3, "2024-01-01")],
        milestones=[("crisis-flat", "2023-01-01")],
    )
    secret = case_study_create(
        organisation=OrganisationFactory(
            short_name="Skryté Město", slug="skryte-mesto", region=Region.PRAHA, population=1000
        ),
        title="Skrytý příklad",
        values=[("households-housed", 500, "2024-01-01"), ("crisis-flats", 40, "2024-01-01")],
        milestones=[("housing-first-running", "2023-01-01")],
    )
    restriction = {"login": PageViewRestriction.LOGIN, "password": PageViewRestriction.PASSWORD}
    PageViewRestriction.objects.create(
        page=secret, restriction_type=restriction[request.param], password="heslo"
    )
    return {"public": public, "secret": secret}


def test_hidden_case_study_is_not_in_the_list(client, hidden):
    body = client.get(_index().url).content.decode()
    assert "Veřejný příklad" in body
    assert "Skrytý příklad" not in body


def test_hidden_case_study_does_not_count_on_the_dashboard_or_the_region_map(client, hidden):
    data = dashboard.outcomes_dashboard_data(_index().url)
    assert data.households_housed.value == 3
    assert data.total("crisis-flats").value is None
    assert data.municipality_count == 1
    praha = next(region for region in data.regions if region.code == Region.PRAHA)
    assert praha.households_housed is None
    assert praha.case_study_count == 0
    reached = {item.slug: item.municipality_count for item in data.milestones}
    assert reached["housing-first-running"] == 0
    body = client.get(_route("dashboard")).content.decode()
    assert "500" not in body
    assert "Hlavní město Praha: bez údajů" in body


def test_hidden_case_study_is_not_offered_for_comparison(client, hidden):
    response = client.get(_route("comparison"), {"obec": ["verejne-mesto", "skryte-mesto"]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Skryté Město" not in body
    assert "500" not in body


def test_hidden_case_study_has_no_municipality_page(client, hidden):
    assert client.get(_route("municipality", "skryte-mesto")).status_code == 404
    assert client.get(_route("municipality", "verejne-mesto")).status_code == 200


def test_hidden_case_study_is_not_exported(client, hidden):
    rows = _csv_rows(client.get(_route("export_csv")))
    assert {row["Obec"] for row in rows} == {hidden["public"].organisation.name}
    workbook = load_workbook(io.BytesIO(client.get(_route("export_xlsx")).content))
    names = {row[0] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert names == {hidden["public"].organisation.name}


def test_hidden_case_study_has_no_public_pdf(client, hidden):
    secret = hidden["secret"]
    response = client.get(secret.url + secret.reverse_subpage("council_pdf"))
    restriction = PageViewRestriction.objects.get(page=secret).restriction_type
    if restriction == PageViewRestriction.LOGIN:
        assert response.status_code == 302
        assert "/login/?next=" in response["Location"]
    else:  # Wagtail's password form instead of the document
        assert response.status_code == 200
        assert 'name="password"' in response.content.decode()
    assert not response.content.startswith(b"%PDF")


def test_hidden_case_study_is_not_in_the_api(client, hidden):
    for name in ("api_v1_case_studies", "api_case_studies"):
        titles = [item["title"] for item in client.get(reverse(name)).json()["results"]]
        assert titles == ["Veřejný příklad"], name
    slugs = [
        item["slug"] for item in client.get(reverse("api_v1_municipalities")).json()["results"]
    ]
    assert slugs == ["verejne-mesto"]


# --- one rule: the newest value per municipality over all its case studies ---------------


@pytest.fixture
def pisek(home_page):
    organisation = OrganisationFactory(
        short_name="Písek", slug="pisek", region=Region.JIHOCESKY, population=30_000
    )
    first = case_study_create(
        organisation=organisation,
        title="Písek: první domácnosti",
        values=[("households-housed", 4, "2024-01-01")],
    )
    second = case_study_create(
        organisation=organisation,
        title="Písek: další domácnosti",
        values=[("households-housed", 7, "2025-01-01")],
    )
    other = case_study_create(
        organisation=OrganisationFactory(
            short_name="Tábor", slug="tabor", region=Region.JIHOCESKY, population=35_000
        ),
        values=[("households-housed", 42, "2024-06-30")],
    )
    return {"first": first, "second": second, "other": other}


def test_a_town_with_two_case_studies_counts_once_everywhere(client, pisek):
    data = dashboard.outcomes_dashboard_data(_index().url)
    assert data.households_housed.value == 49  # 7 + 42, not 4 + 7 + 42
    assert data.households_housed.municipality_count == 2
    south = next(region for region in data.regions if region.code == Region.JIHOCESKY)
    assert south.households_housed == 49
    assert south.case_study_count == 3
    assert [(point.year, point.value) for point in data.over_time] == [(2024, 46), (2025, 49)]
    municipalities = {
        item["slug"]: item["indicators"]["households-housed"]
        for item in client.get(reverse("api_v1_municipalities")).json()["results"]
    }
    assert municipalities["pisek"]["value"] == 7
    assert municipalities["pisek"]["per_thousand"] == pytest.approx(0.23)
    municipality = client.get(_route("municipality", "pisek")).context["municipality"]
    assert municipality.headlines[0].value == 7
    comparison = client.get(_route("comparison"), {"obec": ["pisek", "tabor"]}).context[
        "comparison"
    ]
    assert [cell.value for cell in comparison.indicator_rows[0].cells] == [7, 42]


def test_same_date_in_two_case_studies_of_a_town_the_later_published_wins(pisek):
    CaseStudyIndicatorValue.objects.filter(page=pisek["first"]).update(measured_on=date(2025, 1, 1))
    items = queries.measurements([pisek["first"].pk, pisek["second"].pk])
    latest = queries.latest_by_municipality(items)
    households = indicator("households-housed")
    assert latest[pisek["first"].organisation_id][households.pk][1] == 7
    # The first case study now counts as published after the second: its value wins.
    CaseStudyPage.objects.filter(pk=pisek["first"].pk).update(
        first_published_at=CaseStudyPage.objects.get(pk=pisek["second"].pk).first_published_at
        + timedelta(days=1)
    )
    items = queries.measurements([pisek["first"].pk, pisek["second"].pk])
    latest = queries.latest_by_municipality(items)
    assert latest[pisek["first"].organisation_id][households.pk][1] == 4


# --- no data is not 0 -------------------------------------------------------------------------


def test_no_data_and_zero_differ_in_every_output(client, home_page):
    case_study_create(
        organisation=OrganisationFactory(
            short_name="Nula", slug="nula", region=Region.ZLINSKY, population=None
        ),
        values=[("households-housed", 0, "2024-01-01")],
    )
    data = dashboard.outcomes_dashboard_data(_index().url)
    regions = {region.code: region for region in data.regions}
    assert regions[Region.ZLINSKY].households_housed == 0
    assert regions[Region.ZLINSKY].has_data
    assert regions[Region.PRAHA].households_housed is None
    assert data.total("crisis-flats").value is None
    body = client.get(_route("dashboard")).content.decode()
    assert "Zlínský kraj: 0 zabydlených domácností" in body
    assert "Hlavní město Praha: bez údajů" in body
    assert "region-map__tile--no-data" in body

    row = _csv_rows(client.get(_route("export_csv")))[0]
    assert row["Hodnota"] == "0"
    assert row["Na 1 000 obyvatel"] == ""  # no population: no rate, not 0
    assert row["Počet obyvatel"] == ""
    sheet = load_workbook(io.BytesIO(client.get(_route("export_xlsx")).content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    values = [cell.value for cell in sheet[2]]
    assert values[header.index("Hodnota")] == 0
    assert values[header.index("Na 1 000 obyvatel")] is None

    municipality = client.get(reverse("api_v1_municipalities")).json()["results"][0]
    assert municipality["indicators"]["households-housed"]["value"] == 0
    assert municipality["indicators"]["households-housed"]["per_thousand"] is None
    assert municipality["indicators"]["crisis-flats"] is None


# --- absolute URLs from the request's host ----------------------------------------------------


def test_csv_links_use_the_host_of_the_request(client, pisek, host):
    response = client.get(_route("export_csv"), HTTP_HOST=host)
    urls = {row["Adresa příkladu"] for row in _csv_rows(response)}
    assert urls and all(url.startswith(f"http://{host}/") for url in urls)
    assert response["Link"] == f'<http://{host}/api/v1/datapackage.json>; rel="describedby"'


def test_xlsx_links_use_the_host_of_the_request(client, pisek, host):
    workbook = load_workbook(io.BytesIO(client.get(_route("export_xlsx"), HTTP_HOST=host).content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    urls = {
        row[header.index("Adresa příkladu")] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert urls and all(url.startswith(f"http://{host}/") for url in urls)
    about = {row[0]: row[1] for row in workbook["O datech"].iter_rows(values_only=True)}
    assert about["Popis dat (datapackage.json)"] == f"http://{host}/api/v1/datapackage.json"
    assert "creativecommons.org/licenses/by/4.0" in about["Licence"]


def test_api_links_use_the_host_of_the_request(client, pisek, host):
    data = client.get(reverse("api_v1_case_studies"), {"page_size": 1}, HTTP_HOST=host).json()
    assert data["results"][0]["url"].startswith(f"http://{host}/")
    assert data["next"].startswith(f"http://{host}/api/v1/case-studies/?")
    assert data["metadata"]["description_url"] == f"http://{host}/api/v1/datapackage.json"
    municipalities = client.get(reverse("api_v1_municipalities"), HTTP_HOST=host).json()
    assert municipalities["results"][0]["url"].startswith(f"http://{host}/")
    openapi = client.get(reverse("api_v1_openapi"), HTTP_HOST=host).json()
    assert openapi["servers"] == [{"url": f"http://{host}"}]


def test_datapackage_links_use_the_host_of_the_request(client, pisek, host):
    package = client.get(reverse("api_v1_datapackage"), HTTP_HOST=host).json()
    paths = [resource["path"] for resource in package["resources"]]
    assert paths == [
        f"http://{host}{_route('export_csv')}",
        f"http://{host}/api/v1/case-studies/",
    ]
    assert package["homepage"] == f"http://{host}{_index().url}"


def test_sitemap_uses_the_host_of_the_request(client, pisek, host):
    body = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    assert f"<loc>http://{host}{pisek['first'].url}</loc>" in body
    assert "localhost" not in body


def test_demo_site_takes_its_address_from_site_url(settings, home_page):
    from wagtail.models import Site

    from home import demo

    settings.SITE_URL = "https://bydleni.example.cz:8443"
    demo.load(stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("bydleni.example.cz", 8443)


# --- open data: metadata, licence, versioned API, OpenAPI -----------------------------------


def test_datapackage_describes_every_csv_column_and_the_licence(client, pisek):
    package = client.get(reverse("api_v1_datapackage")).json()
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    fields = [field["name"] for field in package["resources"][0]["schema"]["fields"]]
    header = list(_csv_rows(client.get(_route("export_csv")))[0])
    assert fields == header
    slugs = {item["slug"] for item in package["indicators"]}
    assert {"crisis-flats", "social-flats", "affordable-flats", "housing-first-flats"} <= slugs


def test_csv_rows_carry_the_indicator_metadata_and_licence(client, pisek):
    row = _csv_rows(client.get(_route("export_csv")))[0]
    assert row["Definice ukazatele"].startswith("Domácnosti, které se z bytové nouze")
    assert row["Směr"] == "více je lépe"
    assert row["Srovnatelnost"]
    assert row["Licence"] == "https://creativecommons.org/licenses/by/4.0/"


def test_old_api_address_answers_like_version_one(client, pisek):
    old = client.get(reverse("api_case_studies"))
    new = client.get(reverse("api_v1_case_studies"))
    assert old.status_code == new.status_code == 200
    assert old.json()["results"] == new.json()["results"]
    assert old["Link"] == '<http://testserver/api/v1/case-studies/>; rel="successor-version"'


def test_openapi_describes_the_versioned_paths(client):
    document = client.get(reverse("api_v1_openapi")).json()
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/case-studies/", "/api/v1/municipalities/", "/api/case-studies/"} <= set(
        document["paths"]
    )
    assert document["info"]["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"


@pytest.mark.parametrize("name", ["api_v1_municipalities", "api_v1_datapackage", "api_v1_openapi"])
def test_open_data_descriptions_are_read_only(client, name):
    response = client.post(reverse(name))
    assert response.status_code == 405
    assert "použijte metodu GET" in response.json()["errors"]["method"][0]


@pytest.mark.parametrize("count", [2, 10])
def test_municipality_api_query_count_does_not_grow(
    client, home_page, django_assert_max_num_queries, count
):
    for number in range(count):
        case_study_create(values=[("households-housed", number, "2024-01-01")])
    client.get(reverse("api_v1_municipalities"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("api_v1_municipalities")).json()["count"] == count


# --- the catalogue refuses values that contradict it ------------------------------------------


@pytest.mark.parametrize(
    ("slug", "value", "measured_on", "field", "message"),
    [
        ("tenancy-sustainment-12m", "101", date(2024, 6, 30), "value", "nejvýše 100"),
        ("crisis-flats", "-1", date(2024, 6, 30), "value", "nemůže být záporná"),
        ("crisis-flats", "1.5", date(2024, 6, 30), "value", "v celých číslech"),
        ("crisis-flats", "1", date.today() + timedelta(days=2), "measured_on", "v budoucnosti"),
    ],
)
def test_values_contradicting_the_catalogue_are_refused_naming_the_row(
    slug, value, measured_on, field, message
):
    definition = IndicatorDefinition.objects.get(slug=slug)
    with translation.override("cs"), pytest.raises(ValidationError) as error:
        definition.validate_value(Decimal(value), measured_on)
    text = error.value.message_dict[field][0]
    assert message in text
    assert text.startswith(f"Řádek „{definition.name} ke dni ")
    assert text.endswith(".")


# --- Czech plurals and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "forms"),
    [
        ("flats", ["1 byt", "2 byty", "5 bytů", "21 bytů"]),
        ("households", ["1 domácnost", "2 domácnosti", "5 domácností", "21 domácností"]),
        ("people", ["1 osoba", "2 osoby", "5 osob", "21 osob"]),
        ("months", ["1 měsíc", "2 měsíce", "5 měsíců", "21 měsíců"]),
    ],
)
def test_counted_units_take_the_czech_plural_forms(unit, forms):
    definition = IndicatorDefinition(name="x", unit=unit)
    with translation.override("cs"):
        assert [definition.quantity(n).replace("\xa0", " ") for n in (1, 2, 5, 21)] == forms


def test_a_decimal_quantity_takes_the_genitive_singular():
    with translation.override("cs"):
        assert (
            IndicatorDefinition(name="x", unit="months").quantity(Decimal("2.5")) == "2,5\xa0měsíce"
        )
        assert (
            IndicatorDefinition(name="x", unit="percent").quantity(Decimal("87.5")) == "87,5\xa0%"
        )


def test_czech_date_has_the_month_in_the_genitive():
    with translation.override("cs"):
        assert czech_date(date(2025, 6, 30)) == "30. června 2025"
        assert czech_date(date(2025, 1, 1)) == "1. ledna 2025"
        rendered = Template("{% load czech %}{{ day|czech_date }}").render(
            Context({"day": date(2024, 12, 21)})
        )
        assert rendered == "21. prosince 2024"
        assert czech_date(None) == ""
    with translation.override("en"):
        assert czech_date(date(2025, 6, 30)) == "June 30, 2025"
