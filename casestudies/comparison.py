"""Reads for comparing municipalities side by side and for a municipality's own page.

A municipality (accounts.Organisation) may have several published case studies; here they are
merged into one `MunicipalityProfile`: the newest value of each indicator over all of them, the
earliest date of each milestone, the union of tools, and the whole period. Drafts and pages
behind a view restriction never count (everything starts from `queries.published_case_studies`).

Every function runs a fixed number of SQL queries whatever the number of municipalities.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from accounts.models import Organisation
from casestudies import models as cs_models
from casestudies.queries import (
    HOUSEHOLDS_HOUSED,
    Likeness,
    PopulationBand,
    latest_by_municipality,
    latest_by_page,
    measurements,
    milestones_by_page,
    population_band,
    population_year,
    published_case_studies,
    similarity_score,
)
from casestudies.queries import per_thousand as queries_per_thousand
from roadmap.models import Milestone

MIN_COMPARED = 2
MAX_COMPARED = 4
# A municipality's page offers to compare it with its peers, so peers + itself fit the table.
PEER_LIMIT = MAX_COMPARED - 1

# The weights of queries.peers(): size matters most, then region, then each shared tool or
# milestone. Ties go to the closer population.

# A latest value: (measured_on, value).
Latest = tuple[date, Decimal]


@dataclass
class MunicipalityProfile:
    """One municipality with everything its published case studies say about it."""

    organisation: Organisation
    case_studies: list[cs_models.CaseStudyPage] = field(default_factory=list)  # newest period first
    topics: list = field(default_factory=list)  # core.Topic, by name
    milestones: dict[int, date] = field(default_factory=dict)  # milestone id → earliest date
    latest: dict[int, Latest] = field(default_factory=dict)  # indicator id → newest value
    latest_by_page: dict[int, dict[int, Latest]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.organisation.slug

    @property
    def primary_case_study(self) -> cs_models.CaseStudyPage:
        """The case study a municipality's name links to: the newest one."""
        return self.case_studies[0]

    @property
    def population_year(self) -> int | None:
        return population_year(self.organisation)

    @property
    def band(self) -> PopulationBand | None:
        return population_band(self.organisation.population)

    @property
    def period_start(self) -> date:
        return min(page.period_start for page in self.case_studies)

    @property
    def period_end(self) -> date | None:
        """None while any of its programmes still runs."""
        ends = [page.period_end for page in self.case_studies]
        return None if None in ends else max(ends)


@dataclass
class Cell:
    """One municipality's entry in a row of the comparison: a value, a date, or neither."""

    value: Decimal | None = None
    on: date | None = None
    per_thousand: Decimal | None = None  # per 1,000 inhabitants, for counts


@dataclass
class ComparisonRow:
    label: str
    unit: str = ""
    cells: list[Cell] = field(default_factory=list)
    indicator: cs_models.IndicatorDefinition | None = None  # None for milestone rows


@dataclass
class Comparison:
    municipalities: list[MunicipalityProfile]
    indicator_rows: list[ComparisonRow]
    milestone_rows: list[ComparisonRow]

    @property
    def indicators(self) -> list[cs_models.IndicatorDefinition]:
        return [row.indicator for row in self.indicator_rows]


@dataclass
class Peer:
    """A similar municipality, why it is similar, and what it achieved."""

    profile: MunicipalityProfile
    score: int
    reasons: list[str]
    households_housed: Latest | None = None


@dataclass
class Headline:
    indicator: cs_models.IndicatorDefinition
    value: Decimal
    on: date
    per_thousand: Decimal | None = None  # per 1,000 inhabitants, for counts

    @property
    def unit(self) -> str:
        return unit_label(self.indicator)


@dataclass
class CaseStudySummary:
    page: cs_models.CaseStudyPage
    headlines: list[Headline]


@dataclass
class MunicipalityPage:
    """What a municipality's page shows."""

    profile: MunicipalityProfile
    headlines: list[Headline]  # over all its case studies
    case_studies: list[CaseStudySummary]
    peers: list[Peer]

    @property
    def indicators(self) -> list[cs_models.IndicatorDefinition]:
        """The indicators its headlines show, for their definitions."""
        return [headline.indicator for headline in self.headlines]


def unit_label(indicator: cs_models.IndicatorDefinition) -> str:
    """The unit written after a value ("12 domácností", "85 %"); none for plain counts."""
    return (
        ""
        if indicator.unit == cs_models.IndicatorDefinition.Unit.COUNT
        else indicator.get_unit_display()
    )


# --- reads --------------------------------------------------------------------------------


def comparable_municipalities(published=None) -> list[tuple[str, str]]:
    """(slug, short name) of every municipality with a published case study, by name
    (one query, plus one for view restrictions when `published` is not given)."""
    published = published if published is not None else published_case_studies()
    return list(
        Organisation.objects.filter(pk__in=published.values("organisation_id"))
        .order_by("short_name", "slug")
        .values_list("slug", "short_name")
    )


def _topics_by_page(pages_subquery) -> dict[int, list]:
    """Topics per page (one query)."""
    result: dict[int, list] = defaultdict(list)
    through = cs_models.CaseStudyPage.topics.through.objects.filter(
        casestudypage_id__in=pages_subquery
    )
    for link in through.select_related("topic").order_by("topic__name"):
        result[link.casestudypage_id].append(link.topic)
    return result


def _profiles(pages) -> dict[str, MunicipalityProfile]:
    """Merge published case studies (with organisation) into profiles keyed by organisation
    slug: three queries for tools, milestones and values. A profile's values follow the one
    rule (queries.latest_by_municipality)."""
    pages = list(pages)
    page_ids = [page.pk for page in pages]
    if not page_ids:
        return {}
    topics = _topics_by_page(page_ids)
    milestones = milestones_by_page(page_ids)
    items = measurements(page_ids)
    by_municipality = latest_by_municipality(items)
    latest = latest_by_page(items)
    profiles: dict[str, MunicipalityProfile] = {}
    for page in pages:
        profile = profiles.setdefault(
            page.organisation.slug, MunicipalityProfile(organisation=page.organisation)
        )
        profile.case_studies.append(page)
        for topic in topics.get(page.pk, []):
            if topic not in profile.topics:
                profile.topics.append(topic)
        for milestone_id, reached_on in milestones.get(page.pk, {}).items():
            known = profile.milestones.get(milestone_id)
            if known is None or reached_on < known:
                profile.milestones[milestone_id] = reached_on
        profile.latest_by_page[page.pk] = latest.get(page.pk, {})
        profile.latest = by_municipality.get(page.organisation_id, {})
    for profile in profiles.values():
        profile.topics.sort(key=lambda topic: topic.name)
    return profiles


def _published_pages(published):
    return (
        published.select_related("organisation")
        .defer_streamfields()
        .order_by("-period_start", "title", "pk")
    )


def municipality_profiles(slugs: list[str], published=None) -> list[MunicipalityProfile]:
    """Profiles of the given municipalities in the order given; slugs without a published
    case study are left out (four queries, plus one for view restrictions)."""
    published = published if published is not None else published_case_studies()
    profiles = _profiles(_published_pages(published).filter(organisation__slug__in=list(slugs)))
    return [profiles[slug] for slug in slugs if slug in profiles]


def _cell(indicator: cs_models.IndicatorDefinition, profile: MunicipalityProfile) -> Cell:
    if indicator.pk not in profile.latest:
        return Cell()
    on, value = profile.latest[indicator.pk]
    per_thousand = (
        queries_per_thousand(value, profile.organisation.population)
        if indicator.is_countable_per_inhabitant
        else None
    )
    return Cell(value=value, on=on, per_thousand=per_thousand)


def compare_municipalities(slugs: list[str], published=None) -> Comparison:
    """The side-by-side table of the given municipalities: every indicator of the catalogue
    with its newest value and every milestone with its date (six queries)."""
    profiles = municipality_profiles(slugs, published)
    indicator_rows = [
        ComparisonRow(
            label=indicator.name,
            unit=unit_label(indicator),
            indicator=indicator,
            cells=[_cell(indicator, profile) for profile in profiles],
        )
        for indicator in cs_models.IndicatorDefinition.objects.all()
    ]
    milestone_rows = [
        ComparisonRow(
            label=milestone.name,
            cells=[Cell(on=profile.milestones.get(milestone.pk)) for profile in profiles],
        )
        for milestone in Milestone.objects.all()
    ]
    return Comparison(
        municipalities=profiles, indicator_rows=indicator_rows, milestone_rows=milestone_rows
    )


def _likeness(profile: MunicipalityProfile) -> Likeness:
    return Likeness(
        population=profile.organisation.population,
        region=profile.organisation.region,
        topic_ids=frozenset(topic.pk for topic in profile.topics),
        milestone_ids=frozenset(profile.milestones),
    )


def similarity(own: MunicipalityProfile, other: MunicipalityProfile) -> tuple[int, list[str]]:
    """How alike two municipalities are, and why: queries.similarity_score for whole
    municipalities (all their case studies together)."""
    return similarity_score(_likeness(own), _likeness(other))


def _population_distance(own: MunicipalityProfile, other: MunicipalityProfile) -> float:
    mine, theirs = own.organisation.population, other.organisation.population
    if not mine or not theirs:
        return float("inf")
    return abs(mine - theirs) / mine


def rank_peers(
    own: MunicipalityProfile, others, indicator_ids: dict[str, int], limit: int = PEER_LIMIT
) -> list[Peer]:
    """The `limit` municipalities most like `own`, most similar first."""
    households_id = indicator_ids.get(HOUSEHOLDS_HOUSED)
    peers = []
    for other in others:
        if other.organisation.pk == own.organisation.pk:
            continue
        score, reasons = similarity(own, other)
        peers.append(
            Peer(
                profile=other,
                score=score,
                reasons=reasons,
                households_housed=other.latest.get(households_id),
            )
        )
    peers.sort(
        key=lambda peer: (
            -peer.score,
            _population_distance(own, peer.profile),
            peer.profile.organisation.short_name,
        )
    )
    return peers[:limit]


def _headlines(indicators, latest: dict[int, Latest], population: int | None) -> list[Headline]:
    """Every indicator with a value, in catalogue order, with its rate per 1,000 inhabitants
    for counts."""
    return [
        Headline(
            indicator=indicator,
            on=latest[indicator.pk][0],
            value=latest[indicator.pk][1],
            per_thousand=queries_per_thousand(latest[indicator.pk][1], population)
            if indicator.is_countable_per_inhabitant
            else None,
        )
        for indicator in indicators
        if indicator.pk in latest
    ]


def municipality_page(slug: str) -> MunicipalityPage | None:
    """A municipality's page, or None when it has no published case study (seven queries:
    view restrictions, existence, case studies, tools, milestones, values, indicators)."""
    published = published_case_studies()
    if not published.filter(organisation__slug=slug).exists():
        return None
    profiles = _profiles(_published_pages(published))
    own = profiles[slug]
    indicators = list(cs_models.IndicatorDefinition.objects.all())
    population = own.organisation.population
    return MunicipalityPage(
        profile=own,
        headlines=_headlines(indicators, own.latest, population),
        case_studies=[
            CaseStudySummary(
                page=page,
                headlines=_headlines(indicators, own.latest_by_page.get(page.pk, {}), population),
            )
            for page in own.case_studies
        ],
        peers=rank_peers(own, profiles.values(), {i.slug: i.pk for i in indicators}),
    )
