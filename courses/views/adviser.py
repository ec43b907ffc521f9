"""The adviser dashboard: cohorts and organisations, learners behind, quiz questions most
often failed, feedback; a cohort's learners, its CSV export and bulk enrolment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.csv import csv_response
from courses import attempts, dashboard, permissions, progress, queries, services
from courses.forms import CohortEnrolOrganisationForm, QuizAttemptGrantForm
from courses.models import Cohort, Enrolment
from courses.views.common import problem


def _require_dashboard(user):
    if not permissions.can_use_dashboard(user):
        raise PermissionDenied(_("Přehled studia je určen poradcům a správcům."))


@login_required
def dashboard_index(request):
    _require_dashboard(request.user)
    cohorts = Cohort.objects.visible_to(request.user)
    rows = dashboard.cohort_rows(cohorts)
    cohort_list = [row.cohort for row in rows]
    averages, comments = dashboard.feedback_summary(cohort_list)
    return render(
        request,
        "courses/dashboard.html",
        {
            "rows": rows,
            "used_up": queries.attempts_used_up(
                Enrolment.objects.active().supervised_by(request.user)
            ),
            "changes": queries.cohort_changes(cohort_list),
            "organisation_rows": dashboard.organisation_rows(rows),
            "behind": dashboard.behind_rows(rows),
            "failed_questions": dashboard.failed_questions(cohort_list),
            "feedback_averages": averages,
            "feedback_comments": comments,
        },
    )


def _cohort_or_404(user, pk):
    _require_dashboard(user)
    # A cohort the adviser does not run is as good as absent (404, not 403).
    return get_object_or_404(
        Cohort.objects.visible_to(user).select_related("course", "adviser"), pk=pk
    )


@login_required
def cohort_detail(request, pk):
    cohort = _cohort_or_404(request.user, pk)
    return render(
        request,
        "courses/cohort_detail.html",
        {
            "cohort": cohort,
            "learners": dashboard.learner_rows_of_cohort(cohort),
            "organisations": list(cohort.organisations.all()),
            "changes": queries.cohort_changes([cohort]),
            "form": CohortEnrolOrganisationForm(),
        },
    )


@login_required
def cohort_csv(request, pk):
    cohort = _cohort_or_404(request.user, pk)
    rows = (
        [
            row.user.get_full_name(),
            row.user.email,
            ", ".join(str(o) for o in row.organisations),
            row.percent,
            row.status,
            timezone.localtime(row.enrolment.last_activity_at).date(),
            row.certificate_code,
        ]
        for row in dashboard.learner_rows_of_cohort(cohort)
    )
    return csv_response(
        filename=f"skupina-{cohort.pk}-{timezone.localdate().isoformat()}.csv",
        header=[
            _("Jméno"),
            _("E-mail"),
            _("Organizace"),
            _("Pokrok (%)"),
            _("Stav"),
            _("Poslední aktivita"),
            _("Certifikát"),
        ],
        rows=rows,
    )


def _chosen_user_ids(post) -> set[int] | None:
    """The people the adviser ticked in the preview; None when the form was tampered with."""
    try:
        return {int(value) for value in post.getlist("vybrani")}
    except ValueError:
        return None


@login_required
def cohort_enrol_organisation(request, pk):
    """GET: the preview (who would be added, who studies in another cohort, who left);
    POST: the enrolment, moving only the people ticked in the preview."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    cohort = _cohort_or_404(request.user, pk)
    form = CohortEnrolOrganisationForm(request.POST if request.method == "POST" else request.GET)
    chosen = _chosen_user_ids(request.POST) if request.method == "POST" else set()
    if not form.is_valid() or chosen is None:
        errors = form.errors.get("organisation") or [
            _("Seznam vybraných lidí je poškozený. Načtěte náhled znovu.")
        ]
        return problem(
            request,
            title=_("Zápis organizace se nepovedl"),
            message=" ".join(errors),
            status=400,
            back_url=cohort_url(cohort),
            back_label=_("Zpět na skupinu"),
        )
    organisation = form.cleaned_data["organisation"]
    if request.method == "GET":
        return render(
            request,
            "courses/cohort_enrol_preview.html",
            {
                "cohort": cohort,
                "organisation": organisation,
                "plan": queries.bulk_enrolment_plan(cohort, organisation),
            },
        )
    try:
        result = services.cohort_enrol_organisation_staff(
            cohort=cohort, organisation=organisation, actor=request.user, chosen_user_ids=chosen
        )
    except services.CourseError as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request,
        ngettext(
            "Zapsán {count} člověk z organizace {organisation}.",
            "Zapsáno {count} lidí z organizace {organisation}.",
            result.added,
        ).format(count=result.added, organisation=organisation),
    )
    if result.moved:
        messages.success(
            request,
            ngettext(
                "Z jiné skupiny sem přešel {count} člověk; jeho pokrok zůstal zachován.",
                "Z jiných skupin sem přešlo {count} lidí; jejich pokrok zůstal zachován.",
                result.moved,
            ).format(count=result.moved),
        )
    if result.not_moved:
        messages.info(
            request,
            ngettext(
                "{count} člověk zůstal ve své dosavadní skupině nebo mimo kurz, protože jste ho "
                "nezaškrtli.",
                "{count} lidí zůstalo ve svých dosavadních skupinách nebo mimo kurz, protože "
                "jste je nezaškrtli.",
                result.not_moved,
            ).format(count=result.not_moved),
        )
    return redirect(cohort_url(cohort))


@login_required
def quiz_attempts_grant(request, enrolment_pk):
    """An adviser or administrator gives a learner extra attempts at a quiz, with a reason.
    `?lekce=<id>` preselects the lesson (the dashboard's links do)."""
    _require_dashboard(request.user)
    # Learners the person does not look after are as good as absent (404).
    enrolment = get_object_or_404(
        Enrolment.objects.supervised_by(request.user)
        .active()
        .select_related("user", "course", "cohort"),
        pk=enrolment_pk,
    )
    lessons = [
        item.page for item in progress.course_structure(enrolment.course).lessons if item.has_quiz
    ]
    by_pk = {lesson.pk: lesson for lesson in lessons}
    if request.method == "POST":
        form = QuizAttemptGrantForm(request.POST, lessons=lessons)
    else:
        chosen = request.GET.get("lekce", "")
        form = QuizAttemptGrantForm(
            lessons=lessons, initial={"lesson": int(chosen) if chosen.isdigit() else None}
        )
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.quiz_attempts_grant(
                actor=request.user,
                enrolment=enrolment,
                lesson=by_pk[form.cleaned_data["lesson"]],
                extra_attempts=form.cleaned_data["extra_attempts"],
                reason=form.cleaned_data["reason"],
            )
        except services.CourseError as error:
            return problem(
                request,
                title=_("Pokusy nelze přidat"),
                message=error.message,
                status=error.status,
                back_url=reverse("courses:dashboard"),
                back_label=_("Zpět na přehled studia"),
            )
        messages.success(
            request,
            ngettext(
                "{name} má o {count} pokus víc; dostane o tom e-mail.",
                "{name} má o {count} pokusů víc; dostane o tom e-mail.",
                grant.extra_attempts,
            ).format(name=enrolment.user, count=grant.extra_attempts),
        )
        return redirect("courses:dashboard")
    value = str(form["lesson"].value() or "")
    chosen_lesson = by_pk.get(int(value)) if value.isdigit() else None
    return render(
        request,
        "courses/quiz_attempts_grant.html",
        {
            "enrolment": enrolment,
            "lesson": chosen_lesson,
            "state": attempts.quiz_state(enrolment.user, chosen_lesson) if chosen_lesson else None,
            "history": queries.learner_history(enrolment),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def cohort_url(cohort):
    return reverse("courses:cohort_detail", kwargs={"pk": cohort.pk})
