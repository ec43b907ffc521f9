"""The adviser dashboard: cohorts and organisations, learners behind, quiz questions most
often failed, feedback; a cohort's learners, its CSV export and bulk enrolment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csv import csv_response
from courses import dashboard, permissions, services
from courses.forms import CohortEnrolOrganisationForm
from courses.models import Cohort
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


@login_required
def cohort_enrol_organisation(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    cohort = _cohort_or_404(request.user, pk)
    form = CohortEnrolOrganisationForm(request.POST)
    if not form.is_valid():
        return problem(
            request,
            title=_("Zápis organizace se nepovedl"),
            message=" ".join(form.errors["organisation"]),
            status=400,
            back_url=cohort_url(cohort),
            back_label=_("Zpět na skupinu"),
        )
    try:
        count = services.cohort_enrol_organisation_staff(
            cohort=cohort, organisation=form.cleaned_data["organisation"], actor=request.user
        )
    except services.CourseError as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request,
        _("Zapsáno {count} lidí z organizace {organisation}.").format(
            count=count, organisation=form.cleaned_data["organisation"]
        ),
    )
    return redirect(cohort_url(cohort))


def cohort_url(cohort):
    from django.urls import reverse

    return reverse("courses:cohort_detail", kwargs={"pk": cohort.pk})
