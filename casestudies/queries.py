"""Every read of case-study data: filtering, latest values, totals, peers.

Views, exports, the API and the dashboard call these functions; none of them queries the
models on its own, so the numbers agree wherever they are shown. Each function runs a fixed
number of SQL queries whatever the number of case studies.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from accounts.regions import Region
from casestudies import models as cs_models
from core.locales import localized
from roadmap.models import Milestone, MilestoneRecord

# A case study shows its municipality's milestones: the roadmap's met records (one source of
# truth, recorded by the town's advisers).
MET = MilestoneRecord.Status.MET

HOUSEHOLDS_HOUSED = "households-housed"
FLATS_PROVIDED = "flats-provided"  # flats whose kind the source does not give
FAMILIES_HOUSED = "families-with-children-housed"
CRISIS_FLATS = "crisis-flats"
SOCIAL_FLATS = "social-flats"
AFFORDABLE_FLATS = "affordable-flats"
SOCIAL_OR_AFFORDABLE_FLATS = "social-or-affordable-flats"
HOUSING_FIRST_FLATS = "housing-first-flats"

# A dated value: (measured_on, value).
Point = tuple[date, Decimal]
PER_INHABITANTS = 1000


@dataclass(frozen=True)
class PopulationBand:
    slug: str
    label: str
    minimum: int
    maximum: int | None  # exclusive; None = no upper bound

    def contains(self, population: int | None) -> bool:
        if population is None:
            return False
        return population >= self.minimum and (self.maximum is None or population < self.maximum)


POPULATION_BANDS = [
    PopulationBand("do-10-tisic", _("do 10 000 obyvatel"), 0, 10_000),
    PopulationBand("10-az-50-tisic", _("10 000 až 50 000"), 10_000, 50_000),
    PopulationBand("50-az-100-tisic", _("50 000 až 100 000"), 50_000, 100_000),
    PopulationBand("nad-100-tisic", _("nad 100 000"), 100_000, None),
]
POPULATION_BANDS_BY_SLUG = {band.slug: band for band in POPULATION_BANDS}


def population_band(population: int | None) -> PopulationBand | None:
    return next((band for band in POPULATION_BANDS if band.contains(population)), None)


def published_case_studies():
    """Case studies anyone may read: live, without view restrictions, each once in the
    interface's language (core.locales)."""
    return localized(cs_models.CaseStudyPage.objects.live().public())


def latest_value_subquery(indicator_slug: str):
    """The newest value of one indicator for the outer case study (for annotate/filter): the
    rule of `latest_point` below, written in SQL for sorting and filtering in the database."""
    return Subquery(
        cs_models.CaseStudyIndicatorValue.objects.filter(
            page=OuterRef("pk"), indicator__slug=indicator_slug
        )
        .order_by("-measured_on")
        .values("value")[:1]
    )


# --- the one rule for aggregation ------------------------------------------------------
#
# Per municipality, the newest value of each indicator over all its live, public case
# studies. Values are running totals ("since the programme started", "flats the town has"),
# so a municipality's figure is its newest one, never a sum of its case studies. When two case
# studies of one town report the same indicator on the same date, the case study published
# later wins (then the higher page id). Totals over municipalities add these newest values
# (or average them, for indicators that must not be added up). A municipality without any
# value of an indicator has no data, which is never shown or exported as 0.


@dataclass(frozen=True)
class Measurement:
    organisation_id: int
    page_id: int
    indicator_id: int
    measured_on: date
    value: Decimal


def measurements(pages) -> list[Measurement]:
    """Every value of the given case studies (a queryset of pages, or their ids), in the
    order of the rule: oldest first; on the same date, the case study published earlier
    first (one query)."""
    if not isinstance(pages, QuerySet):
        pages = list(pages)
    rows = (
        cs_models.CaseStudyIndicatorValue.objects.filter(page_id__in=pages)
        .order_by("measured_on", "page__first_published_at", "page_id", "pk")
        .values_list("page__organisation_id", "page_id", "indicator_id", "measured_on", "value")
    )
    return [Measurement(*row) for row in rows]


def series_by_municipality(items: list[Measurement]) -> dict[int, dict[int, list[Point]]]:
    """organisation id → indicator id → its points over all its case studies, oldest first
    (the last point is the municipality's value under the rule)."""
    result: dict[int, dict[int, list[Point]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        result[item.organisation_id][item.indicator_id].append((item.measured_on, item.value))
    return result


def latest_point(points: list[Point], on_or_before: date | None = None) -> Point | None:
    """The newest (date, value) of `points` (ordered as `measurements` orders them: the last
    one wins), optionally as known on a date; None when there is none (no data). The one
    "latest value" rule in Python; `latest_value_subquery` is its SQL form."""
    found = None
    for point in points:
        if on_or_before is not None and point[0] > on_or_before:
            break
        found = point
    return found


def latest_value(points: list[Point], on_or_before: date | None = None) -> Decimal | None:
    """The value of `latest_point`; None when there is none."""
    point = latest_point(points, on_or_before)
    return point[1] if point is not None else None


def latest_by_municipality(items: list[Measurement]) -> dict[int, dict[int, Point]]:
    """organisation id → indicator id → its newest point under the rule."""
    return {
        organisation_id: {
            indicator_id: latest_point(points) for indicator_id, points in series.items()
        }
        for organisation_id, series in series_by_municipality(items).items()
    }


def latest_by_page(items: list[Measurement]) -> dict[int, dict[int, Point]]:
    """page id → indicator id → the newest point of that one case study."""
    series: dict[int, dict[int, list[Point]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        series[item.page_id][item.indicator_id].append((item.measured_on, item.value))
    return {
        page_id: {indicator_id: latest_point(points) for indicator_id, points in by_id.items()}
        for page_id, by_id in series.items()
    }


def population_year(organisation) -> int | None:
    """The year the organisation's population figure is from, when recorded."""
    return organisation.population_year


def per_thousand(value: Decimal | None, population: int | None) -> Decimal | None:
    """`value` per 1,000 inhabitants to two decimal places; None without a value or a
    population (no data, not 0)."""
    if value is None or not population:
        return None
    return (Decimal(value) * PER_INHABITANTS / population).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass
class CaseStudyFilters:
    """Filters of the listing, the exports and the API (already validated)."""

    regions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    bands: list[str] = field(default_factory=list)
    milestones: list[str] = field(default_factory=list)
    indicator: str = ""
    indicator_minimum: Decimal | None = None
    organisations: list[str] = field(default_factory=list)


def filter_case_studies(queryset, filters: CaseStudyFilters):
    if filters.regions:
        queryset = queryset.filter(organisation__region__in=filters.regions)
    if filters.organisations:
        queryset = queryset.filter(organisation__slug__in=filters.organisations)
    if filters.topics:
        # Every chosen topic must be used (narrowing, as people expect of checkboxes of tools).
        for slug in filters.topics:
            queryset = queryset.filter(topics__slug=slug)
    if filters.bands:
        band_filter = Q()
        for slug in filters.bands:
            band = POPULATION_BANDS_BY_SLUG[slug]
            condition = Q(organisation__population__gte=band.minimum)
            if band.maximum is not None:
                condition &= Q(organisation__population__lt=band.maximum)
            band_filter |= condition
        queryset = queryset.filter(band_filter)
    for slug in filters.milestones:
        # One join per milestone: every chosen milestone must be met by the town.
        queryset = queryset.filter(
            organisation__milestone_records__milestone__slug=slug,
            organisation__milestone_records__status=MET,
        )
    if filters.indicator and filters.indicator_minimum is not None:
        queryset = queryset.annotate(
            _threshold_value=latest_value_subquery(filters.indicator)
        ).filter(_threshold_value__gte=filters.indicator_minimum)
    return queryset.distinct()


SORTS = {
    "nazev": ("title",),
    "nejnovejsi": ("-first_published_at",),
    "obyvatel": ("-organisation__population", "title"),
    # Case studies without the value go last on every database (PostgreSQL puts NULL first).
    "zabydleno": (F("households_housed_latest").desc(nulls_last=True), "title"),
}


def listing_queryset(filters: CaseStudyFilters, sort: str = "nazev"):
    """Published case studies matching the filters, with what the list shows, in one query
    plus one for topics."""
    queryset = filter_case_studies(published_case_studies(), filters)
    queryset = (
        queryset.select_related("organisation")
        .prefetch_related("topics")
        .annotate(
            households_housed_latest=latest_value_subquery(HOUSEHOLDS_HOUSED),
            milestone_count=Count(
                "organisation__milestone_records",
                filter=Q(organisation__milestone_records__status=MET),
                distinct=True,
            ),
        )
    )
    return queryset.order_by(*SORTS.get(sort, SORTS["nazev"]))


def facet_counts(filters: CaseStudyFilters) -> dict:
    """How many published case studies each region, topic and milestone has within the
    other filters (so a person sees where a click will lead)."""
    base = published_case_studies()

    def without(**changes):
        # order_by(): no page ordering may sneak into the GROUP BY of the counts.
        return filter_case_studies(
            base, CaseStudyFilters(**{**filters.__dict__, **changes})
        ).order_by()

    regions = dict(
        without(regions=[])
        .values_list("organisation__region")
        .annotate(n=Count("pk", distinct=True))
    )
    topics = dict(
        without(topics=[]).values_list("topics__slug").annotate(n=Count("pk", distinct=True))
    )
    # Per milestone, the case studies (within the other filters) whose town met it.
    milestones = dict(
        MilestoneRecord.objects.met()
        .filter(organisation__case_studies__in=without(milestones=[]).values("pk"))
        .values_list("milestone__slug")
        .annotate(n=Count("organisation__case_studies", distinct=True))
        .order_by()
    )
    return {"regions": regions, "topics": topics, "milestones": milestones}


@dataclass
class IndicatorSeries:
    indicator: cs_models.IndicatorDefinition
    points: list[tuple[date, Decimal]]  # oldest first
    population: int | None = None  # of the case study's municipality, for the rate
    notes: dict[date, str] = field(default_factory=dict)  # editors' notes by date

    @property
    def latest(self) -> Point | None:
        return latest_point(self.points)

    @property
    def latest_note(self) -> str:
        """The note on the newest value (e.g. a programme's rules)."""
        return self.notes.get(self.latest[0], "") if self.points else ""

    @property
    def latest_per_thousand(self) -> Decimal | None:
        if not self.points or not self.indicator.is_countable_per_inhabitant:
            return None
        return per_thousand(self.latest[1], self.population)

    def add(self, item: cs_models.CaseStudyIndicatorValue) -> None:
        """Append a value (callers go oldest first)."""
        self.points.append((item.measured_on, item.value))
        if item.note:
            self.notes[item.measured_on] = item.note


def indicator_series_by_page(page_ids) -> dict[int, list[IndicatorSeries]]:
    """All values of the given case studies, grouped per page and indicator (one query)."""
    values = (
        cs_models.CaseStudyIndicatorValue.objects.filter(page_id__in=list(page_ids))
        .select_related("indicator", "page__organisation")
        .only("page__organisation__population", "indicator", "measured_on", "value", "note")
        .order_by("indicator__sort_order", "indicator__name", "measured_on")
    )
    grouped: dict[int, dict[int, IndicatorSeries]] = defaultdict(dict)
    for item in values:
        series = grouped[item.page_id].setdefault(
            item.indicator_id,
            IndicatorSeries(
                indicator=item.indicator, points=[], population=item.page.organisation.population
            ),
        )
        series.add(item)
    return {page_id: list(by_indicator.values()) for page_id, by_indicator in grouped.items()}


def milestones_by_page(page_ids) -> dict[int, dict[int, date]]:
    """milestone id → date met by the page's municipality, per page (one query)."""
    result: dict[int, dict[int, date]] = defaultdict(dict)
    for page_id, milestone_id, reached_on in (
        MilestoneRecord.objects.met()
        .filter(organisation__case_studies__in=list(page_ids))
        .values_list("organisation__case_studies", "milestone_id", "reached_on")
    ):
        result[page_id][milestone_id] = reached_on
    return result


SAME_BAND_SCORE = 4
SAME_REGION_SCORE = 2


@dataclass(frozen=True)
class Likeness:
    """What similarity between municipalities is judged on."""

    population: int | None
    region: str
    topic_ids: frozenset
    milestone_ids: frozenset


def similarity_score(own: Likeness, other: Likeness) -> tuple[int, list[str]]:
    """The one rule for "peers like mine": same population band +4, same region +2, +1 for
    each shared tool and each shared milestone; with the reasons shown to people."""
    score = 0
    reasons: list = []
    band = population_band(own.population)
    if band is not None and band.contains(other.population):
        score += SAME_BAND_SCORE
        reasons.append(_("podobná velikost"))
    if own.region and own.region == other.region:
        score += SAME_REGION_SCORE
        reasons.append(_("stejný kraj"))
    shared_topics = own.topic_ids & other.topic_ids
    shared_milestones = own.milestone_ids & other.milestone_ids
    score += len(shared_topics) + len(shared_milestones)
    if shared_topics:
        reasons.append(_("společné nástroje"))
    if shared_milestones:
        reasons.append(_("společné milníky"))
    return score, reasons


def met_milestone_ids(organisation_ids) -> dict[int, frozenset]:
    """organisation id → ids of the milestones it met (one query)."""
    result: dict[int, set] = defaultdict(set)
    for organisation_id, milestone_id in (
        MilestoneRecord.objects.met()
        .filter(organisation_id__in=list(organisation_ids))
        .values_list("organisation_id", "milestone_id")
    ):
        result[organisation_id].add(milestone_id)
    return {key: frozenset(value) for key, value in result.items()}


def peers(case_study: cs_models.CaseStudyPage, limit: int = 3) -> list[dict]:
    """The most similar other municipalities: population band first, then region, shared
    tools and milestones. A mayor of a town of 30,000 sees towns of that size first."""
    others = list(
        published_case_studies()
        .exclude(pk=case_study.pk)
        .exclude(organisation_id=case_study.organisation_id)
        .select_related("organisation")
        .prefetch_related("topics")
        .annotate(households_housed_latest=latest_value_subquery(HOUSEHOLDS_HOUSED))
    )
    met = met_milestone_ids([case_study.organisation_id, *(o.organisation_id for o in others)])
    own = Likeness(
        population=case_study.organisation.population,
        region=case_study.organisation.region,
        topic_ids=frozenset(topic.pk for topic in case_study.topics.all()),
        milestone_ids=met.get(case_study.organisation_id, frozenset()),
    )
    scored = []
    for other in others:
        score, reasons = similarity_score(
            own,
            Likeness(
                population=other.organisation.population,
                region=other.organisation.region,
                topic_ids=frozenset(topic.pk for topic in other.topics.all()),
                milestone_ids=met.get(other.organisation_id, frozenset()),
            ),
        )
        scored.append({"page": other, "score": score, "reasons": reasons})
    scored.sort(key=lambda item: (-item["score"], item["page"].title))
    return scored[:limit]


def case_study_detail_context(page: cs_models.CaseStudyPage) -> dict:
    """What a case study's page shows besides its own fields.

    Reads the page's own relations (not the tables) so that a preview shows the draft's values;
    the milestones are the municipality's roadmap records.
    """
    grouped: dict[int, IndicatorSeries] = {}
    population = page.organisation.population
    values = sorted(
        page.indicator_values.select_related("indicator"), key=lambda item: item.measured_on
    )
    for item in values:
        series = grouped.setdefault(
            item.indicator_id,
            IndicatorSeries(indicator=item.indicator, points=[], population=population),
        )
        series.add(item)
    indicator_series = sorted(
        grouped.values(), key=lambda series: (series.indicator.sort_order, series.indicator.name)
    )
    reached = dict(
        MilestoneRecord.objects.met()
        .filter(organisation_id=page.organisation_id)
        .values_list("milestone_id", "reached_on")
    )
    return {
        "indicator_series": indicator_series,
        "indicators": [series.indicator for series in indicator_series],
        "milestone_rows": [
            {"milestone": milestone, "reached_on": reached.get(milestone.pk)}
            for milestone in Milestone.objects.all()
        ],
        "peers": peers(page) if page.pk else [],
        "population_band": population_band(page.organisation.population),
        "region_label": Region(page.organisation.region).label if page.organisation.region else "",
    }
