"""Builders for roadmap tests: a small world of towns, a course, an article and a forum."""

from dataclasses import dataclass, field

from accounts.roles import Role
from courses.models import LessonCompletion
from roadmap.models import Milestone, MunicipalityAdviser
from tests.courses.factories import BuiltCourse, course_create
from tests.factories import (
    OrganisationFactory,
    case_study_create,
    home_page_create,
    milestone,
    milestone_record_create,
    user_with_role,
)
from tests.forum.factories import CategoryFactory
from tests.kb.factories import article_create, kb_index_create, section_create


def adviser_of(*towns):
    """An adviser (with a second factor) assigned to `towns`."""
    adviser = user_with_role(Role.ADVISER)
    for town in towns:
        MunicipalityAdviser.objects.create(organisation=town, adviser=adviser)
    return adviser


def complete_module(user, built: BuiltCourse, module_index: int = 0) -> None:
    """Mark every lesson of one module of `built` as completed by `user`."""
    module = built.modules[module_index]
    for lesson in built.lessons:
        if lesson.path.startswith(module.path):
            LessonCompletion.objects.get_or_create(user=user, lesson=lesson, course=built.course)


@dataclass
class World:
    home: object
    own: object  # the town whose roadmap is read (Jihlava-like: 50–100k, Vysočina)
    similar: object  # same band and region
    far: object  # other band, other region
    course: BuiltCourse
    article: object
    category: object
    adviser: object
    members: list = field(default_factory=list)


def world_create() -> World:
    """Jihlava met the mapping; a similar and a distant town met the crisis flat (the
    distant one earlier); the crisis flat links an article, a course module and a forum
    category and asks for 2 trained people."""
    home = home_page_create()
    own = OrganisationFactory(short_name="Jihlava", slug="jihlava", population=54_000)
    similar = OrganisationFactory(short_name="Podobné", slug="podobne", population=60_000)
    # First by name, so that only the similarity rule can put it second.
    far = OrganisationFactory(
        short_name="Albrechtice", slug="vzdalene", population=300_000, region="CZ080"
    )
    case_study_create(organisation=own, slug="jihlava-cs")
    case_study_create(organisation=similar, slug="podobne-cs")
    case_study_create(organisation=far, slug="vzdalene-cs")
    milestone_record_create(own, "housing-need-mapped", "2022-01-01", evidence="Registrační týden.")
    milestone_record_create(similar, "crisis-flat", "2023-01-01", evidence="Krizový byt.")
    milestone_record_create(far, "crisis-flat", "2017-01-01", evidence="Pět bytů.")
    section = section_create(kb_index_create(home))
    article = article_create(section, slug="krizove-bydleni", title="Krizové bydlení")
    course = course_create(modules=2, lessons_per_module=2, quiz=False)
    category = CategoryFactory(name="Zkušenosti obcí", slug="zkusenosti")
    crisis = milestone("crisis-flat")
    crisis.articles.set([article])
    crisis.course_modules.set([course.modules[1]])
    crisis.forum_category = category
    crisis.team_size_required = 2
    crisis.save()
    return World(
        home=home,
        own=own,
        similar=similar,
        far=far,
        course=course,
        article=article,
        category=category,
        adviser=adviser_of(own),
    )


def roadmap_url(town) -> str:
    return f"/pripadove-studie/obce/{town.slug}/cesta/"


def record_url(town, slug: str) -> str:
    return f"/cesta/{town.slug}/{slug}/zapsat/"


def catalogue_ids() -> dict[str, int]:
    return dict(Milestone.objects.values_list("slug", "pk"))
