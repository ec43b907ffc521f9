import re

import pytest

from accounts.regions import Region
from casestudies.comparison import comparable_municipalities, compare_municipalities
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    case_study_create,
    case_study_index_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(home_page):
    """Four published municipalities and one with only a draft."""
    jihlava = case_study_create(
        organisation=OrganisationFactory(
            short_name="Jihlava", slug="jihlava", region=Region.VYSOCINA, population=50_000
        ),
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
            short_name="Brno", slug="brno", region=Region.JIHOMORAVSKY, population=400_000
        ),
        values=[("flats-provided", 100, "2024-01-01")],
        milestones=[("housing-need-mapped", "2021-03-01"), ("crisis-flat", "2022-05-01")],
        topics=["krizove-bydleni"],
        period_end="2024-12-31",
    )
    trebic = case_study_create(
        organisation=OrganisationFactory(short_name="Třebíč", slug="trebic", population=35_000),
        values=[("households-housed", 3, "2024-01-01")],
    )
    pisek = case_study_create(
        organisation=OrganisationFactory(short_name="Písek", slug="pisek", population=30_000),
    )
    draft = case_study_create(
        organisation=OrganisationFactory(short_name="Tajné Město", slug="tajne-mesto"),
        values=[("households-housed", 999, "2024-01-01")],
        live=False,
    )
    return {"jihlava": jihlava, "brno": brno, "trebic": trebic, "pisek": pisek, "draft": draft}


def _url(*slugs, prefix=""):
    url = prefix + case_study_index_create().url + "porovnani/"
    if slugs:
        url += "?" + "&".join(f"obec={slug}" for slug in slugs)
    return url


def _row(body, label):
    """The text of the table row headed `label`, tags removed and spaces collapsed."""
    match = re.search(rf"<tr>\s*<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", body, re.S)
    assert match, f"no row {label!r}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_without_a_choice_the_form_and_a_hint_are_shown(client, towns):
    response = client.get(_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert "<fieldset" in body and "<legend>Obce k porovnání</legend>" in body
    assert "Zaškrtněte dvě až čtyři obce" in body
    assert 'value="jihlava"' in body and ">Porovnat</button>" in body
    assert "<table" not in body


def test_comparison_of_two_shows_latest_values_and_milestones(client, towns):
    response = client.get(_url("jihlava", "brno"))
    body = response.content.decode()
    assert response.status_code == 200
    columns = [m.organisation.short_name for m in response.context["comparison"].municipalities]
    assert columns == ["Jihlava", "Brno"]
    assert "<caption" in body
    assert body.count('<th scope="col">') == 2
    assert f'href="{towns["jihlava"].url}">Jihlava</a>' in body
    # The latest value wins over the older one; missing values show a dash.
    assert (
        _row(body, "Zabydlené domácnosti")
        == "12 domácností 0,24 na 1 000 obyvatel ke dni 30. června 2024 — bez údaje"
    )
    assert _row(body, "Byty pro lidi v bytové nouzi, druh neuveden").startswith(
        "— bez údaje 100 bytů"
    )
    assert _row(body, "Byty pro lidi v bytové nouzi, druh neuveden").endswith(
        "ke dni 1. ledna 2024"
    )
    # Shares have no rate per inhabitant.
    assert _row(body, "Udržení bydlení po 12 měsících").startswith("87,5 % ke dni 30. června 2024")
    assert _row(body, "Krizové byty") == "— bez údaje — bez údaje"
    assert _row(body, "Zřízený krizový byt") == "✓ splněno 1. ledna 2023 ✓ splněno 1. května 2022"
    assert _row(body, "Zmapovaná bytová nouze") == "— nesplněno ✓ splněno 1. března 2021"
    assert "Kraj Vysočina" in _row(body, "Kraj")
    assert _row(body, "Použité nástroje") == "Housing First Krizové bydlení"
    # The chosen municipalities stay ticked for the next comparison.
    assert re.search(r'value="jihlava"[^>]*checked', body)


def test_every_catalogue_row_is_shown(towns):
    comparison = compare_municipalities(["jihlava", "brno"])
    assert len(comparison.indicator_rows) == 11
    assert len(comparison.milestone_rows) == 8  # the seven of casestudies 0002 + housing concept
    assert all(len(row.cells) == 2 for row in comparison.indicator_rows)


def test_comparison_of_four_works(client, towns):
    response = client.get(_url("jihlava", "brno", "trebic", "pisek"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<th scope="col">') == 4
    assert _row(body, "Zabydlené domácnosti").startswith("12 domácností")
    assert "Tajné Město" not in body


@pytest.mark.parametrize(
    "slugs",
    [
        ["jihlava"],
        ["jihlava", "brno", "trebic", "pisek", "tajne-mesto"],
        ["jihlava", "jihlava"],
        ["jihlava", "brno", "trebic", "pisek", *[f"obec-{n}" for n in range(16)]],
    ],
    ids=["one", "five", "one-twice", "twenty"],
)
def test_wrong_number_is_a_bad_request_with_a_message(client, towns, slugs):
    response = client.get(_url(*slugs))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Vyberte dvě až čtyři obce." in body
    assert response.context["comparison"] is None
    assert 'aria-describedby="id_obec_helptext id_obec_error"' in body
    assert 'href="#id_obec_0"' in body  # the error summary links to the first checkbox


def test_five_known_municipalities_are_too_many(client, towns):
    case_study_create(organisation=OrganisationFactory(slug="tabor"))
    response = client.get(_url("jihlava", "brno", "trebic", "pisek", "tabor"))
    assert response.status_code == 400
    assert "Vyberte dvě až čtyři obce." in response.content.decode()


def test_unknown_municipality_is_reported_and_dropped(client, towns):
    response = client.get(_url("jihlava", "brno", "atlantida"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Obec „atlantida“ jsme nenašli." in body
    assert "Vyberte dvě až čtyři obce." not in body
    assert re.search(r'value="brno"[^>]*checked', body)


def test_drafts_cannot_be_chosen_or_compared(client, towns):
    assert "tajne-mesto" not in dict(comparable_municipalities())
    response = client.get(_url("jihlava", "tajne-mesto"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Obec „tajne-mesto“ jsme nenašli." in body
    assert 'value="tajne-mesto"' not in body
    assert "999" not in body


@pytest.mark.parametrize(
    ("query", "status"),
    [
        # Nothing chosen is the empty comparison; anything else that is not a list of known
        # municipalities (at most the allowed number) is the 400 explanation.
        ("obec=", 200),
        ("obec=&obec=", 200),
        ("jiny=1", 200),
        ("obec=" + "x" * 5000, 400),
        ("obec=%3Cscript%3E&obec=jihlava", 400),
        ("obec=%00&obec=%C5%A1", 400),
        ("&".join(["obec=jihlava"] * 20), 400),
        ("&".join(f"obec=neznama-{n}" for n in range(20)), 400),
    ],
)
def test_odd_input_never_fails(client, towns, query, status):
    response = client.get(f"{_url()}?{query}")
    assert response.status_code == status
    assert "<script>" not in response.content.decode()


def test_blank_choice_counts_as_nothing_chosen(client, towns):
    assert client.get(_url("", "")).status_code == 200


def test_long_unknown_value_is_shortened_in_the_message(client, towns):
    body = client.get(_url("x" * 5000, "jihlava")).content.decode()
    assert "x" * 61 not in body.split('id="id_obec_error"')[1]


def test_many_unknown_values_are_summarised(client, towns):
    response = client.get(_url(*[f"neznama-{n}" for n in range(20)]))
    errors = response.context["form"].errors["obec"]
    assert response.status_code == 400
    assert len(errors) == 5  # three named, the rest counted, and the number to choose


def test_logged_in_visitor_can_compare(client, towns):
    client.force_login(UserFactory())
    assert client.get(_url("jihlava", "brno")).status_code == 200


def test_comparison_in_english(client, towns):
    response = client.get(_url("jihlava", "brno", prefix="/en"))
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


def _create_many(count):
    for number in range(count):
        case_study_create(
            organisation=OrganisationFactory(region=Region.choices[number % 14][0]),
            values=[
                ("households-housed", number, "2023-01-01"),
                ("flats-provided", number, "2024-01-01"),
            ],
            milestones=[("crisis-flat", "2023-01-01")],
            topics=["housing-first", "krizove-bydleni"],
        )


@pytest.mark.parametrize("extra", [0, 25])
def test_query_count_does_not_grow_with_municipalities(
    client, towns, django_assert_max_num_queries, extra
):
    _create_many(extra)
    url = _url("jihlava", "brno", "trebic", "pisek")
    client.get(url)  # warm caches (site root, content types)
    with django_assert_max_num_queries(18):
        assert client.get(url).status_code == 200
