"""Core's screens in the Wagtail admin: the e-mail outbox."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from core.mail import resend
from core.models import OutgoingEmail
from core.permissions import can_manage_outgoing_email

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def outgoing_email_report(request):
    """Messages not delivered yet (waiting for a retry) or given up ("failed"), newest first;
    POST `resend` with the ids of the checked messages sends them again."""
    if not can_manage_outgoing_email(request.user):
        raise PermissionDenied
    if request.method == "POST":
        ids = [value for value in request.POST.getlist("message") if value.isdigit()]
        if not ids:
            messages.error(request, _("Vyberte alespoň jeden e-mail, který chcete odeslat znovu."))
        else:
            count = resend(ids=[int(value) for value in ids])
            messages.success(
                request,
                ngettext(
                    "%(count)s e-mail čeká na nové odeslání.",
                    "%(count)s e-maily čekají na nové odeslání.",
                    count,
                )
                % {"count": count},
            )
        return redirect(request.get_full_path())
    status = request.GET.get("stav", OutgoingEmail.Status.FAILED)
    if status not in OutgoingEmail.Status.values:
        status = OutgoingEmail.Status.FAILED
    emails = OutgoingEmail.objects.filter(status=status).order_by("-created_at", "-pk")
    page_obj = Paginator(emails, PAGE_SIZE).get_page(request.GET.get("p"))
    counts = {
        choice: OutgoingEmail.objects.filter(status=choice).count()
        for choice in (OutgoingEmail.Status.FAILED, OutgoingEmail.Status.PENDING)
    }
    return TemplateResponse(
        request,
        "core/admin/outgoing_email_report.html",
        {
            "page_obj": page_obj,
            "status": status,
            "statuses": OutgoingEmail.Status,
            "failed_count": counts[OutgoingEmail.Status.FAILED],
            "pending_count": counts[OutgoingEmail.Status.PENDING],
        },
    )
