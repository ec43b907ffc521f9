"""A person's own data: what is held, the download, the erasure."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from privacy.forms import ErasureForm
from privacy.services import ErasureRefused, erasure_refusals, person_erase, person_export_archive


@login_required
@require_GET
def my_data(request):
    return TemplateResponse(
        request,
        "privacy/my_data.html",
        {"refusals": erasure_refusals(request.user)},
    )


@login_required
@require_POST
def my_data_download(request):
    archive = person_export_archive(request.user)
    filename = f"bydleni-v-praxi-moje-data-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(
        archive, as_attachment=True, filename=filename, content_type="application/zip"
    )


@login_required
def account_erase(request):
    form = ErasureForm(request.POST if request.method == "POST" else None, user=request.user)
    refusals = erasure_refusals(request.user)
    status = 200
    if request.method == "POST":
        if refusals:
            status = 409
        elif form.is_valid():
            try:
                person_erase(
                    user=request.user,
                    keep_name_on_certificates=form.cleaned_data["keep_name_on_certificates"],
                )
            except ErasureRefused as refusal:
                refusals = [str(refusal)]
                status = 409
            else:
                logout(request)
                messages.success(
                    request,
                    _("Váš účet a osobní údaje jsme smazali. Děkujeme, že jste byli s námi."),
                )
                return redirect("/")
        else:
            status = 400
    return TemplateResponse(
        request,
        "privacy/account_erase.html",
        # A refusal after the person asked is an error too: the title says "Chyba:".
        {"form": form, "refusals": refusals, "has_errors": status == 409},
        status=status,
    )
