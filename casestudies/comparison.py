"""Reads for comparing municipalities side by side and for a municipality's own page.

A municipality (accounts.Organisation) may have several published case studies; here they are
merged into one `MunicipalityProfile`: the newest value of each indicator over all of them, the
earliest date of each milestone, the union of tools, and the whole period. Drafts and pages
behind a view restriction never count (everything starts from `queries.published_case_studies`).

Every function runs a fixed number of SQL queries whatever the number of municipalities.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from accounts.models import Organisation
from casestudies.models import (
    CaseStudyPage,
    IndicatorDefinition,
    MilestoneDefinition,
)
from casestudies.queries import (
    FAMILIES_HOUSED,
    FLATS_PROVIDED,
    HOUSEHOLDS_HOUSED,
    Likeness,
    PopulationBand,
    indicator_series_by_page,
    milestones_by_page,
    population_band,
    published_case_studies,
    similarity_score,
)

MIN_COMPARED = 2
MAX_COMPARED = 4
# A municipality's page offers to compare it with its peers, so peers + itself fit the table.
PEER_LIMIT = MAX_COMPARED - 1
HEADLINE_INDICATORS = (HOUSEHOLDS_HOUSED, FAMILIES_HOUSED, FLATS_PROVIDED)

# The weights of queries.peers(): size matters most, then region, then each shared tool or
# milestone. Ties go to the closer population.

# A latest value: (measured_on, value).
Latest = tuple[date, Decimal]


@dataclass
class MunicipalityProfile:
    """One municipality with everything its published case studies say about it."""

    organisation: Organisation
    case_studies: list[CaseStudyPage] = field(default_factory=list)  # newest period first
    topics: list = field(default_factory=list)  # core.Topic, by name
    milestones: dict[int, date] = field(default_factory=dict)  # milestone id → earliest date
    latest: dict[int, Latest] = field(default_factory=dict)  # indicator id → newest value
    latest_by_page: dict[int, dict[int, Latest]] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.organisation.slug

    @property
    def primary_case_study(self) -> CaseStudyPage:
        """The case study a municipality's name links to: the newest one."""
        return self.case_studies[0]

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


@dataclass
class ComparisonRow:
    label: str
    unit: str = ""
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Comparison:
    municipalities: list[MunicipalityProfile]
    indicator_rows: list[ComparisonRow]
    milestone_rows: list[ComparisonRow]


@dataclass
class Peer:
    """A similar municipality, why it is similar, and what it achieved."""

    profile: MunicipalityProfile
    score: int
    reasons: list[str]
    households_housed: Latest | None = None
    flats_provided: Latest | None = None


@dataclass
class Headline:
    indicator: IndicatorDefinition
    value: Decimal
    on: date

    @property
    def unit(self) -> str:
        return unit_label(self.indicator)


@dataclass
class CaseStudySummary:
    page: CaseStudyPage
    headlines: list[Headline]


@dataclass
class MunicipalityPage:
    """What a municipality's page shows."""

    profile: MunicipalityProfile
    headlines: list[Headline]  # over all its case studies
    case_studies: list[CaseStudySummary]
    peers: list[Peer]


def unit_label(indicator: IndicatorDefinition) -> str:
    """The unit written after a value ("12 domácností", "85 %"); none for plain counts."""
    return "" if indicator.unit == IndicatorDefinition.Unit.COUNT else indicator.get_unit_display()


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


def _latest_values_by_page(page_ids) -> dict[int, dict[int, Latest]]:
    """indicator id → newest (date, value), per page: queries.indicator_series_by_page
    reduced to each series' latest point (one query)."""
    return {
        page_id: {item.indicator.pk: item.latest for item in series}
        for page_id, series in indicator_series_by_page(page_ids).items()
    }


def _topics_by_page(pages_subquery) -> dict[int, list]:
    """Topics per page (one query)."""
    result: dict[int, list] = defaultdict(list)
    through = CaseStudyPage.topics.through.objects.filter(casestudypage_id__in=pages_subquery)
    for link in through.select_related("topic").order_by("topic__name"):
        result[link.casestudypage_id].append(link.topic)
    return result


def _profiles(pages) -> dict[str, MunicipalityProfile]:
    """Merge published case studies (with organisation) into profiles keyed by organisation
    slug: three queries for tools, milestones and values."""
    pages = list(pages)
    page_ids = [page.pk for page in pages]
    if not page_ids:
        return {}
    topics = _topics_by_page(page_ids)
    milestones = milestones_by_page(page_ids)
    latest = _latest_values_by_page(page_ids)
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
        page_latest = latest.get(page.pk, {})
        profile.latest_by_page[page.pk] = page_latest
        for indicator_id, point in page_latest.items():
            known = profile.latest.get(indicator_id)
            if known is None or point[0] >= known[0]:
                profile.latest[indicator_id] = point
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


def compare_municipalities(slugs: list[str], published=None) -> Comparison:
    """The side-by-side table of the given municipalities: every indicator of the catalogue
    with its newest value and every milestone with its date (six queries)."""
    profiles = municipality_profiles(slugs, published)
    indicator_rows = [
        ComparisonRow(
            label=indicator.name,
            unit=unit_label(indicator),
            cells=[
                Cell(*reversed(profile.latest[indicator.pk]))
                if indicator.pk in profile.latest
                else Cell()
                for profile in profiles
            ],
        )
        for indicator in IndicatorDefinition.objects.all()
    ]
    milestone_rows = [
        ComparisonRow(
            label=milestone.name,
            cells=[Cell(on=profile.milestones.get(milestone.pk)) for profile in profiles],
        )
        for milestone in MilestoneDefinition.objects.all()
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
    flats_id = indicator_ids.get(FLATS_PROVIDED)
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
                flats_provided=other.latest.get(flats_id),
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


def _headlines(indicators, latest: dict[int, Latest]) -> list[Headline]:
    return [
        Headline(indicator=indicator, on=latest[indicator.pk][0], value=latest[indicator.pk][1])
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
    indicators = list(IndicatorDefinition.objects.all())
    headline_indicators = [
        indicator for indicator in indicators if indicator.slug in HEADLINE_INDICATORS
    ]
    return MunicipalityPage(
        profile=own,
        headlines=_headlines(headline_indicators, own.latest),
        case_studies=[
            CaseStudySummary(
                page=page,
                headlines=_headlines(headline_indicators, own.latest_by_page.get(page.pk, {})),
            )
            for page in own.case_studies
        ],
        peers=rank_peers(own, profiles.values(), {i.slug: i.pk for i in indicators}),
    )
