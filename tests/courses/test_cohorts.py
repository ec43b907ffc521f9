"""Bulk enrolment of a town into a cohort: a preview first, moves only when the adviser ticks
them, progress kept, every change in the learner's history and on the dashboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from courses import services
from courses.models import Enrolment, EnrolmentEvent, LessonCompletion
from tests.courses.factories import CohortFactory, course_create
from tests.factories import MembershipFactory, OrganisationFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(home_page):
    """Spring (overdue) and autumn cohorts of one adviser; a town whose members are: someone
    new, someone studying on their own, someone in the spring cohort with progress, someone
    who left the course."""
    built = course_create(lessons_per_module=2, quiz=False)
    course = built.course
    adviser = user_with_role(Role.ADVISER)
    today = timezone.localdate()
    spring = CohortFactory(
        course=course,
        adviser=adviser,
        name="Jaro",
        start_date=today - timedelta(days=60),
        deadline=today - timedelta(days=5),
    )
    autumn = CohortFactory(course=course, adviser=adviser, name="Podzim")
    town = OrganisationFactory(short_name="Kutná Hora")
    people = {}
    for key, name in (
        ("new", "Nová"),
        ("alone", "Samostatná"),
        ("spring", "Jarní"),
        ("left", "Odešlá"),
    ):
        user = MembershipFactory(organisation=town, user__first_name=name).user
        people[key] = user
    services.enrolment_create(user=people["alone"], course=course)
    services.enrolment_create(user=people["spring"], course=course, cohort=spring, by_adviser=True)
    services.lesson_complete(user=people["spring"], lesson=built.lessons[0], course=course)
    services.enrolment_create(user=people["left"], course=course)
    services.enrolment_leave(enrolment=Enrolment.objects.get(user=people["left"]))
    return {
        "built": built,
        "adviser": adviser,
        "spring": spring,
        "autumn": autumn,
        "town": town,
        "people": people,
        "url": f"/studium/prehled/skupiny/{autumn.pk}/zapsat-organizaci/",
    }


def _cohort_of(user):
    return Enrolment.objects.get(user=user).cohort


def test_preview_sorts_the_town_and_writes_nothing(client, world):
    client.force_login(world["adviser"])
    response = client.get(world["url"], {"organisation": world["town"].pk})
    body = response.content.decode()
    assert response.status_code == 200
    people = world["people"]
    assert "Přesunout sem: " + str(people["spring"]) + " – nyní ve skupině Jaro" in body
    assert "po termínu své skupiny" in body  # the spring cohort is overdue
    assert "Zapsat znovu: " + str(people["left"]) in body
    assert str(people["new"]) in body and str(people["alone"]) in body
    # Nothing is ticked in advance, nothing was written.
    assert "checked" not in body
    assert _cohort_of(people["spring"]) == world["spring"]
    assert not Enrolment.objects.filter(user=people["new"]).exists()
    assert not EnrolmentEvent.objects.filter(kind=EnrolmentEvent.Kind.MOVED).exists()


def test_enrolment_without_ticks_moves_nobody(client, world):
    people = world["people"]
    client.force_login(world["adviser"])
    response = client.post(world["url"], {"organisation": world["town"].pk}, follow=True)
    body = response.content.decode()
    assert _cohort_of(people["new"]) == world["autumn"]
    assert _cohort_of(people["alone"]) == world["autumn"]
    assert _cohort_of(people["spring"]) == world["spring"]
    assert not Enrolment.objects.get(user=people["left"]).is_active
    assert "nezaškrtli" in body


def test_ticked_learner_moves_with_progress_and_history(client, world):
    people = world["people"]
    mover = people["spring"]
    client.force_login(world["adviser"])
    response = client.post(
        world["url"],
        {"organisation": world["town"].pk, "vybrani": [str(mover.pk)]},
        follow=True,
    )
    assert "pokrok zůstal zachován" in response.content.decode()
    assert _cohort_of(mover) == world["autumn"]
    assert LessonCompletion.objects.filter(user=mover).count() == 1
    # The left learner was not ticked: still out of the course.
    assert not Enrolment.objects.get(user=people["left"]).is_active
    event = EnrolmentEvent.objects.get(kind=EnrolmentEvent.Kind.MOVED)
    assert (event.from_cohort, event.to_cohort, event.actor) == (
        world["spring"],
        world["autumn"],
        world["adviser"],
    )
    # On the dashboard and on the page of the cohort the learner left…
    dashboard = client.get("/studium/prehled/").content.decode()
    assert "přesun ze skupiny Jaro do skupiny Podzim" in dashboard
    spring_page = client.get(f"/studium/prehled/skupiny/{world['spring'].pk}/").content.decode()
    assert "přesun ze skupiny Jaro do skupiny Podzim" in spring_page
    # …and in the learner's own history, with the progress.
    client.force_login(mover)
    course_page = client.get(world["built"].course.url).content.decode()
    assert "Přesun ze skupiny Jaro do skupiny Podzim; pokrok zůstal zachován." in course_page
    assert "50 %" in course_page  # one of two lessons read, before and after the move


def test_ticked_leaver_comes_back(client, world):
    left = world["people"]["left"]
    client.force_login(world["adviser"])
    client.post(world["url"], {"organisation": world["town"].pk, "vybrani": [str(left.pk)]})
    enrolment = Enrolment.objects.get(user=left)
    assert enrolment.is_active and enrolment.cohort == world["autumn"]
    assert enrolment.events.filter(kind=EnrolmentEvent.Kind.RETURNED).exists()


def test_service_moves_nobody_unless_chosen(world):
    result = services.cohort_enrol_organisation_staff(
        cohort=world["autumn"], organisation=world["town"], actor=world["adviser"]
    )
    assert (result.added, result.moved, result.not_moved) == (2, 0, 2)
    assert _cohort_of(world["people"]["spring"]) == world["spring"]


def test_enrolment_create_refuses_to_move_silently(world):
    with pytest.raises(services.CourseError) as error:
        services.enrolment_create(
            user=world["people"]["spring"],
            course=world["built"].course,
            cohort=world["autumn"],
            by_adviser=True,
        )
    assert error.value.status == 409
    assert _cohort_of(world["people"]["spring"]) == world["spring"]


def test_a_forged_choice_is_400_and_writes_nothing(client, world):
    client.force_login(world["adviser"])
    response = client.post(world["url"], {"organisation": world["town"].pk, "vybrani": ["x"]})
    assert response.status_code == 400
    assert "poškozený" in response.content.decode()
    assert not Enrolment.objects.filter(user=world["people"]["new"]).exists()


def test_another_adviser_gets_404_and_others_403(client, world):
    client.force_login(user_with_role(Role.ADVISER))
    assert client.get(world["url"], {"organisation": world["town"].pk}).status_code == 404
    assert client.post(world["url"], {"organisation": world["town"].pk}).status_code == 404
    client.force_login(user_with_role(Role.LEARNER))
    assert client.post(world["url"], {"organisation": world["town"].pk}).status_code == 403
    assert not Enrolment.objects.filter(user=world["people"]["new"]).exists()


def _enrol_town_of(client, world, size):
    town = OrganisationFactory()
    for _ in range(size):
        MembershipFactory(organisation=town)
    client.force_login(world["adviser"])
    response = client.post(world["url"], {"organisation": town.pk}, follow=True)
    return response.content.decode()


def test_message_in_czech_singular(client, world):
    assert "Zapsán 1 člověk z organizace" in _enrol_town_of(client, world, 1)


def test_message_in_czech_plural_of_five(client, world):
    assert "Zapsáno 5 lidí z organizace" in _enrol_town_of(client, world, 5)


def test_message_in_czech_plural_of_two(client, world):
    assert "Zapsáni 2 lidé z organizace" in _enrol_town_of(client, world, 2)
