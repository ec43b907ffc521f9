"""Demo of towns' teams (issue 20, items 4 and 6): a cohort of one town with its closed
working group in the forum, and a certificate of what the town's team completed. Read from
`courses/demo_content/teams.toml`; idempotent (a second run changes nothing)."""

import tomllib
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import Organisation, User
from accounts.roles import Role
from accounts.services import membership_set
from courses import progress, services
from courses.cohort_groups import cohort_forum_group_create
from courses.models import Cohort, CoursePage, Enrolment, TeamCertificate
from courses.team_certificates import team_certificate_issue

DATA = Path(__file__).parent / "demo_content" / "teams.toml"


def _learner(data: dict, town: Organisation) -> User:
    user = User.objects.filter(email=data["email"]).first()
    if user is None:
        user = User.objects.create_user(
            data["email"], None, first_name=data["first_name"], last_name=data["last_name"]
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        membership_set(user=user, organisation=town, role=Role.LEARNER)
    return user


def _cohort(data: dict, course: CoursePage, study, stdout) -> None:
    town = Organisation.objects.get(slug=data["municipality"])
    adviser = User.objects.get(email=data["adviser"])
    today = timezone.localdate()
    cohort, created = Cohort.objects.get_or_create(
        course=course,
        name=data["name"],
        defaults={
            "adviser": adviser,
            "start_date": today + timedelta(days=data["start_in_days"]),
            "deadline": today + timedelta(days=data["deadline_in_days"]),
        },
    )
    if not created:
        return
    cohort.organisations.set([town])
    structure = progress.course_structure(course)
    for learner in data["learners"]:
        user = _learner(learner, town)
        if Enrolment.objects.filter(user=user, course=course).exists():
            continue
        services.enrolment_create(
            user=user, course=course, cohort=cohort, by_adviser=True, actor=adviser
        )
        for module in structure.modules[: learner["modules_done"]]:
            study(user, course, [lesson.page for lesson in module.lessons])
    group = cohort_forum_group_create(actor=adviser, cohort=cohort)
    stdout.write(f"  team cohort {cohort.name} with the forum group {group.name}")


def _certificate(data: dict, stdout) -> None:
    town = Organisation.objects.get(slug=data["municipality"])
    if TeamCertificate.objects.filter(organisation=town).exists():
        return
    issuer = User.objects.get(email=data["issued_by"])
    certificate = team_certificate_issue(actor=issuer, organisation=town)
    TeamCertificate.objects.filter(pk=certificate.pk).update(code=data["code"])
    stdout.write(f"  team certificate {data['code']} of {town.short_name}")


def load(*, course: CoursePage, study, stdout) -> None:
    """`study(user, course, lessons)` reads the lessons and passes their quizzes."""
    if not User.objects.filter(email="poradce@demo.example").exists():
        return
    records = tomllib.loads(DATA.read_text(encoding="utf-8"))
    for data in records.get("team_cohorts", []):
        _cohort(data, course, study, stdout)
    for data in records.get("team_certificates", []):
        _certificate(data, stdout)
