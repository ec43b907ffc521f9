"""A municipality's roadmap: met milestones, next steps in order, recommendations with peers
first, team readiness, who sees notes and planned dates, and a fixed number of queries."""

import pytest

from accounts.roles import Role
from roadmap.queries import municipality_roadmap
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    case_study_create,
    milestone_record_create,
    user_with_role,
)
from tests.roadmap.factories import complete_module, roadmap_url, world_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return world_create()


def _step(roadmap, slug):
    return next(step for step in roadmap.next_steps if step.milestone.slug == slug)


def test_met_milestones_show_date_and_evidence_to_everyone(client, world):
    response = client.get(roadmap_url(world.own))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Zmapovaná bytová nouze" in body
    assert "splněno 1. ledna 2022" in body
    assert "Registrační týden." in body


def test_next_steps_follow_dependencies_and_say_what_is_missing(world):
    from django.contrib.auth.models import AnonymousUser

    roadmap = municipality_roadmap(world.own, AnonymousUser())
    slugs = [step.milestone.slug for step in roadmap.next_steps]
    assert "housing-need-mapped" not in slugs  # met
    assert slugs.index("crisis-flat") < slugs.index("housing-first-running")
    housing_first = _step(roadmap, "housing-first-running")
    assert [item.slug for item in housing_first.missing] == ["crisis-flat"]
    assert not housing_first.is_ready
    # Mapping is met, so the allocation rules may come next.
    assert _step(roadmap, "progressive-allocation-rules").is_ready
    assert roadmap.recommended.is_ready


def test_recommendations_link_the_article_module_and_forum_and_put_similar_towns_first(world):
    from django.contrib.auth.models import AnonymousUser

    crisis = _step(municipality_roadmap(world.own, AnonymousUser()), "crisis-flat")
    assert crisis.article == world.article
    assert crisis.course_module.pk == world.course.modules[1].pk
    assert crisis.course.pk == world.course.course.pk
    assert crisis.forum_category == world.category
    # The similar town (same size band and region) before the one that met it years earlier.
    assert [peer.organisation for peer in crisis.peers] == [world.similar, world.far]
    assert crisis.peers[0].case_study.slug == "podobne-cs"
    assert "podobná velikost" in [str(reason) for reason in crisis.peers[0].reasons]


def test_the_page_links_the_module_and_the_peer_case_study(client, world):
    body = client.get(roadmap_url(world.own)).content.decode()
    assert world.course.modules[1].url in body
    assert "/pripadove-studie/podobne-cs/" in body
    assert world.article.url in body


def test_links_come_from_topics_when_editors_chose_none(world):
    from django.contrib.auth.models import AnonymousUser

    from tests.factories import milestone, topic
    from tests.kb.factories import article_create, section_create

    centre = milestone("housing-contact-centre")
    centre.topics.set([topic("kontaktni-centrum")])
    centre.save()
    section = section_create(world.article.get_parent().get_parent(), slug="dalsi", title="Další")
    article = article_create(
        section, slug="centrum", title="Kontaktní centrum", topics=["kontaktni-centrum"]
    )
    step = _step(municipality_roadmap(world.own, AnonymousUser()), "housing-contact-centre")
    assert step.article == article and step.article_suggested


def test_a_closed_forum_group_is_linked_only_for_its_members(world):
    from django.contrib.auth.models import AnonymousUser

    world.category.visibility = "closed"
    world.category.save()
    assert (
        _step(municipality_roadmap(world.own, AnonymousUser()), "crisis-flat").forum_category
        is None
    )
    member = user_with_role(Role.PARTNER_MEMBER, organisation=world.own)
    world.category.members.add(member)
    assert (
        _step(municipality_roadmap(world.own, member), "crisis-flat").forum_category
        == world.category
    )


def test_team_readiness_counts_members_who_finished_every_lesson_of_the_module(client, world):
    from django.contrib.auth.models import AnonymousUser

    finished = [MembershipFactory(organisation=world.own).user for _ in range(2)]
    halfway = MembershipFactory(organisation=world.own).user
    elsewhere = MembershipFactory(organisation=world.similar).user
    complete_module(finished[0], world.course, 1)
    complete_module(elsewhere, world.course, 1)  # not of this town
    complete_module(halfway, world.course, 0)  # the other module
    step = _step(municipality_roadmap(world.own, AnonymousUser()), "crisis-flat")
    assert (step.readiness.trained, step.readiness.required) == (1, 2)
    assert not step.readiness.is_ready
    # An adviser holding a membership of the town is not its team, even with the module done.
    embedded_adviser = MembershipFactory(organisation=world.own, role=Role.ADVISER).user
    complete_module(embedded_adviser, world.course, 1)
    step = _step(municipality_roadmap(world.own, AnonymousUser()), "crisis-flat")
    assert step.readiness.trained == 1
    complete_module(finished[1], world.course, 1)
    step = _step(municipality_roadmap(world.own, AnonymousUser()), "crisis-flat")
    assert (step.readiness.trained, step.readiness.required) == (2, 2)
    assert step.readiness.is_ready
    assert "Tým připraven" in client.get(roadmap_url(world.own)).content.decode()


def test_one_lesson_missing_is_not_trained(world):
    from django.contrib.auth.models import AnonymousUser

    from courses.models import LessonCompletion

    person = MembershipFactory(organisation=world.own).user
    complete_module(person, world.course, 1)
    LessonCompletion.objects.filter(user=person).first().delete()
    step = _step(municipality_roadmap(world.own, AnonymousUser()), "crisis-flat")
    assert step.readiness.trained == 0


@pytest.fixture
def private_world(world):
    milestone_record_create(
        world.own, "crisis-flat", planned_on="2027-06-30", note="Tajný plán rady."
    )
    return world


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("anonymous", False),
        ("other_town_member", False),
        ("other_adviser", False),
        ("member", True),
        ("own_adviser", True),
        ("admin", True),
    ],
)
def test_notes_and_planned_dates_only_for_the_town_and_its_advisers(
    client, private_world, who, sees
):
    people = {
        "anonymous": None,
        "other_town_member": user_with_role(
            Role.PARTNER_MEMBER, organisation=private_world.similar
        ),
        "other_adviser": user_with_role(Role.ADVISER),
        "member": user_with_role(Role.LEARNER, organisation=private_world.own),
        "own_adviser": private_world.adviser,
        "admin": user_with_role(Role.ADMIN),
    }
    if people[who] is not None:
        client.force_login(people[who])
    body = client.get(roadmap_url(private_world.own)).content.decode()
    assert ("Tajný plán rady." in body) is sees
    assert ("30. června 2027" in body) is sees


def test_a_town_that_is_not_a_municipality_has_no_roadmap(client, world):
    ngo = OrganisationFactory(kind="ngo", slug="spolek")
    assert client.get(roadmap_url(ngo)).status_code == 404
    assert client.get("/pripadove-studie/obce/neexistuje/cesta/").status_code == 404


def _grow(world, n):
    """More towns with records and case studies, more members with completions."""
    for i in range(n):
        town = OrganisationFactory(population=55_000 + i)
        case_study_create(organisation=town, slug=f"dalsi-{town.pk}", topics=["krizove-bydleni"])
        milestone_record_create(town, "crisis-flat", "2020-01-01", evidence="Byt.")
        milestone_record_create(
            town, "progressive-allocation-rules", "2021-01-01", evidence="Pravidla."
        )
        person = MembershipFactory(organisation=world.own).user
        complete_module(person, world.course, 1)


@pytest.mark.parametrize("who", ["anonymous", "member", "adviser"])
def test_the_roadmap_costs_a_fixed_number_of_queries(
    client, world, django_assert_max_num_queries, who
):
    people = {
        "anonymous": None,
        "member": user_with_role(Role.PARTNER_MEMBER, organisation=world.own),
        "adviser": world.adviser,
    }
    if people[who] is not None:
        client.force_login(people[who])
    _grow(world, 1)
    with django_assert_max_num_queries(50) as small:
        assert client.get(roadmap_url(world.own)).status_code == 200
    _grow(world, 6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(roadmap_url(world.own)).status_code == 200
