"""Reads of the roadmap: the catalogue in dependency order, what each municipality met, and a
municipality's roadmap with its recommendations (article, course module, peer towns, forum,
team readiness).

Every function runs a fixed number of SQL queries whatever the number of milestones, towns,
members or lessons. The roadmap reads courses, case studies, the knowledge base, the forum and
accounts; none of them reads the roadmap except case studies (their milestone list, filters
and dashboard counts read `MilestoneRecord`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q

from accounts.models import Membership, Organisation
from accounts.roles import Role
from casestudies import models as cs_models
from casestudies.queries import Likeness, published_case_studies, similarity_score
from courses.models import CourseModulePage, CoursePage, LessonCompletion, LessonPage
from forum.models import Category
from kb.models import ArticlePage
from roadmap import permissions
from roadmap.catalogue import dependency_order
from roadmap.models import Milestone, MilestoneRecord

PEER_LIMIT = 3
# The people of a town whose training counts towards its team (not its advisers).
TEAM_ROLES = (Role.LEARNER, Role.PARTNER_MEMBER)


def requirements() -> dict[int, list[int]]:
    """milestone id → ids of the milestones it requires (one query)."""
    result: dict[int, list[int]] = defaultdict(list)
    for from_id, to_id in Milestone.requires.through.objects.values_list(
        "from_milestone_id", "to_milestone_id"
    ):
        result[from_id].append(to_id)
    return result


def ordered_catalogue() -> list[Milestone]:
    """Every milestone, each after those it requires (two queries)."""
    return dependency_order(Milestone.objects.all(), requirements())


@dataclass
class PeerTown:
    organisation: Organisation
    reached_on: date
    score: int
    reasons: list[str]
    case_study: cs_models.CaseStudyPage | None = None  # its newest published case study


@dataclass
class TeamReadiness:
    trained: int  # members who finished every linked module
    required: int

    @property
    def is_ready(self) -> bool:
        return self.trained >= self.required


@dataclass
class Step:
    milestone: Milestone
    record: MilestoneRecord | None = None
    missing: list[Milestone] = field(default_factory=list)  # requirements not met yet
    article: ArticlePage | None = None
    article_suggested: bool = False  # by a shared topic, not chosen by editors
    course_module: CourseModulePage | None = None
    course: CoursePage | None = None
    module_suggested: bool = False
    peers: list[PeerTown] = field(default_factory=list)
    forum_category: Category | None = None
    readiness: TeamReadiness | None = None

    @property
    def is_ready(self) -> bool:
        """Everything it requires is met: the town can take this step now."""
        return not self.missing

    @property
    def is_planned(self) -> bool:
        return self.record is not None and not self.record.is_met


@dataclass
class Roadmap:
    organisation: Organisation
    met: list[Step]  # in the order they were met
    next_steps: list[Step]  # in dependency order
    shows_private: bool  # notes, planned dates and evidence files
    may_record: bool

    @property
    def recommended(self) -> Step | None:
        """The first next step whose requirements are met."""
        return next((step for step in self.next_steps if step.is_ready), None)


def _likeness(organisation, topic_ids, milestone_ids) -> Likeness:
    return Likeness(
        population=organisation.population,
        region=organisation.region,
        topic_ids=frozenset(topic_ids),
        milestone_ids=frozenset(milestone_ids),
    )


def _population_distance(own: Organisation, other: Organisation) -> float:
    if not own.population or not other.population:
        return float("inf")
    return abs(own.population - other.population) / own.population


def _topic_suggestions(milestones: list[Milestone]):
    """For milestones without links chosen by editors: (articles, first modules of courses)
    sharing their topics, each with its topic ids (five queries)."""
    topic_ids = {topic.pk for milestone in milestones for topic in milestone.topics.all()}
    if not topic_ids:
        return [], []
    articles = list(
        ArticlePage.objects.live()
        .public()
        .filter(topics__in=topic_ids)
        .distinct()
        .defer_streamfields()
        .prefetch_related("topics")
        .order_by("title")
    )
    courses = list(
        CoursePage.objects.live()
        .public()
        .filter(topics__in=topic_ids)
        .distinct()
        .prefetch_related("topics")
        .order_by("title")
    )
    modules = []
    if courses:
        condition = Q()
        for course in courses:
            condition |= Q(path__startswith=course.path, depth=course.depth + 1)
        first_by_course: dict[str, CourseModulePage] = {}
        for module in CourseModulePage.objects.live().public().filter(condition).order_by("path"):
            first_by_course.setdefault(module.path[: -CoursePage.steplen], module)
        modules = [
            (first_by_course[course.path], course)
            for course in courses
            if course.path in first_by_course
        ]
    return articles, modules


def _best_by_topics(candidates, topic_ids, topics_of):
    """The candidate sharing most of `topic_ids` (ties: the order given), or None."""
    best, best_shared = None, 0
    for candidate in candidates:
        shared = len(topic_ids & {topic.pk for topic in topics_of(candidate).all()})
        if shared > best_shared:
            best, best_shared = candidate, shared
    return best


def _team_readiness(organisation, steps: list[Step]) -> None:
    """Fill `step.readiness` for steps whose milestone asks for a trained team: members of
    the town (learners, partner members) who completed every live lesson of the step's
    course modules (three queries)."""
    counted = [step for step in steps if step.milestone.team_size_required and step.course_module]
    if not counted:
        return
    modules_by_step = {
        id(step): list(step.milestone.course_modules.all()) or [step.course_module]
        for step in counted
    }
    all_modules = {module.pk: module for modules in modules_by_step.values() for module in modules}
    condition = Q()
    for module in all_modules.values():
        condition |= Q(path__startswith=module.path)
    lessons_by_module: dict[int, set[int]] = defaultdict(set)
    for lesson_id, path in LessonPage.objects.live().filter(condition).values_list("pk", "path"):
        for module in all_modules.values():
            if path.startswith(module.path):
                lessons_by_module[module.pk].add(lesson_id)
    lesson_ids = set().union(*lessons_by_module.values()) if lessons_by_module else set()
    members = list(
        Membership.objects.filter(organisation=organisation, role__in=TEAM_ROLES)
        .values_list("user_id", flat=True)
        .distinct()
    )
    done: dict[int, set[int]] = defaultdict(set)
    if lesson_ids and members:
        for user_id, lesson_id in LessonCompletion.objects.filter(
            user_id__in=members, lesson_id__in=lesson_ids
        ).values_list("user_id", "lesson_id"):
            done[user_id].add(lesson_id)
    for step in counted:
        needed = set().union(*(lessons_by_module[m.pk] for m in modules_by_step[id(step)]))
        trained = sum(1 for user_id in members if needed and needed <= done[user_id])
        step.readiness = TeamReadiness(trained=trained, required=step.milestone.team_size_required)


def municipality_roadmap(organisation: Organisation, user) -> Roadmap:
    """A municipality's roadmap as `user` may see it: the milestones it met (date,
    evidence), the next ones in dependency order, and for each next one what to read, which
    course module to take, which towns met it already (most similar first, under the rule of
    `casestudies.queries.similarity_score`) with their case study, where they talk in the
    forum, and how many of the town's people finished the module. Notes, planned dates and
    evidence files only for the town's members, its advisers and administrators.
    A fixed number of queries (about twenty) whatever the size of anything."""
    shows_private = permissions.sees_private(user, organisation)
    may_record = permissions.advises(user, organisation)
    milestones = list(
        Milestone.objects.select_related("forum_category").prefetch_related(
            "topics",
            # Editors' links, live and public only; the first chosen is the one recommended.
            Prefetch("articles", ArticlePage.objects.live().public().defer_streamfields()),
            Prefetch("course_modules", CourseModulePage.objects.live().public()),
        )
    )
    by_id = {milestone.pk: milestone for milestone in milestones}
    requires = requirements()
    own_records = {
        record.milestone_id: record
        for record in MilestoneRecord.objects.filter(organisation=organisation)
    }
    met_ids = {pk for pk, record in own_records.items() if record.is_met}

    steps = {
        milestone.pk: Step(milestone=milestone, record=own_records.get(milestone.pk))
        for milestone in milestones
    }
    ordered = dependency_order(milestones, requires)
    next_steps = [steps[m.pk] for m in ordered if m.pk not in met_ids]
    for step in next_steps:
        step.missing = [
            by_id[pk]
            for pk in requires.get(step.milestone.pk, ())
            if pk in by_id and pk not in met_ids
        ]

    # Links: editors' choice first, otherwise by shared topics.
    articles, modules = _topic_suggestions(
        [
            s.milestone
            for s in next_steps
            if not s.milestone.articles.all() or not s.milestone.course_modules.all()
        ]
    )
    linked_modules = [m for s in next_steps for m in s.milestone.course_modules.all()]
    courses_by_path = (
        {
            course.path: course
            for course in CoursePage.objects.filter(
                path__in={module.path[: -CoursePage.steplen] for module in linked_modules}
            )
        }
        if linked_modules
        else {}
    )
    for step in next_steps:
        topic_ids = {topic.pk for topic in step.milestone.topics.all()}
        chosen_articles = list(step.milestone.articles.all())
        if chosen_articles:
            step.article = chosen_articles[0]
        else:
            step.article = _best_by_topics(articles, topic_ids, lambda a: a.topics)
            step.article_suggested = step.article is not None
        chosen_modules = list(step.milestone.course_modules.all())
        if chosen_modules:
            step.course_module = chosen_modules[0]
            step.course = courses_by_path.get(step.course_module.path[: -CoursePage.steplen])
        else:
            best = _best_by_topics(modules, topic_ids, lambda pair: pair[1].topics)
            if best is not None:
                step.course_module, step.course = best
                step.module_suggested = True

    _peers(organisation, next_steps, met_ids)
    _forum_categories(user, next_steps)
    _team_readiness(organisation, next_steps)

    met = sorted(
        (steps[pk] for pk in met_ids if pk in steps),
        key=lambda step: (step.record.reached_on, step.milestone.sort_order),
    )
    return Roadmap(
        organisation=organisation,
        met=met,
        next_steps=next_steps,
        shows_private=shows_private,
        may_record=may_record,
    )


def _peers(organisation, steps: list[Step], own_milestones: set[int]) -> None:
    """Towns that met each step's milestone, most like `organisation` first (four queries)."""
    wanted = {step.milestone.pk for step in steps}
    if not wanted:
        return
    met_rows = list(
        MilestoneRecord.objects.met()
        .exclude(organisation=organisation)
        .values_list("organisation_id", "milestone_id", "reached_on")
    )
    milestones_by_town: dict[int, set[int]] = defaultdict(set)
    for town_id, milestone_id, _reached in met_rows:
        milestones_by_town[town_id].add(milestone_id)
    towns = {
        town.pk: town for town in Organisation.objects.filter(pk__in={row[0] for row in met_rows})
    }
    case_studies: dict[int, cs_models.CaseStudyPage] = {}
    topics_by_town: dict[int, set[int]] = defaultdict(set)
    pages = list(
        published_case_studies()
        .filter(organisation_id__in=[*towns, organisation.pk])
        .defer_streamfields()
        .prefetch_related("topics")
        .order_by("-period_start", "title")
    )
    for page in pages:
        case_studies.setdefault(page.organisation_id, page)
        topics_by_town[page.organisation_id].update(topic.pk for topic in page.topics.all())
    own = _likeness(organisation, topics_by_town[organisation.pk], own_milestones)
    likeness = {
        pk: _likeness(town, topics_by_town[pk], milestones_by_town[pk])
        for pk, town in towns.items()
    }
    by_milestone: dict[int, list[PeerTown]] = defaultdict(list)
    for town_id, milestone_id, reached_on in met_rows:
        if milestone_id not in wanted:
            continue
        score, reasons = similarity_score(own, likeness[town_id])
        by_milestone[milestone_id].append(
            PeerTown(
                organisation=towns[town_id],
                reached_on=reached_on,
                score=score,
                reasons=reasons,
                case_study=case_studies.get(town_id),
            )
        )
    for step in steps:
        peers = by_milestone.get(step.milestone.pk, [])
        peers.sort(
            key=lambda peer: (
                -peer.score,
                _population_distance(organisation, peer.organisation),
                peer.organisation.short_name,
            )
        )
        step.peers = peers[:PEER_LIMIT]


def _forum_categories(user, steps: list[Step]) -> None:
    """The forum category of each step, when the person may read it (one query, plus those
    of the reading rule)."""
    wanted = {
        step.milestone.forum_category_id for step in steps if step.milestone.forum_category_id
    }
    if not wanted:
        return
    readable = set(
        Category.objects.visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True)
    )
    for step in steps:
        if step.milestone.forum_category_id in readable:
            step.forum_category = step.milestone.forum_category


def met_milestones(organisation_ids) -> dict[int, dict[int, date]]:
    """organisation id → milestone id → the date it was met (one query): what case studies
    show as a town's milestones."""
    result: dict[int, dict[int, date]] = defaultdict(dict)
    for town_id, milestone_id, reached_on in (
        MilestoneRecord.objects.met()
        .filter(organisation_id__in=list(organisation_ids))
        .values_list("organisation_id", "milestone_id", "reached_on")
    ):
        result[town_id][milestone_id] = reached_on
    return result
