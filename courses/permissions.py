"""Who may do what in courses. Views, templates and tests ask these functions; the list
filters live in QuerySet methods (`Cohort.objects.visible_to`, `Enrolment.objects.visible_to`)."""

from accounts.permissions import is_platform_admin as is_admin
from accounts.roles import Role


def is_adviser(user) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.ADVISER))


def can_run_cohort(user) -> bool:
    """Who may be a cohort's adviser: advisers and admins."""
    return is_admin(user) or is_adviser(user)


def can_see_all_lessons(user) -> bool:
    """Advisers and admins read every lesson (to prepare and support a cohort) without enrolling."""
    return is_admin(user) or is_adviser(user)


def can_view_lesson(user, enrolment) -> bool:
    """`enrolment`: the person's enrolment in the lesson's course, or None."""
    if can_see_all_lessons(user):
        return True
    return enrolment is not None and enrolment.is_active


def can_enrol_self(user, course) -> bool:
    return bool(user.is_authenticated and course.is_open_for_self_enrolment)


def can_use_dashboard(user) -> bool:
    return is_admin(user) or is_adviser(user)


def can_manage_cohort(user, cohort) -> bool:
    """Admins manage every cohort, advisers the cohorts they run."""
    return is_admin(user) or (is_adviser(user) and cohort.adviser_id == user.pk)


def can_download_certificate(user, certificate) -> bool:
    return bool(user.is_authenticated and (certificate.user_id == user.pk or is_admin(user)))


def can_grant_attempts(user, enrolment) -> bool:
    """Extra quiz attempts: admins for anyone, advisers for the learners of their cohorts;
    nobody for themselves."""
    if not user.is_authenticated or enrolment.user_id == user.pk:
        return False
    if is_admin(user):
        return True
    return bool(
        is_adviser(user)
        and enrolment.cohort_id is not None
        and enrolment.cohort.adviser_id == user.pk
    )


def can_revoke_certificate(user) -> bool:
    return is_admin(user)


def advised_organisations(user):
    """The towns a person advises in the courses: every organisation for admins, for advisers
    the organisations taking part in the cohorts they run, for everyone else none."""
    from accounts.models import Organisation

    if is_admin(user):
        return Organisation.objects.all()
    if is_adviser(user):
        return Organisation.objects.filter(cohorts__adviser=user).distinct()
    return Organisation.objects.none()


def can_issue_team_certificate(user, organisation) -> bool:
    """Town (team) certificates: admins for every town, advisers for the towns they advise."""
    return advised_organisations(user).filter(pk=organisation.pk).exists()
