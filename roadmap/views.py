"""The adviser's record form and the evidence file download. The roadmap itself is a route of
the case-study index (CaseStudyIndexPage.roadmap, its data from roadmap.queries)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Organisation
from casestudies.models import CaseStudyIndexPage
from roadmap import permissions, services
from roadmap.forms import MilestoneRecordForm
from roadmap.models import Milestone, MilestoneRecord


def _municipality(slug) -> Organisation:
    return get_object_or_404(Organisation.objects.municipalities(), slug=slug)


def _forbidden(request, organisation):
    return render(
        request,
        "roadmap/forbidden.html",
        {"organisation": organisation},
        status=403,
    )


@login_required
def milestone_record(request, organisation, milestone):
    """An adviser of the town marks `milestone` as met (date, evidence) or planned (date,
    note). Others: 403 with the reason. A bad form: 400 with the errors, nothing saved."""
    organisation = _municipality(organisation)
    milestone = get_object_or_404(Milestone, slug=milestone)
    if not permissions.advises(request.user, organisation):
        return _forbidden(request, organisation)
    record = MilestoneRecord.objects.filter(organisation=organisation, milestone=milestone).first()
    form = MilestoneRecordForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        record=record,
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filename, content_type = getattr(form, "evidence_file_meta", ("", ""))
        services.milestone_record_set(
            organisation=organisation,
            milestone=milestone,
            status=data["status"],
            reached_on=data["reached_on"],
            planned_on=data["planned_on"],
            evidence=data["evidence"],
            evidence_file=data["evidence_file"],
            evidence_filename=filename,
            evidence_content_type=content_type,
            note=data["note"],
            recorded_by=request.user,
        )
        messages.success(
            request,
            _("Milník „{milestone}“ je u obce {town} zapsaný.").format(
                milestone=milestone.name, town=organisation.short_name
            ),
        )
        return redirect(_roadmap_url(request, organisation))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "roadmap/record_form.html",
        {
            "organisation": organisation,
            "milestone": milestone,
            "record": record,
            "form": form,
            "roadmap_url": _roadmap_url(request, organisation),
        },
        status=status,
    )


@require_GET
def evidence_download(request, organisation, milestone):
    """The evidence file, for the town's members, its advisers and administrators; a 404 for
    everyone else (the file's existence is private)."""
    organisation = _municipality(organisation)
    record = get_object_or_404(
        MilestoneRecord, organisation=organisation, milestone__slug=milestone
    )
    if not record.evidence_file or not permissions.sees_private(request.user, organisation):
        raise Http404
    try:
        handle = record.evidence_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=record.evidence_content_type or "application/octet-stream",
        as_attachment=True,
        filename=record.evidence_filename or "doklad",
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _roadmap_url(request, organisation) -> str:
    index = CaseStudyIndexPage.objects.live().first()
    if index is None:
        raise Http404
    return index.get_url(request) + index.reverse_subpage("roadmap", args=[organisation.slug])
