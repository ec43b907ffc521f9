"""Administrators act on a person's request (export or erasure) from the Wagtail admin;
every action is logged in Wagtail's audit log."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.log_actions import log

from privacy.forms import AdminErasureForm
from privacy.permissions import can_handle_requests
from privacy.services import ErasureRefused, erasure_refusals, person_erase, person_export_archive

SEARCH_LIMIT = 20


def _require(request):
    if not can_handle_requests(request.user):
        raise PermissionDenied


def requests_index(request):
    """Find a person by e-mail or name."""
    _require(request)
    query = request.GET.get("q", "").strip()[:200]
    people = []
    if query:
        people = list(
            get_user_model()
            .objects.filter(Q(email__icontains=query) | Q(last_name__icontains=query))
            .order_by("email")[:SEARCH_LIMIT]
        )
    return TemplateResponse(request, "privacy/admin/index.html", {"query": query, "people": people})


def person_detail(request, user_id: int):
    _require(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    form = AdminErasureForm(request.POST if request.method == "POST" else None)
    refusals = [] if person.is_erased else erasure_refusals(person)
    status = 200
    if request.method == "POST":
        if person.is_erased or refusals:
            status = 409
        elif form.is_valid():
            try:
                person_erase(
                    user=person,
                    erased_by=request.user,
                    reason=form.cleaned_data["reason"],
                    keep_name_on_certificates=form.cleaned_data["keep_name_on_certificates"],
                )
            except ErasureRefused as refusal:
                refusals = [str(refusal)]
                status = 409
            else:
                log(
                    instance=person,
                    action="privacy.erase",
                    user=request.user,
                    data={"reason": form.cleaned_data["reason"]},
                )
                messages.success(request, _("Osobní údaje byly smazány a zásah zaznamenán."))
                return redirect("privacy_admin:person", user_id=person.pk)
        else:
            status = 400
    return TemplateResponse(
        request,
        "privacy/admin/person.html",
        {"person": person, "form": form, "refusals": refusals},
        status=status,
    )


@require_POST
def person_download(request, user_id: int):
    _require(request)
    person = get_object_or_404(get_user_model(), pk=user_id)
    log(instance=person, action="privacy.export", user=request.user)
    archive = person_export_archive(person)
    filename = f"osobni-udaje-{person.pk}-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )
