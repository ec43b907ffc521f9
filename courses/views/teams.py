"""Town (team) certificates: issued by the town's adviser or an administrator, verified by
anyone at /studium/certifikaty-obci/<code>/, revocable with a reason (issue 20, item 4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from courses import permissions
from courses.forms import CertificateRevokeForm
from courses.models import TeamCertificate
from courses.services import CourseError
from courses.team_certificates import (
    team_certificate_issue,
    team_certificate_pdf_bytes,
    team_certificate_revoke,
    team_completion,
)
from courses.views.common import problem


def _team_certificate_or_404(code: str) -> TeamCertificate:
    certificate = TeamCertificate.objects.filter(code=code.strip().upper()).first()
    if certificate is None:
        raise Http404(_("Certifikát obce s tímto kódem neexistuje."))
    return certificate


@login_required
def team_certificate_issue_view(request, organisation):
    """What the town's team has completed, and the button that issues the certificate."""
    town = get_object_or_404(Organisation.objects.municipalities(), slug=organisation)
    if not permissions.can_issue_team_certificate(request.user, town):
        raise PermissionDenied(
            _("Certifikát týmu může vydat jen poradce této obce nebo správce platformy.")
        )
    if request.method == "POST":
        try:
            certificate = team_certificate_issue(actor=request.user, organisation=town)
        except CourseError as error:
            return problem(
                request,
                title=_("Certifikát týmu nelze vydat"),
                message=error.message,
                status=error.status,
                back_url=reverse("courses:team_certificate_issue", args=[town.slug]),
                back_label=_("Zpět na přehled týmu obce"),
            )
        messages.success(request, _("Certifikát týmu je vydaný. Odkaz na něj můžete poslat obci."))
        return redirect("courses:team_certificate", code=certificate.code)
    return render(
        request,
        "courses/team_certificate_issue.html",
        {
            "town": town,
            "completion": team_completion(town),
            "certificates": list(TeamCertificate.objects.filter(organisation=town)),
        },
    )


def team_certificate_view(request, code):
    """The public verification page of a town's certificate."""
    certificate = _team_certificate_or_404(code)
    return render(
        request,
        "courses/team_certificate.html",
        {
            "certificate": certificate,
            "can_revoke": not certificate.is_revoked
            and permissions.can_issue_team_certificate(request.user, certificate.organisation),
        },
    )


def team_certificate_pdf(request, code):
    """The town's certificate as a PDF, for anyone (it names no person); not once revoked."""
    certificate = _team_certificate_or_404(code)
    if certificate.is_revoked:
        return problem(
            request,
            title=_("Certifikát byl zrušen"),
            message=_(
                "Tento certifikát byl zrušen, a proto ho už nelze stáhnout. Důvod: {reason}"
            ).format(reason=certificate.revocation_reason),
            status=410,
            back_url=reverse("courses:team_certificate", kwargs={"code": certificate.code}),
            back_label=_("Zobrazit ověření certifikátu"),
        )
    response = HttpResponse(
        team_certificate_pdf_bytes(certificate, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"certifikat-obce-{certificate.code}.pdf"
    )
    return response


@login_required
def team_certificate_revoke_view(request, code):
    certificate = _team_certificate_or_404(code)
    if not permissions.can_issue_team_certificate(request.user, certificate.organisation):
        raise PermissionDenied(
            _("Certifikát týmu může zrušit jen poradce této obce nebo správce platformy.")
        )
    form = CertificateRevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            team_certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except CourseError as error:
            return problem(
                request,
                title=_("Certifikát nelze zrušit"),
                message=error.message,
                status=error.status,
                back_url=reverse("courses:team_certificate", kwargs={"code": certificate.code}),
                back_label=_("Zpět na ověření certifikátu"),
            )
        messages.success(request, _("Certifikát týmu je zrušený; stránka ověření to ukazuje."))
        return redirect("courses:team_certificate", code=certificate.code)
    return render(
        request,
        "courses/team_certificate_revoke.html",
        {"certificate": certificate, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def cohort_forum_group(request, pk):
    """Create the closed working group of a one-town cohort (its learners become members)."""
    from courses.cohort_groups import cohort_forum_group_create
    from courses.views.adviser import _cohort_or_404, cohort_url

    cohort = _cohort_or_404(request.user, pk)
    try:
        group = cohort_forum_group_create(actor=request.user, cohort=cohort)
    except CourseError as error:
        return problem(
            request,
            title=_("Pracovní skupinu nelze založit"),
            message=error.message,
            status=error.status,
            back_url=cohort_url(cohort),
            back_label=_("Zpět na skupinu"),
        )
    messages.success(
        request,
        _("Pracovní skupina „{name}“ je založená; účastníci skupiny jsou jejími členy.").format(
            name=group.name
        ),
    )
    return redirect(cohort_url(cohort))
