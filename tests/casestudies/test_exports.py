import csv
import io
from datetime import date

import openpyxl
import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.regions import Region
from tests.factories import OrganisationFactory, case_study_create, case_study_index_create

pytestmark = pytest.mark.django_db


HEADER = [
    "Obec",
    "Kód obce",
    "Kód kraje (CZ-NUTS 3)",
    "Kraj",
    "Počet obyvatel",
    "Rok počtu obyvatel",
    "Příklad dobré praxe",
    "Adresa příkladu",
    "Kód ukazatele",
    "Ukazatel",
    "Jednotka",
    "Hodnota",
    "Na 1 000 obyvatel",
    "Ke dni",
    "Poznámka",
    "Definice ukazatele",
    "Směr",
    "Zdroj ukazatele",
    "Srovnatelnost",
    "Licence",
]
DATA_COLUMNS = HEADER.index("Poznámka") + 1  # the rest is the indicator's metadata


@pytest.fixture
def towns(home_page):
    jihlava = case_study_create(
        organisation=OrganisationFactory(
            name="Statutární město Jihlava",
            short_name="Jihlava",
            slug="jihlava",
            region=Region.VYSOCINA,
            population=54_000,
        ),
        title="Jihlava zabydluje rodiny",
        values=[
            ("households-housed", 5, "2023-06-30"),
            ("households-housed", 12, "2024-06-30"),
            ("tenancy-sustainment-12m", "87.5", "2024-06-30"),
        ],
        milestones=[("crisis-flat", "2023-01-01")],
        topics=["housing-first"],
    )
    brno = case_study_create(
        organisation=OrganisationFactory(
            name="Statutární město Brno",
            short_name="Brno",
            slug="brno",
            region=Region.JIHOMORAVSKY,
            population=380_000,
        ),
        title="Brno: Rapid Re-Housing",
        values=[("flats-provided", 50, "2024-01-31")],
    )
    draft = case_study_create(
        organisation=OrganisationFactory(
            name="Tajné Město", slug="tajne-mesto", region=Region.VYSOCINA
        ),
        values=[("households-housed", 99, "2024-06-30")],
        live=False,
    )
    return {"jihlava": jihlava, "brno": brno, "draft": draft}


def _export(rf, name, **params):
    """Calls an export through the index page's own routes.

    Through the routes directly (fast); test_export_routes_are_reachable_through_wagtail_serving
    checks the real addresses once.
    """
    index_page = case_study_index_create()
    request = rf.get(index_page.url + index_page.reverse_subpage(name), params)
    match = index_page.resolve_subpage("/" + index_page.reverse_subpage(name))
    return match.func(request, *match.args, **match.kwargs)


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _xlsx_rows(response) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def test_csv_is_an_attachment_named_by_today(rf, towns):
    response = _export(rf, "export_csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="vysledky-obci-{today}.csv"'


def test_csv_has_czech_header_and_one_row_per_value(rf, towns):
    rows = _csv_rows(_export(rf, "export_csv"))
    assert rows[0] == HEADER
    brno_url = f"http://testserver{towns['brno'].url}"
    jihlava = ["Statutární město Jihlava", "jihlava", "CZ063", "Kraj Vysočina", "54000", ""]
    jihlava_page = ["Jihlava zabydluje rodiny", f"http://testserver{towns['jihlava'].url}"]
    households = ["households-housed", "Zabydlené domácnosti", "domácností"]
    assert [row[:DATA_COLUMNS] for row in rows[1:]] == [
        [
            "Statutární město Brno",
            "brno",
            "CZ064",
            "Jihomoravský kraj",
            "380000",
            "",
            "Brno: Rapid Re-Housing",
            brno_url,
            "flats-provided",
            "Byty pro lidi v bytové nouzi, druh neuveden",
            "bytů",
            "50",
            "0,13",
            "2024-01-31",
            "",
        ],
        [*jihlava, *jihlava_page, *households, "5", "0,09", "2023-06-30", ""],
        [*jihlava, *jihlava_page, *households, "12", "0,22", "2024-06-30", ""],
        [
            *jihlava,
            *jihlava_page,
            "tenancy-sustainment-12m",
            "Udržení bydlení po 12 měsících",
            "%",
            "87,5",
            "",  # a share has no rate per inhabitant
            "2024-06-30",
            "",
        ],
    ]
    metadata = dict(zip(HEADER, rows[2], strict=True))
    assert metadata["Definice ukazatele"].startswith("Domácnosti, které se z bytové nouze")
    assert metadata["Směr"] == "více je lépe"
    assert metadata["Zdroj ukazatele"].startswith("Evidence obce")
    assert metadata["Licence"] == "https://creativecommons.org/licenses/by/4.0/"


def test_csv_urls_are_absolute(rf, towns):
    rows = _csv_rows(_export(rf, "export_csv"))
    assert all(row[7].startswith("http://testserver/") for row in rows[1:])


def test_csv_leaves_out_drafts(rf, towns):
    body = _export(rf, "export_csv").content.decode()
    assert "Tajné Město" not in body
    assert "tajne-mesto" not in body


@pytest.mark.parametrize(
    ("params", "municipalities"),
    [
        ({"kraj": Region.VYSOCINA}, {"jihlava"}),
        ({"tema": "housing-first"}, {"jihlava"}),
        ({"milnik": "crisis-flat"}, {"jihlava"}),
        ({"velikost": "nad-100-tisic"}, {"brno"}),
        ({"obec": "brno"}, {"brno"}),
        ({"ukazatel": "households-housed", "alespon": "10"}, {"jihlava"}),
        ({"ukazatel": "households-housed", "alespon": "13"}, set()),
    ],
)
def test_csv_applies_the_filters_of_the_list(rf, towns, params, municipalities):
    rows = _csv_rows(_export(rf, "export_csv", **params))
    assert {row[1] for row in rows[1:]} == municipalities


@pytest.mark.parametrize(
    "params",
    [
        {"kraj": "CZ999"},
        {"tema": "neexistuje"},
        {"velikost": "obrovska"},
        {"milnik": "<script>"},
        {"obec": "atlantida"},
        {"ukazatel": "neznamy", "alespon": "x"},
        {"razeni": "nahodne"},
    ],
)
def test_unknown_filter_values_are_ignored_not_an_error(rf, towns, params):
    for name in ("export_csv", "export_xlsx"):
        response = _export(rf, name, **params)
        assert response.status_code == 200
    rows = _csv_rows(_export(rf, "export_csv", **params))
    assert {row[1] for row in rows[1:]} == {"jihlava", "brno"}


def test_xlsx_has_numbers_dates_and_a_bold_header(rf, towns):
    response = _export(rf, "export_xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="vysledky-obci-{today}.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= 20
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    percent = rows[-1]
    assert percent[8] == "tenancy-sustainment-12m"
    assert percent[11] == 87.5
    assert percent[12] is None  # no rate for a share: an empty cell
    assert percent[13].date() == date(2024, 6, 30)
    housed = rows[3]
    assert housed[4] == 54_000
    assert housed[11] == 12
    assert isinstance(housed[11], int)
    assert housed[12] == 0.22
    assert housed[7] == f"http://testserver{towns['jihlava'].url}"
    assert [sheet.title for sheet in workbook.worksheets] == [
        "Výsledky obcí",
        "Ukazatele",
        "O datech",
    ]


def test_xlsx_applies_filters_and_leaves_out_drafts(rf, towns):
    rows = _xlsx_rows(_export(rf, "export_xlsx", kraj=Region.VYSOCINA))
    assert {row[1] for row in rows[1:]} == {"jihlava"}
    assert len(rows) == 1 + 3


def test_exports_of_an_empty_list_have_the_header_only(rf, towns):
    assert _csv_rows(_export(rf, "export_csv", kraj=Region.PRAHA)) == [HEADER]
    assert [list(row) for row in _xlsx_rows(_export(rf, "export_xlsx", kraj=Region.PRAHA))] == [
        HEADER
    ]


@pytest.mark.parametrize("name", ["export_csv", "export_xlsx"])
def test_export_query_count_does_not_grow_with_case_studies(
    rf, home_page, django_assert_max_num_queries, name
):
    def create(count):
        for _ in range(count):
            case_study_create(
                values=[
                    ("households-housed", 3, "2023-01-01"),
                    ("households-housed", 8, "2024-01-01"),
                    ("flats-provided", 4, "2024-01-01"),
                ],
                milestones=[("crisis-flat", "2023-01-01")],
                topics=["housing-first"],
            )

    create(3)
    cache.clear()  # the site's root paths are cached: count the cold path both times
    with django_assert_max_num_queries(11) as few:
        _export(rf, name, tema="housing-first")
    create(9)
    cache.clear()
    with django_assert_max_num_queries(11) as many:
        _export(rf, name, tema="housing-first")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(_csv_rows(_export(rf, "export_csv", tema="housing-first"))) == 1 + 12 * 3


def test_export_routes_are_reachable_through_wagtail_serving(client, towns):
    index_page = case_study_index_create()
    for name, content_type in (("export_csv", "text/csv"), ("export_xlsx", "spreadsheetml")):
        response = client.get(index_page.url + index_page.reverse_subpage(name) + "?kraj=XX")
        assert response.status_code == 200
        assert content_type in response["Content-Type"]


def test_titles_that_look_like_formulas_stay_text(rf, home_page):
    case_study_create(
        title='=HYPERLINK("https://example.org")',
        values=[("households-housed", 1, "2024-01-01")],
    )
    assert _csv_rows(_export(rf, "export_csv"))[1][6] == '\'=HYPERLINK("https://example.org")'
    sheet = openpyxl.load_workbook(io.BytesIO(_export(rf, "export_xlsx").content)).active
    assert sheet.cell(row=2, column=7).data_type == "s"
    assert sheet.cell(row=2, column=7).value == '=HYPERLINK("https://example.org")'
