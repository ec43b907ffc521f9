"""A cohort of one town as the town's team in the forum (issue 20, item 6).

The rule, in one place: the closed working group of a cohort has as members the cohort's
active learners and its adviser. `cohort_forum_group_create` makes the group for a cohort of
exactly one municipality; `course_groups_sync` brings the groups of a course in step for some
people, and runs whenever an enrolment is saved or deleted (the receivers below: enrolling,
leaving, coming back, moving between cohorts, edits in the admin) and after the bulk
enrolment of a town, which writes without signals. People a moderator added by hand, who
never studied in the cohort, are left alone.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _

from accounts.models import Organisation
from courses import permissions
from courses.models import Cohort, Enrolment
from courses.services import CourseError


def municipality_of(organisations) -> Organisation | None:
    """The town whose team a cohort of these organisations is: the only one, when that is a
    municipality or a city district; None otherwise."""
    organisations = list(organisations)
    if len(organisations) != 1:
        return None
    town = organisations[0]
    municipal_kinds = {Organisation.Kind.MUNICIPALITY, Organisation.Kind.CITY_DISTRICT}
    return town if town.kind in municipal_kinds else None


def cohort_municipality(cohort: Cohort) -> Organisation | None:
    return municipality_of(cohort.organisations.all()[:2])


def _reason(cohort: Cohort) -> str:
    return _("Studijní skupina „{cohort}“ kurzu „{course}“.").format(
        cohort=cohort.name, course=cohort.course.title
    )


@transaction.atomic
def cohort_forum_group_create(*, actor, cohort: Cohort):
    """Create the closed working group of a one-town cohort, with its learners and adviser."""
    from forum.working_groups import working_group_create

    if not permissions.can_manage_cohort(actor, cohort):
        raise CourseError(
            _("Pracovní skupinu může založit jen poradce skupiny nebo správce."), status=403
        )
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if cohort.forum_group_id is not None:
        raise CourseError(_("Tato studijní skupina už pracovní skupinu ve fóru má."), status=409)
    town = cohort_municipality(cohort)
    if town is None:
        raise CourseError(
            _(
                "Pracovní skupinu ve fóru lze založit jen pro studijní skupinu jedné obce. "
                "V administraci u studijní skupiny vyberte v poli Organizace právě jednu obec "
                "nebo městskou část a zkuste to znovu."
            )
        )
    group = working_group_create(
        name=_("Pracovní skupina {town}: {cohort}").format(
            town=town.short_name, cohort=cohort.name
        ),
        description=_(
            "Uzavřená skupina týmu obce {town} ze studijní skupiny „{cohort}“ kurzu „{course}“."
        ).format(town=town.short_name, cohort=cohort.name, course=cohort.course.title),
    )
    cohort.forum_group = group
    cohort.save(update_fields=["forum_group"])
    people = set(Enrolment.objects.filter(cohort=cohort).values_list("user_id", flat=True))
    course_groups_sync(course_id=cohort.course_id, user_ids=people | {cohort.adviser_id})
    return group


def course_groups_sync(*, course_id: int, user_ids, gone: frozenset[int] = frozenset()) -> None:
    """Bring the working groups of the course's cohorts in step for these people: a member of
    a cohort's group while actively studying in that cohort (or running it), not otherwise.
    Only people who study or studied the course (and `gone`: enrolments just deleted) are
    taken out; a group's other members are the moderators' business."""
    from forum.working_groups import working_group_members_sync

    user_ids = set(user_ids)
    if not user_ids:
        return
    cohorts = list(
        Cohort.objects.filter(course_id=course_id, forum_group__isnull=False).select_related(
            "forum_group", "course", "adviser"
        )
    )
    if not cohorts:
        return
    studying: dict[int, int | None] = {}
    for user_id, cohort_id, left_at in Enrolment.objects.filter(
        course_id=course_id, user_id__in=user_ids
    ).values_list("user_id", "cohort_id", "left_at"):
        studying[user_id] = cohort_id if left_at is None else None
    learners = set(studying) | (set(gone) & user_ids)
    for cohort in cohorts:
        wanted = {user_id for user_id, cohort_id in studying.items() if cohort_id == cohort.pk}
        managed = set(learners)
        if cohort.adviser_id in user_ids:
            wanted.add(cohort.adviser_id)
            managed.add(cohort.adviser_id)
        working_group_members_sync(
            category=cohort.forum_group,
            wanted=wanted,
            managed=managed,
            actor=cohort.adviser,
            reason=_reason(cohort),
        )


def _enrolment_saved(sender, instance: Enrolment, **kwargs) -> None:
    course_groups_sync(course_id=instance.course_id, user_ids={instance.user_id})


def _enrolment_deleted(sender, instance: Enrolment, **kwargs) -> None:
    course_groups_sync(
        course_id=instance.course_id,
        user_ids={instance.user_id},
        gone=frozenset({instance.user_id}),
    )


def connect_signals() -> None:
    post_save.connect(_enrolment_saved, sender=Enrolment, dispatch_uid="cohort_groups_save")
    post_delete.connect(_enrolment_deleted, sender=Enrolment, dispatch_uid="cohort_groups_delete")
