import re
from datetime import date
from decimal import Decimal

import pytest

from accounts.regions import Region
from casestudies import dashboard
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    case_study_create,
    case_study_index_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def towns(home_page):
    jihlava = case_study_create(
        organisation=OrganisationFactory(short_name="Jihlava", region=Region.VYSOCINA),
        values=[
            ("households-housed", 5, "2022-06-30"),
            ("households-housed", 12, "2024-03-31"),
            ("families-with-children-housed", 7, "2024-03-31"),
            ("flats-provided", 20, "2024-03-31"),
            ("tenancy-sustainment-12m", 80, "2024-03-31"),
        ],
        milestones=[("crisis-flat", "2021-01-01"), ("housing-need-mapped", "2020-05-01")],
    )
    tabor = case_study_create(
        organisation=OrganisationFactory(short_name="Tábor", region=Region.JIHOCESKY),
        values=[
            ("households-housed", 4, "2023-12-31"),
            ("flats-provided", 6, "2023-12-31"),
            ("tenancy-sustainment-12m", 95, "2023-12-31"),
        ],
        milestones=[("crisis-flat", "2022-01-01")],
    )
    trebic = case_study_create(
        organisation=OrganisationFactory(short_name="Třebíč", region=Region.VYSOCINA),
        values=[("households-housed", 3, "2024-01-31")],
    )
    draft = case_study_create(
        organisation=OrganisationFactory(short_name="Tajné Město", region=Region.PRAHA),
        values=[("households-housed", 1000, "2024-01-31"), ("flats-provided", 900, "2024-01-31")],
        milestones=[("housing-first-running", "2023-01-01")],
        live=False,
    )
    return {"jihlava": jihlava, "tabor": tabor, "trebic": trebic, "draft": draft}


def _url():
    return case_study_index_create().url + "vysledky/"


def _data():
    return dashboard.outcomes_dashboard_data(case_study_index_create().url)


def test_totals_use_the_latest_value_of_each_case_study(towns):
    data = _data()
    # Jihlava 12 (not 5 + 12), Tábor 4, Třebíč 3.
    assert data.households_housed.value == Decimal(19)
    assert data.households_housed.municipality_count == 3
    assert data.families_housed.value == Decimal(7)
    assert data.total("flats-provided").value == Decimal(26)
    assert data.municipality_count == 3
    assert data.case_study_count == 3


def test_non_cumulative_indicators_are_averaged(towns):
    total = _data().total("tenancy-sustainment-12m")
    assert total.is_average
    assert total.value == Decimal("87.5")


def test_drafts_never_count(towns):
    data = _data()
    assert data.households_housed.value == Decimal(19)
    praha = next(region for region in data.regions if region.code == Region.PRAHA)
    assert praha.households_housed is None  # no data, not 0
    assert praha.case_study_count == 0
    milestones = {milestone.slug: milestone.municipality_count for milestone in data.milestones}
    assert milestones["housing-first-running"] == 0


def test_milestone_counts_include_milestones_nobody_reached(towns):
    milestones = {milestone.slug: milestone.municipality_count for milestone in _data().milestones}
    assert milestones["crisis-flat"] == 2
    assert milestones["housing-need-mapped"] == 1
    assert milestones["goal-end-family-homelessness"] == 0
    assert len(milestones) == 8  # the catalogue: casestudies 0002's seven + housing concept


def test_over_time_series_sums_the_latest_value_at_each_year_end(towns):
    series = [(point.year, point.value) for point in _data().over_time]
    # 2022: Jihlava 5; 2023: Jihlava 5 + Tábor 4; 2024: Jihlava 12 + Tábor 4 + Třebíč 3.
    assert series == [(2022, 5), (2023, 9), (2024, 19)]


def test_totals_at_year_ends_without_values_is_empty():
    assert dashboard.totals_at_year_ends({}) == []


def test_latest_value_on_a_date():
    points = [(date(2022, 1, 1), Decimal(5)), (date(2024, 1, 1), Decimal(12))]
    assert dashboard.latest_value(points) == 12
    assert dashboard.latest_value(points, on_or_before=date(2023, 12, 31)) == 5
    assert dashboard.latest_value(points, on_or_before=date(2021, 12, 31)) is None


def test_region_totals_cover_all_fourteen_regions(towns):
    regions = {region.code: region for region in _data().regions}
    assert len(regions) == 14
    assert regions[Region.VYSOCINA].households_housed == 15
    assert regions[Region.VYSOCINA].case_study_count == 2
    assert regions[Region.JIHOCESKY].households_housed == 4
    assert regions[Region.MORAVSKOSLEZSKY].households_housed is None
    assert not regions[Region.MORAVSKOSLEZSKY].has_data
    assert regions[Region.VYSOCINA].shade == dashboard.MAP_SHADES


def test_every_region_tile_links_to_the_filtered_list(client, towns):
    index_url = case_study_index_create().url
    html = client.get(_url()).content.decode()
    map_html = html[html.index('class="region-map"') :]
    for code, _label in Region.choices:
        assert f'href="{index_url}?kraj={code}"' in map_html
    assert ">Kraj Vysočina: 15 zabydlených domácností</span>" in html
    assert ">Moravskoslezský kraj: bez údajů</span>" in html


def test_tile_positions_are_unique_and_moravian_silesian_is_in_the_east():
    positions = list(dashboard.REGION_TILE_POSITIONS.values())
    assert len(set(positions)) == 14
    east = max(column for column, _row in positions)
    assert dashboard.REGION_TILE_POSITIONS[Region.MORAVSKOSLEZSKY][0] == east


def test_charts_are_accessible_images_with_tables(client, towns):
    html = client.get(_url()).content.decode()
    svgs = re.findall(r"<svg[^>]*>", html)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg
        for element_id in re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split():
            assert f'id="{element_id}"' in html
    assert html.count("<title id=") == 2
    assert html.count("<desc id=") == 2
    assert html.count("<caption") == 4
    assert "Jak ukazatele počítáme" in html
    assert html.count("<h1") == 1


def test_numbers_are_formatted_the_czech_way(client, home_page):
    case_study_create(values=[("households-housed", 1234, "2024-01-01")])
    html = client.get(_url()).content.decode()
    assert "1\xa0234" in html or "1 234" in html
    assert "1234.00" not in html
    # SVG coordinates keep the decimal point whatever the locale.
    assert re.search(r'<rect class="chart__bar" x="[\d.]+" y="[\d.]+"', html)


def test_geometry_scales_bars_to_the_axis():
    chart = dashboard.column_chart(
        [dashboard.SeriesPoint(2023, Decimal(10)), dashboard.SeriesPoint(2024, Decimal(20))]
    )
    first, second = chart.bars
    assert second.height == pytest.approx(first.height * 2, abs=0.2)
    assert [tick.value for tick in chart.ticks] == [0, 5, 10, 15, 20]


def test_shade_bins_split_the_range_into_whole_numbers():
    bins = dashboard.shade_bins(Decimal(12))
    assert [(b.minimum, b.maximum) for b in bins] == [(1, 3), (4, 6), (7, 9), (10, 12)]
    assert dashboard.shade_of(Decimal(0), bins) == 0
    assert dashboard.shade_of(Decimal(4), bins) == 2
    assert dashboard.shade_of(Decimal(12), bins) == 4
    assert [(b.minimum, b.maximum) for b in dashboard.shade_bins(Decimal(2))] == [(1, 1), (2, 2)]
    assert dashboard.shade_bins(Decimal(0)) == []


def test_anonymous_visitor_sees_the_dashboard(client, towns):
    response = client.get(_url())
    assert response.status_code == 200
    assert "Tajné Město" not in response.content.decode()


def test_logged_in_visitor_sees_the_dashboard(client, towns):
    client.force_login(UserFactory())
    assert client.get(_url()).status_code == 200


def test_empty_dashboard_renders(client, home_page):
    response = client.get(_url())
    assert response.status_code == 200
    assert response.context["dashboard"].over_time == []


def test_dashboard_in_english(client, towns):
    response = client.get("/en" + _url())
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()


# Wagtail finding and serving the page: 8 queries (pages on the path, site, view
# restrictions, navigation); the footer's required pages: 1; the dashboard: 6 (restrictions,
# case studies, organisations, values, indicators, milestones); the content-language check: 1
# at most; Wagtail's content localisation: the request's locale.
DASHBOARD_QUERY_BOUND = 17


@pytest.mark.parametrize("case_study_count", [3, 15])
def test_query_count_does_not_grow_with_case_studies(
    client, home_page, django_assert_max_num_queries, case_study_count
):
    for number in range(case_study_count):
        case_study_create(
            organisation=OrganisationFactory(region=Region.choices[number % 14][0]),
            values=[
                ("households-housed", number, "2023-01-01"),
                ("households-housed", number + 1, "2024-01-01"),
                ("flats-provided", number, "2024-01-01"),
            ],
            milestones=[("crisis-flat", "2023-01-01")],
        )
    client.get(_url())  # warm caches (site root paths, content types)
    with django_assert_max_num_queries(DASHBOARD_QUERY_BOUND):
        assert client.get(_url()).status_code == 200
