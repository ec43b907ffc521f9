"""A cohort of one town is the town's team in the forum (issue 20, item 6): its closed
working group has the cohort's active learners and adviser as members, kept in step as
people enrol, leave, come back and move; the link shows on both sides."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from courses import services
from courses.models import Cohort, Enrolment
from forum.models import Category, ModerationLogEntry
from tests.courses.factories import CohortFactory, course_create
from tests.factories import OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(home_page):
    built = course_create(lessons_per_module=1, questions_per_quiz=1)
    town = OrganisationFactory(short_name="Ostrava", slug="ostrava", kind="municipality")
    adviser = user_with_role(Role.ADVISER)
    cohort = CohortFactory(
        course=built.course, adviser=adviser, organisations=[town], name="Ostrava 2026"
    )
    learners = [user_with_role(Role.LEARNER, organisation=town) for _ in range(3)]
    for learner in learners:
        services.enrolment_create(user=learner, course=built.course, cohort=cohort)
    services.enrolment_leave(enrolment=Enrolment.objects.get(user=learners[2]))
    return {
        "built": built,
        "town": town,
        "adviser": adviser,
        "cohort": cohort,
        "learners": learners,
    }


def _create(client, team):
    client.force_login(team["adviser"])
    return client.post(reverse("courses:cohort_forum_group", args=[team["cohort"].pk]))


def _members(team) -> set:
    team["cohort"].refresh_from_db()
    return set(team["cohort"].forum_group.members.values_list("pk", flat=True))


def test_the_adviser_creates_the_towns_closed_group_with_the_active_learners(client, team):
    response = _create(client, team)
    assert response.status_code == 302
    group = Cohort.objects.get(pk=team["cohort"].pk).forum_group
    assert group.visibility == Category.Visibility.CLOSED
    assert "Ostrava" in group.name
    first, second, _left = team["learners"]
    assert _members(team) == {first.pk, second.pk, team["adviser"].pk}
    assert (
        ModerationLogEntry.objects.filter(
            category=group, action=ModerationLogEntry.Action.GROUP_ADD
        ).count()
        == 3
    )


def test_the_link_shows_on_the_cohort_page_and_in_the_group(client, team):
    _create(client, team)
    group = Cohort.objects.get(pk=team["cohort"].pk).forum_group
    cohort_page = client.get(reverse("courses:cohort_detail", args=[team["cohort"].pk]))
    assert group.get_absolute_url() in cohort_page.content.decode()
    client.force_login(team["learners"][0])
    group_page = client.get(group.get_absolute_url()).content.decode()
    assert "Ostrava 2026" in group_page
    assert team["built"].course.url in group_page


def test_joining_and_leaving_the_cohort_keeps_the_group_in_step(client, team):
    _create(client, team)
    newcomer = user_with_role(Role.LEARNER, organisation=team["town"])
    services.enrolment_create(user=newcomer, course=team["built"].course, cohort=team["cohort"])
    assert newcomer.pk in _members(team)
    services.enrolment_leave(enrolment=Enrolment.objects.get(user=newcomer))
    assert newcomer.pk not in _members(team)
    # Coming back puts them in again.
    services.enrolment_create(user=newcomer, course=team["built"].course, cohort=team["cohort"])
    assert newcomer.pk in _members(team)


def test_a_learner_who_left_before_the_group_joins_it_on_return(client, team):
    _create(client, team)
    left = team["learners"][2]
    services.enrolment_create(user=left, course=team["built"].course, cohort=team["cohort"])
    assert left.pk in _members(team)


def test_moving_to_another_cohort_leaves_the_group(client, team):
    _create(client, team)
    mover = team["learners"][0]
    other = CohortFactory(course=team["built"].course, adviser=team["adviser"])
    services.enrolment_move(
        enrolment=Enrolment.objects.get(user=mover), cohort=other, actor=team["adviser"]
    )
    assert mover.pk not in _members(team)


def test_an_edit_in_the_admin_counts_too(client, team):
    _create(client, team)
    enrolment = Enrolment.objects.get(user=team["learners"][1])
    enrolment.cohort = None
    enrolment.save()
    assert team["learners"][1].pk not in _members(team)


def test_the_bulk_enrolment_of_the_town_adds_its_people(client, team):
    _create(client, team)
    colleague = user_with_role(Role.LEARNER, organisation=team["town"])
    services.cohort_enrol_organisation_staff(
        cohort=team["cohort"],
        organisation=team["town"],
        actor=team["adviser"],
        chosen_user_ids=set(),
    )
    assert colleague.pk in _members(team)


def test_people_a_moderator_added_by_hand_stay(client, team):
    _create(client, team)
    guest = user_with_role(Role.PARTNER_MEMBER)
    Cohort.objects.get(pk=team["cohort"].pk).forum_group.members.add(guest)
    services.enrolment_leave(enrolment=Enrolment.objects.get(user=team["learners"][0]))
    assert guest.pk in _members(team)
    assert team["learners"][0].pk not in _members(team)


def test_a_cohort_of_several_towns_gets_no_group(client, team):
    team["cohort"].organisations.add(OrganisationFactory(kind="municipality"))
    response = _create(client, team)
    assert response.status_code == 400
    assert "jen pro studijní skupinu jedné obce" in response.content.decode()
    assert not Category.objects.exists()
    assert Cohort.objects.get(pk=team["cohort"].pk).forum_group is None


def test_a_cohort_of_an_ngo_gets_no_group(client, team):
    team["cohort"].organisations.set([OrganisationFactory(kind="ngo")])
    assert _create(client, team).status_code == 400
    assert not Category.objects.exists()


def test_a_second_group_is_refused(client, team):
    _create(client, team)
    assert _create(client, team).status_code == 409
    assert Category.objects.count() == 1


def test_another_adviser_does_not_see_the_cohort(client, team):
    client.force_login(user_with_role(Role.ADVISER))
    response = client.post(reverse("courses:cohort_forum_group", args=[team["cohort"].pk]))
    assert response.status_code == 404
    assert not Category.objects.exists()


def test_a_learner_may_not_create_it(client, team):
    client.force_login(team["learners"][0])
    response = client.post(reverse("courses:cohort_forum_group", args=[team["cohort"].pk]))
    assert response.status_code == 403
    assert not Category.objects.exists()


def _admin_post(client, team, organisations, *, create_group=True):
    client.force_login(team["adviser"])
    data = {
        "course": team["built"].course.pk,
        "name": "Nová skupina obce",
        "start_date": "2026-03-01",
        "deadline": "",
        "adviser": team["adviser"].pk,
        "organisations": [organisation.pk for organisation in organisations],
    }
    if create_group:
        data["create_forum_group"] = "on"
    return client.post("/admin/courses/cohorts/new/", data)


def test_creating_a_cohort_of_one_town_in_the_admin_creates_its_group(client, team):
    response = _admin_post(client, team, [team["town"]])
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Nová skupina obce")
    assert cohort.forum_group.visibility == Category.Visibility.CLOSED
    assert set(cohort.forum_group.members.values_list("pk", flat=True)) == {team["adviser"].pk}


def test_the_admin_refuses_a_group_for_a_cohort_of_several_towns(client, team):
    second = OrganisationFactory(kind="municipality")
    response = _admin_post(client, team, [team["town"], second])
    assert response.status_code == 200  # the admin's form again, with the error
    assert "jen pro studijní skupinu jedné obce" in response.content.decode()
    assert not Cohort.objects.filter(name="Nová skupina obce").exists()
    assert not Category.objects.exists()
