"""The contact form's POST: a URL of its own (the page itself only shows the form)."""

import hashlib

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from legal.forms import ContactForm
from legal.models import ContactPage
from legal.services import ContactRateLimited, contact_message_submit


def _client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(address.encode()).hexdigest()[:32]


def _render_contact_page(request, page, form, *, status):
    context = page.get_context(request)
    context["form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


@require_POST
def contact_submit(request, page_id: int):
    page = ContactPage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    form = ContactForm(request.POST)
    if form.is_from_bot:
        # Said as if sent, so that a bot learns nothing; nothing is stored or forwarded.
        messages.success(request, page.thank_you_text)
        return redirect(page.url)
    if not form.is_valid():
        return _render_contact_page(request, page, form, status=400)
    try:
        contact_message_submit(
            page=page,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            sender=request.user,
            client_key=_client_key(request),
        )
    except ContactRateLimited:
        form.add_error(
            None,
            _(
                "Z vaší adresy přišlo v poslední hodině příliš mnoho zpráv. "
                "Zkuste to prosím později, nebo napište přímo na e-mail sítě."
            ),
        )
        return _render_contact_page(request, page, form, status=429)
    messages.success(request, page.thank_you_text)
    return redirect(page.url)
