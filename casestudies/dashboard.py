"""The outcomes dashboard: what all published case studies achieved together.

`outcomes_dashboard_data()` is the one read: it runs five queries whatever the number of case
studies (view restrictions, case studies, indicator values, indicator catalogue, milestone
counts). Everything else here is a pure function over plain values (the aggregation and the
geometry of the server-rendered SVG charts), so it can be tested without a database.

Totals never add up every dated value: a case study's indicator counts with its latest value
(by `measured_on`), because the values are running totals "since the programme started".
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from accounts.regions import Region
from casestudies import queries
from casestudies.models import CaseStudyIndicatorValue, IndicatorDefinition, MilestoneDefinition

# A point of an indicator of one case study: (measured_on, value), oldest first.
Point = tuple[date, Decimal]

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


# --- aggregation ------------------------------------------------------------------------


def latest_value(points: list[Point], on_or_before: date | None = None) -> Decimal | None:
    """The newest value of `points` (oldest first), optionally as known on a date."""
    found = None
    for measured_on, value in points:
        if on_or_before is not None and measured_on > on_or_before:
            break
        found = value
    return found


@dataclass(frozen=True)
class IndicatorTotal:
    indicator: IndicatorDefinition
    value: Decimal | None  # sum of latest values, or their average when not cumulative
    case_study_count: int  # how many case studies report the indicator

    @property
    def is_average(self) -> bool:
        return not self.indicator.is_cumulative


def indicator_totals(
    indicators: list[IndicatorDefinition], points_by_slug: dict[str, dict[int, list[Point]]]
) -> list[IndicatorTotal]:
    """Per indicator of the catalogue: the sum of the case studies' latest values, or their
    average (to one decimal place) for indicators that must not be added up (percentages)."""
    totals = []
    for indicator in indicators:
        latest = [
            value
            for points in points_by_slug.get(indicator.slug, {}).values()
            if (value := latest_value(points)) is not None
        ]
        if not latest:
            value = None
        elif indicator.is_cumulative:
            value = sum(latest, Decimal(0))
        else:
            value = (sum(latest, Decimal(0)) / len(latest)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
        totals.append(IndicatorTotal(indicator, value, len(latest)))
    return totals


@dataclass(frozen=True)
class SeriesPoint:
    year: int
    value: Decimal


def totals_at_year_ends(points_by_page: dict[int, list[Point]]) -> list[SeriesPoint]:
    """For every year from the first measurement to the last: the sum over case studies of
    their latest value on or before 31 December of that year.

    Year ends rather than every distinct measurement date: municipalities measure on
    different days, so a point per date would give as many uneven, crowded bars as there
    are measurements; year ends are evenly spaced, few, and match annual reports. The last
    year counts the values measured so far."""
    dates = [measured_on for points in points_by_page.values() for measured_on, _ in points]
    if not dates:
        return []
    series = []
    for year in range(min(dates).year, max(dates).year + 1):
        year_end = date(year, 12, 31)
        total = Decimal(0)
        for points in points_by_page.values():
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
    households_housed: Decimal
    case_study_count: int
    list_url: str  # the case-study list filtered by the region
    column: int = 0
    row: int = 0
    shade: int = 0  # 0 = no households housed, 1 … MAP_SHADES = the most

    @property
    def households_count(self) -> int:
        """The whole number for choosing the plural form ("4 zabydlené domácnosti")."""
        return int(self.households_housed)


def region_totals(
    region_by_page: dict[int, str], households_by_page: dict[int, list[Point]], index_url: str
) -> list[RegionTotal]:
    """All 14 regions in the order of Region (zeros included). Case studies of organisations
    without a region count in the totals but in no region."""
    households: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for page_id, region in region_by_page.items():
        counts[region] += 1
        value = latest_value(households_by_page.get(page_id, []))
        if value is not None:
            households[region] += value
    bins = shade_bins(max([*households.values(), Decimal(0)]))
    return [
        RegionTotal(
            code=code,
            label=str(label),
            short_label=REGION_SHORT_LABELS[code],
            households_housed=households[code],
            case_study_count=counts[code],
            list_url=f"{index_url}?kraj={code}",
            column=REGION_TILE_POSITIONS[code][0],
            row=REGION_TILE_POSITIONS[code][1],
            shade=shade_of(households[code], bins),
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
    milestones: list[MilestoneDefinition]  # each annotated with `case_study_count`
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
    def flats_provided(self) -> IndicatorTotal | None:
        return self.total(queries.FLATS_PROVIDED)


def outcomes_dashboard_data(index_url: str) -> OutcomesDashboard:
    """Everything the dashboard shows, over all published case studies, in five queries.
    `index_url` is the case-study list the region tiles link to (with ?kraj=CODE)."""
    published = queries.published_case_studies()  # runs the view-restriction query
    region_by_page: dict[int, str] = {}
    organisations = set()
    for page_id, organisation_id, region in published.values_list(
        "pk", "organisation_id", "organisation__region"
    ):
        organisations.add(organisation_id)
        region_by_page[page_id] = region

    points_by_slug: dict[str, dict[int, list[Point]]] = defaultdict(lambda: defaultdict(list))
    values = (
        CaseStudyIndicatorValue.objects.filter(page_id__in=published.values("pk"))
        .order_by("measured_on")
        .values_list("page_id", "indicator__slug", "measured_on", "value")
    )
    for page_id, slug, measured_on, value in values:
        points_by_slug[slug][page_id].append((measured_on, value))

    milestones = list(
        MilestoneDefinition.objects.annotate(
            case_study_count=Count(
                "achievements__page",
                filter=Q(achievements__page_id__in=published.values("pk")),
                distinct=True,
            )
        )
    )
    households = points_by_slug.get(queries.HOUSEHOLDS_HOUSED, {})
    over_time = totals_at_year_ends(households)
    regions = region_totals(
        {page: region for page, region in region_by_page.items() if region}, households, index_url
    )
    bins = shade_bins(max([region.households_housed for region in regions] or [Decimal(0)]))
    return OutcomesDashboard(
        case_study_count=len(region_by_page),
        municipality_count=len(organisations),
        totals=indicator_totals(list(IndicatorDefinition.objects.all()), points_by_slug),
        milestones=milestones,
        over_time=over_time,
        over_time_chart=column_chart(over_time),
        regions=regions,
        region_chart=bar_chart([(region.label, region.households_housed) for region in regions]),
        shade_bins=bins,
    )
