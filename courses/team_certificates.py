"""The certificate of a town's team (issue 20, item 4): what the municipality's members
completed in the courses, issued by an adviser of the town or an administrator, checked by
anyone at its public page, revocable with a reason.

`team_completion` reads the courses' own records (certificates, completed lessons, passed
quizzes) in a fixed number of queries; `team_certificate_issue` copies that reading into the
certificate, so it keeps saying what was true on the day it was issued.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation
from core.absolute_urls import absolute_url
from core.pdf import render_pdf
from courses import permissions, progress
from courses.certificates import qr_code_data_uri
from courses.models import Certificate, CourseModulePage, CoursePage, Enrolment, TeamCertificate
from courses.services import CourseError

ISSUER_NAME = getattr(settings, "COURSES_TEAM_CERTIFICATE_ISSUER", "Platforma pro sociální bydlení")


@dataclass
class ModuleCompletion:
    title: str
    finished: int


@dataclass
class CourseCompletion:
    course: CoursePage
    finished: int
    modules: list[ModuleCompletion] = field(default_factory=list)

    @property
    def has_any(self) -> bool:
        return self.finished > 0 or any(module.finished for module in self.modules)


@dataclass
class TeamCompletion:
    organisation: Organisation
    members_count: int
    courses: list[CourseCompletion]

    @property
    def has_any(self) -> bool:
        return any(course.has_any for course in self.courses)

    def as_record(self) -> list[dict]:
        """What the certificate stores: the courses with something completed."""
        return [
            {
                "course": course.course.title,
                "hours": str(course.course.hours.normalize()),
                "finished": course.finished,
                "modules": [
                    {"title": module.title, "finished": module.finished}
                    for module in course.modules
                ],
            }
            for course in self.courses
            if course.has_any
        ]


def team_completion(organisation: Organisation) -> TeamCompletion:
    """How many of the town's members finished each course (a valid certificate) and each
    module (every lesson read and every quiz passed): nine queries, whatever the numbers of
    members, courses and modules. People who left a course keep what they completed."""
    member_ids = set(
        Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )
    enrolments = list(
        Enrolment.objects.filter(user_id__in=member_ids).only("pk", "user_id", "course_id")
    )
    course_ids = {enrolment.course_id for enrolment in enrolments}
    courses = list(CoursePage.objects.live().filter(pk__in=course_ids).order_by("path"))
    structures = progress.structures_for_courses([course.pk for course in courses])
    modules = list(
        CourseModulePage.objects.live()
        .filter(progress.condition_for_modules(courses))
        .order_by("path")
        .only("pk", "title", "path")
        if courses
        else []
    )
    by_enrolment = progress.progress_for_enrolments(
        [enrolment for enrolment in enrolments if enrolment.course_id in structures], structures
    )
    certified: dict[int, set[int]] = {}
    for user_id, course_id in Certificate.objects.filter(
        user_id__in=member_ids, course_id__in=structures, revoked_at__isnull=True
    ).values_list("user_id", "course_id"):
        certified.setdefault(course_id, set()).add(user_id)
    rows = []
    for course in courses:
        structure = structures[course.pk]
        course_progress = [
            by_enrolment[enrolment.pk]
            for enrolment in enrolments
            if enrolment.course_id == course.pk
        ]
        module_rows = []
        for module in modules:
            if not module.path.startswith(course.path):
                continue
            lessons = [lesson for lesson in structure.lessons if lesson.module_path == module.path]
            if not lessons:
                continue
            finished = sum(
                1
                for learner in course_progress
                if all(learner.lesson_is_done(lesson) for lesson in lessons)
            )
            module_rows.append(ModuleCompletion(title=module.title, finished=finished))
        rows.append(
            CourseCompletion(
                course=course, finished=len(certified.get(course.pk, ())), modules=module_rows
            )
        )
    return TeamCompletion(organisation=organisation, members_count=len(member_ids), courses=rows)


@transaction.atomic
def team_certificate_issue(*, actor, organisation: Organisation) -> TeamCertificate:
    """Issue a certificate of what the town's team has completed today. Advisers of the town
    and administrators only; refused when the team has completed nothing yet."""
    if not permissions.can_issue_team_certificate(actor, organisation):
        raise CourseError(
            _("Certifikát týmu může vydat jen poradce této obce nebo správce platformy."),
            status=403,
        )
    completion = team_completion(organisation)
    if not completion.has_any:
        raise CourseError(
            _(
                "Tým obce {town} zatím nedokončil žádný modul kurzu, certifikát by neměl co "
                "potvrdit. Vydejte ho, až někdo z obce modul dokončí."
            ).format(town=organisation.short_name),
            status=409,
        )
    certificate = TeamCertificate(
        organisation=organisation,
        issued_by=actor,
        municipality_name=organisation.name,
        members_count=completion.members_count,
        completed=completion.as_record(),
        issuer_name=ISSUER_NAME,
    )
    certificate.full_clean()
    certificate.save()
    return certificate


@transaction.atomic
def team_certificate_revoke(*, actor, certificate: TeamCertificate, reason: str) -> TeamCertificate:
    """Revoke a town's certificate with the reason its public page then shows."""
    certificate = TeamCertificate.objects.select_for_update().get(pk=certificate.pk)
    if not permissions.can_issue_team_certificate(actor, certificate.organisation):
        raise CourseError(
            _("Certifikát týmu může zrušit jen poradce této obce nebo správce platformy."),
            status=403,
        )
    reason = (reason or "").strip()
    if not reason:
        raise CourseError(_("Napište důvod zrušení; ukáže se každému, kdo certifikát ověřuje."))
    if certificate.is_revoked:
        raise CourseError(_("Tento certifikát už je zrušený."), status=409)
    certificate.revoked_at = timezone.now()
    certificate.revocation_reason = reason
    certificate.revoked_by = actor
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    return certificate


def team_verification_url(code: str, request=None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("courses:team_certificate", kwargs={"code": code})
    return absolute_url(path, request)


def team_certificate_pdf_bytes(certificate: TeamCertificate, *, request=None) -> bytes:
    """The town's certificate as a tagged PDF/UA-1 in the site's main language."""
    url = team_verification_url(certificate.code, request)
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "pdf/team_certificate.html",
            {
                "certificate": certificate,
                "issued_on": timezone.localtime(certificate.issued_at).date(),
                "verification_url": url,
                "qr_code": qr_code_data_uri(url),
                "LANGUAGE_CODE": settings.LANGUAGE_CODE,
            },
            request=request,
        )
