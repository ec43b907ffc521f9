"""Pages of learners under /studium/: my courses, certificates, verification, reminders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from courses import permissions, progress, services
from courses.certificates import certificate_pdf_bytes
from courses.forms import CertificateRevokeForm, ReminderPreferenceForm, VerificationForm
from courses.models import Certificate, Enrolment, ReminderPreference
from courses.views.common import problem


@login_required
def my_courses(request):
    """The courses the person is enrolled in, with progress and where to continue."""
    enrolments = list(
        Enrolment.objects.filter(user=request.user)
        .active()
        .select_related("course", "cohort")
        .order_by("-last_activity_at")
    )
    progress_by_id = progress.progress_for_enrolments(enrolments)
    certificates = {
        certificate.course_id: certificate
        for certificate in Certificate.objects.filter(user=request.user)
    }
    rows = [
        {
            "enrolment": enrolment,
            "progress": progress_by_id[enrolment.pk],
            "certificate": certificates.get(enrolment.course_id),
        }
        for enrolment in enrolments
    ]
    return render(
        request,
        "courses/my_courses.html",
        {
            "rows": rows,
            "other_certificates": [
                c
                for c in certificates.values()
                if c.course_id not in {e.course_id for e in enrolments}
            ],
        },
    )


@login_required
def certificate_pdf(request, code):
    certificate = Certificate.objects.filter(code=code.upper()).first()
    # Someone else's certificate is as good as absent: 404, never a hint that it exists.
    if certificate is None or not permissions.can_download_certificate(request.user, certificate):
        raise Http404(_("Takový certifikát mezi vašimi není."))
    if certificate.is_revoked:
        return problem(
            request,
            title=_("Certifikát byl zrušen"),
            message=_(
                "Tento certifikát byl zrušen, a proto ho už nelze stáhnout. Důvod: {reason}"
            ).format(reason=certificate.revocation_reason),
            status=410,
            back_url=reverse("courses:verify_code", kwargs={"code": certificate.code}),
            back_label=_("Zobrazit ověření certifikátu"),
        )
    response = HttpResponse(
        certificate_pdf_bytes(certificate, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"certifikat-{certificate.code}.pdf"
    )
    return response


def verify(request):
    """The public form: enter a code, go to its verification page."""
    form = VerificationForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("courses:verify_code", code=form.cleaned_data["kod"])
    status = 400 if request.GET and not form.is_valid() else 200
    return render(request, "courses/verify.html", {"form": form}, status=status)


def verify_code(request, code):
    certificate = (
        Certificate.objects.filter(code=code.strip().upper()).select_related("course").first()
    )
    if certificate is None:
        # A town's certificate shares the form: its code leads to its own page.
        from courses.models import TeamCertificate

        team = TeamCertificate.objects.filter(code=code.strip().upper()).only("code").first()
        if team is not None:
            return redirect("courses:team_certificate", code=team.code)
        # A bound form with the error on its field: the page says "Chyba:" in its title, the
        # error summary links to the field, and the field is marked invalid.
        form = VerificationForm({"kod": code})
        if form.is_valid():
            form.add_error(
                "kod",
                _(
                    "Certifikát s kódem „{code}“ neexistuje. Zkontrolujte, zda jste kód opsali "
                    "přesně, včetně pomlček."
                ).format(code=code),
            )
        return render(request, "courses/verify.html", {"form": form}, status=404)
    return render(
        request,
        "courses/verify_result.html",
        {
            "certificate": certificate,
            "can_revoke": permissions.can_revoke_certificate(request.user),
        },
    )


@login_required
def certificate_revoke(request, code):
    """Administrators revoke a certificate with a reason; the public page then says so."""
    if not permissions.can_revoke_certificate(request.user):
        raise PermissionDenied(_("Certifikáty mohou rušit jen správci."))
    certificate = get_object_or_404(Certificate, code=code.strip().upper())
    form = CertificateRevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except services.CourseError as error:
            return problem(
                request,
                title=_("Certifikát nelze zrušit"),
                message=error.message,
                status=error.status,
                back_url=reverse("courses:verify_code", kwargs={"code": certificate.code}),
                back_label=_("Zpět na ověření certifikátu"),
            )
        messages.success(request, _("Certifikát je zrušený; účastník dostane e-mail s důvodem."))
        return redirect("courses:verify_code", code=certificate.code)
    return render(
        request,
        "courses/certificate_revoke.html",
        {"certificate": certificate, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def reminder_preferences(request):
    current = ReminderPreference.objects.filter(user=request.user).first()
    form = ReminderPreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={
            "reminders_enabled": current.reminders_enabled if current else True,
            "language": current.language if current else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        services.reminder_preference_set(
            user=request.user,
            enabled=form.cleaned_data["reminders_enabled"],
            language=form.cleaned_data["language"],
        )
        if form.cleaned_data["reminders_enabled"]:
            messages.success(request, _("Připomínky kurzů vám budeme posílat."))
        else:
            messages.success(request, _("Připomínky kurzů jsme vypnuli. Zapnout je můžete zde."))
        return redirect("courses:reminder_preferences")
    return render(
        request,
        "courses/reminder_preferences.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
