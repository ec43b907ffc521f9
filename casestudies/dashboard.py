"""The outcomes dashboard: what all published case studies achieved together.

`outcomes_dashboard_data()` is the one read: it runs six queries whatever the number of case
studies (view restrictions, case studies, organisations, indicator values, indicator
catalogue, milestone counts). Everything else here is a pure function over plain values (the aggregation and the
geometry of the server-rendered SVG charts), so it can be tested without a database.

Totals follow the one rule of `casestudies.queries`: per municipality, the newest value of each
indicator over all its live, public case studies; a municipality with two case studies counts
once. Regions and indicators without any value have no data (None), never 0.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from accounts.models import Organisation
from accounts.regions import Region
from casestudies import models as cs_models
from casestudies import queries
from roadmap.models import Milestone, MilestoneRecord

# A point of an indicator: (measured_on, value), oldest first.
Point = queries.Point

# Official short names of the regions (Czech Statistical Office), short enough for a tile.
REGION_SHORT_LABELS = {
    Region.PRAHA: "PHA",
    Region.STREDOCESKY: "STČ",
    Region.JIHOCESKY: "JHČ",
    Region.PLZENSKY: "PLK",
    Region.KARLOVARSKY: "KVK",
    Region.USTECKY: "ULK",
    Region.LIBERECKY: "LBK",
    Region.KRALOVEHRADECKY: "HKK",
    Region.PARDUBICKY: "PAK",
    Region.VYSOCINA: "VYS",
    Region.JIHOMORAVSKY: "JHM",
    Region.OLOMOUCKY: "OLK",
    Region.ZLINSKY: "ZLK",
    Region.MORAVSKOSLEZSKY: "MSK",
}

# (column, row) of each region in a 6 × 3 tile grid, from the regions' rough centres:
# the north (Ústí, Liberec, Hradec) above Praha, Středočeský and Pardubice; the south
# (Plzeň, České Budějovice, Vysočina, Brno, Zlín) below Karlovy Vary … Olomouc.
REGION_TILE_POSITIONS = {
    Region.USTECKY: (2, 1),
    Region.LIBERECKY: (3, 1),
    Region.KRALOVEHRADECKY: (4, 1),
    Region.KARLOVARSKY: (1, 2),
    Region.PRAHA: (2, 2),
    Region.STREDOCESKY: (3, 2),
    Region.PARDUBICKY: (4, 2),
    Region.OLOMOUCKY: (5, 2),
    Region.MORAVSKOSLEZSKY: (6, 2),
    Region.PLZENSKY: (1, 3),
    Region.JIHOCESKY: (2, 3),
    Region.VYSOCINA: (3, 3),
    Region.JIHOMORAVSKY: (4, 3),
    Region.ZLINSKY: (5, 3),
}
MAP_SHADES = 4
HEADLINE_TOTALS = (queries.HOUSEHOLDS_HOUSED, queries.FAMILIES_HOUSED)


# --- aggregation ------------------------------------------------------------------------
#
# The rule (casestudies.queries): per municipality, the newest value of each indicator over
# all its live, public case studies; municipalities without a value have no data.

latest_value = queries.latest_value

# organisation id → indicator id → points, oldest first (queries.series_by_municipality).
SeriesByMunicipality = dict[int, dict[int, list[Point]]]


@dataclass(frozen=True)
class IndicatorTotal:
    indicator: cs_models.IndicatorDefinition
    value: Decimal | None  # sum of municipalities' values, or their average; None = no data
    municipality_count: int  # how many municipalities report the indicator
    per_thousand: Decimal | None = None  # per 1,000 inhabitants of the reporting municipalities
    population_years: tuple[int, ...] = ()  # reference years of those populations

    @property
    def is_average(self) -> bool:
        return not self.indicator.is_cumulative


def indicator_totals(
    indicators: list[cs_models.IndicatorDefinition],
    series: SeriesByMunicipality,
    populations: dict[int, tuple[int | None, int | None]],
) -> list[IndicatorTotal]:
    """Per indicator of the catalogue: the sum of the municipalities' values, or their
    average (to one decimal place) for indicators that must not be added up (percentages,
    durations). `populations`: organisation id → (population, reference year).

    Per 1,000 inhabitants: the sum of the values of municipalities with a known population
    divided by the sum of their populations (municipalities without one are left out of
    both), for counts only."""
    totals = []
    for indicator in indicators:
        latest = {
            organisation_id: value
            for organisation_id, by_indicator in series.items()
            if (value := latest_value(by_indicator.get(indicator.pk, []))) is not None
        }
        values = list(latest.values())
        per_thousand = None
        years: set[int] = set()
        if not values:
            value = None
        elif indicator.is_cumulative:
            value = sum(values, Decimal(0))
        else:
            value = (sum(values, Decimal(0)) / len(values)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
        if values and indicator.is_countable_per_inhabitant:
            counted = Decimal(0)
            inhabitants = 0
            for organisation_id, organisation_value in latest.items():
                population, year = populations.get(organisation_id, (None, None))
                if population:
                    counted += organisation_value
                    inhabitants += population
                    if year:
                        years.add(year)
            per_thousand = queries.per_thousand(counted, inhabitants) if inhabitants else None
        totals.append(
            IndicatorTotal(indicator, value, len(values), per_thousand, tuple(sorted(years)))
        )
    return totals


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    value: Decimal


def totals_at_year_ends(points_by_municipality: dict[int, list[Point]]) -> list[SeriesPoint]:
    """For every year from the first measurement to the last: the sum over municipalities of
    their newest value on or before 31 December of that year.

    Year ends rather than every distinct measurement date: municipalities measure on
    different days, so a point per date would give as many uneven, crowded bars as there
    are measurements; year ends are evenly spaced, few, and match annual reports. The last
    year counts the values measured so far."""
    dates = [measured_on for points in points_by_municipality.values() for measured_on, _ in points]
    if not dates:
        return []
    series = []
    for year in range(min(dates).year, max(dates).year + 1):
        year_end = date(year, 12, 31)
        total = Decimal(0)
        for points in points_by_municipality.values():
            value = latest_value(points, on_or_before=year_end)
            if value is not None:
                total += value
        series.append(SeriesPoint(year, total))
    return series


@dataclass(frozen=True)
class RegionTotal:
    code: str
    label: str
    short_label: str
    households_housed: Decimal | None  # None: no municipality of the region reports it
    case_study_count: int
    list_url: str  # the case-study list filtered by the region
    column: int = 0
    row: int = 0
    shade: int = 0  # 0 = 0 households housed, 1 … MAP_SHADES = the most; see has_data

    @property
    def has_data(self) -> bool:
        return self.households_housed is not None

    @property
    def households_count(self) -> int:
        """The whole number for choosing the plural form ("4 zabydlené domácnosti")."""
        return int(self.households_housed or 0)


def region_totals(
    region_by_municipality: dict[int, str],
    households_by_municipality: dict[int, list[Point]],
    case_studies_by_region: dict[str, int],
    index_url: str,
) -> list[RegionTotal]:
    """All 14 regions in the order of Region: the sum of the newest households-housed value
    of each municipality of the region, None where none of them reports one (no data)."""
    households: dict[str, Decimal] = {}
    for organisation_id, region in region_by_municipality.items():
        value = latest_value(households_by_municipality.get(organisation_id, []))
        if value is not None:
            households[region] = households.get(region, Decimal(0)) + value
    bins = shade_bins(max([*households.values(), Decimal(0)]))
    return [
        RegionTotal(
            code=code,
            label=str(label),
            short_label=REGION_SHORT_LABELS[code],
            households_housed=households.get(code),
            case_study_count=case_studies_by_region.get(code, 0),
            list_url=f"{index_url}?kraj={code}",
            column=REGION_TILE_POSITIONS[code][0],
            row=REGION_TILE_POSITIONS[code][1],
            shade=shade_of(households.get(code, Decimal(0)), bins),
        )
        for code, label in Region.choices
    ]


@dataclass(frozen=True)
class ShadeBin:
    shade: int
    minimum: int
    maximum: int


def shade_bins(maximum: Decimal, shades: int = MAP_SHADES) -> list[ShadeBin]:
    """Equal ranges of whole numbers from 1 to `maximum`, at most `shades` of them (fewer when
    the maximum is small: with a maximum of 2 there are two ranges, "1" and "2")."""
    top = math.ceil(maximum)
    if top <= 0:
        return []
    step = math.ceil(top / shades)
    bins = []
    for index in range(shades):
        low = index * step + 1
        if low > top:
            break
        bins.append(ShadeBin(index + 1, low, (index + 1) * step))
    return bins


def shade_of(value: Decimal, bins: list[ShadeBin]) -> int:
    for shade_bin in bins:
        if value <= shade_bin.maximum:
            return shade_bin.shade if value > 0 else 0
    return bins[-1].shade if bins and value > 0 else 0


# --- chart geometry ---------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    """A value on the axis: its grid line (x1, y1 → x2, y2) and where its label goes."""

    value: Decimal
    x1: float
    y1: float
    x2: float
    y2: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: float
    y: float
    width: float
    height: float
    label_x: float  # where the value is written
    label_y: float
    category_x: float  # where the category (year, region) is written
    category_y: float


@dataclass
class Chart:
    """An SVG chart in user units of its viewBox (0 0 width height)."""

    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    axis_title_x: float = 0
    axis_title_y: float = 0

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def nice_axis(maximum: Decimal, tick_count: int = 4) -> tuple[Decimal, Decimal]:
    """(axis maximum, tick step): a step of 1, 2 or 5 × 10ⁿ (at least 1, values are whole
    numbers) so that `tick_count` steps reach `maximum`."""
    if maximum <= 0:
        return Decimal(tick_count), Decimal(1)
    raw = float(maximum) / tick_count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, step)
    return Decimal(step * math.ceil(float(maximum) / step)), Decimal(step)


def _round(value: float) -> float:
    return round(value, 1)


def column_chart(points: list[SeriesPoint], width: int = 640, height: int = 320) -> Chart:
    """A vertical bar per point (years left to right), ticks on the left, value above a bar."""
    chart = Chart(
        width, height, plot_left=64, plot_right=width - 16, plot_top=28, plot_bottom=height - 64
    )
    chart.axis_title_x = (chart.plot_left + chart.plot_right) / 2
    chart.axis_title_y = height - 12
    axis_max, step = nice_axis(max([point.value for point in points] or [Decimal(0)]))
    plot_height = chart.plot_bottom - chart.plot_top
    value = Decimal(0)
    while value <= axis_max:
        y = _round(chart.plot_bottom - plot_height * float(value / axis_max))
        chart.ticks.append(
            Tick(value, chart.plot_left, y, chart.plot_right, y, chart.plot_left - 8, y + 5)
        )
        value += step
    if not points:
        return chart
    band = (chart.plot_right - chart.plot_left) / len(points)
    bar_width = min(band * 0.6, 72)
    for index, point in enumerate(points):
        bar_height = plot_height * float(point.value / axis_max)
        centre = chart.plot_left + band * (index + 0.5)
        top = chart.plot_bottom - bar_height
        chart.bars.append(
            Bar(
                label=str(point.year),
                value=point.value,
                x=_round(centre - bar_width / 2),
                y=_round(top),
                width=_round(bar_width),
                height=_round(bar_height),
                label_x=_round(centre),
                label_y=_round(top - 8),
                category_x=_round(centre),
                category_y=_round(chart.plot_bottom + 22),
            )
        )
    return chart


def bar_chart(rows: list[tuple[str, Decimal]], width: int = 640, row_height: int = 30) -> Chart:
    """A horizontal bar per (label, value), labels on the left, value after the bar, ticks
    along the bottom."""
    height = 16 + row_height * len(rows) + 60
    chart = Chart(
        width,
        height,
        plot_left=180,
        plot_right=width - 56,
        plot_top=16,
        plot_bottom=16 + row_height * len(rows),
    )
    chart.axis_title_x = (chart.plot_left + chart.plot_right) / 2
    chart.axis_title_y = height - 8
    axis_max, step = nice_axis(max([value for _, value in rows] or [Decimal(0)]))
    plot_width = chart.plot_right - chart.plot_left
    value = Decimal(0)
    while value <= axis_max:
        x = _round(chart.plot_left + plot_width * float(value / axis_max))
        chart.ticks.append(
            Tick(value, x, chart.plot_top, x, chart.plot_bottom, x, chart.plot_bottom + 20)
        )
        value += step
    bar_height = row_height * 0.64
    for index, (label, value) in enumerate(rows):
        bar_width = plot_width * float(value / axis_max)
        middle = chart.plot_top + row_height * (index + 0.5)
        chart.bars.append(
            Bar(
                label=label,
                value=value,
                x=chart.plot_left,
                y=_round(middle - bar_height / 2),
                width=_round(bar_width),
                height=_round(bar_height),
                label_x=_round(chart.plot_left + bar_width + 6),
                label_y=_round(middle + 5),
                category_x=chart.plot_left - 8,
                category_y=_round(middle + 5),
            )
        )
    return chart


# --- the one read -----------------------------------------------------------------------


@dataclass
class OutcomesDashboard:
    case_study_count: int
    municipality_count: int
    totals: list[IndicatorTotal]
    milestones: list[Milestone]  # each annotated with `municipality_count`
    over_time: list[SeriesPoint]
    over_time_chart: Chart
    regions: list[RegionTotal]
    region_chart: Chart
    shade_bins: list[ShadeBin]

    def total(self, slug: str) -> IndicatorTotal | None:
        return next((total for total in self.totals if total.indicator.slug == slug), None)

    @property
    def households_housed(self) -> IndicatorTotal | None:
        return self.total(queries.HOUSEHOLDS_HOUSED)

    @property
    def families_housed(self) -> IndicatorTotal | None:
        return self.total(queries.FAMILIES_HOUSED)

    @property
    def headline_totals(self) -> list[IndicatorTotal]:
        return [total for slug in HEADLINE_TOTALS if (total := self.total(slug)) is not None]

    @property
    def indicators(self) -> list[cs_models.IndicatorDefinition]:
        return [total.indicator for total in self.totals]

    @property
    def regions_without_data(self) -> list[RegionTotal]:
        return [region for region in self.regions if not region.has_data]


def outcomes_dashboard_data(index_url: str) -> OutcomesDashboard:
    """Everything the dashboard shows, over all published case studies, in six queries
    (view restrictions, case studies, organisations, values, indicators, milestones).
    `index_url` is the case-study list the region tiles link to (with ?kraj=CODE)."""
    published = queries.published_case_studies()  # runs the view-restriction query
    case_studies_by_region: dict[str, int] = defaultdict(int)
    case_study_count = 0
    for (region,) in published.values_list("organisation__region"):
        case_study_count += 1
        if region:
            case_studies_by_region[region] += 1
    organisations = list(Organisation.objects.filter(pk__in=published.values("organisation_id")))
    populations = {
        organisation.pk: (organisation.population, queries.population_year(organisation))
        for organisation in organisations
    }
    series = queries.series_by_municipality(queries.measurements(published.values("pk")))
    indicators = list(cs_models.IndicatorDefinition.objects.all())
    milestones = list(
        # The roadmap's met records of the municipalities with a published case study.
        Milestone.objects.annotate(
            municipality_count=Count(
                "records__organisation",
                filter=Q(
                    records__status=MilestoneRecord.Status.MET,
                    records__organisation_id__in=published.values("organisation_id"),
                ),
                distinct=True,
            )
        )
    )
    households_id = next(
        (item.pk for item in indicators if item.slug == queries.HOUSEHOLDS_HOUSED), None
    )
    households = {
        organisation_id: by_indicator[households_id]
        for organisation_id, by_indicator in series.items()
        if households_id in by_indicator
    }
    over_time = totals_at_year_ends(households)
    regions = region_totals(
        {item.pk: item.region for item in organisations if item.region},
        households,
        case_studies_by_region,
        index_url,
    )
    bins = shade_bins(
        max([region.households_housed or Decimal(0) for region in regions] or [Decimal(0)])
    )
    return OutcomesDashboard(
        case_study_count=case_study_count,
        municipality_count=len(organisations),
        totals=indicator_totals(indicators, series, populations),
        milestones=milestones,
        over_time=over_time,
        over_time_chart=column_chart(over_time),
        regions=regions,
        region_chart=bar_chart(
            [(region.label, region.households_housed) for region in regions if region.has_data]
        ),
        shade_bins=bins,
    )
