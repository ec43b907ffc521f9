from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import InvitationForm, JoinRequestDecisionForm, JoinRequestForm
from accounts.models import Invitation, JoinRequest, Membership
from accounts.permissions import can_invite
from accounts.services import (
    InvitationError,
    JoinRequestError,
    invitation_accept,
    invitation_check,
    invitation_create,
    join_request_create,
    join_request_decide,
)


@login_required
def profile(request):
    """The signed-in person's own page: organisations, roles and account settings."""
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    may_invite = can_invite(request.user)
    invitations = []
    if may_invite:
        invitations = (
            Invitation.objects.filter(invited_by=request.user)
            .select_related("organisation", "accepted_by")
            .order_by("-created_at")[:20]
        )
    return render(
        request,
        "accounts/profile.html",
        {
            "memberships": memberships,
            "invitations": invitations,
            "can_invite": may_invite,
            "pending_join_request": JoinRequest.objects.pending()
            .filter(user=request.user)
            .select_related("organisation")
            .first(),
            "pending_join_requests": JoinRequest.objects.pending().count() if may_invite else 0,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_new(request):
    if not can_invite(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, inviter=request.user)
    if request.method == "POST" and form.is_valid():
        invitation = invitation_create(
            email=form.cleaned_data["email"],
            organisation=form.cleaned_data["organisation"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            request=request,
        )
        messages.success(
            request,
            _("Pozvánku jsme poslali na {email}. Odkaz platí 14 dní.").format(
                email=invitation.email
            ),
        )
        return redirect("accounts:profile")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/invitation_new.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request, token):
    """Show an invitation and, on POST by the invited person, accept it."""
    invitation = get_object_or_404(Invitation.objects.select_related("organisation"), token=token)
    user = request.user if request.user.is_authenticated else None
    try:
        invitation_check(invitation=invitation, user=user)
        if request.method == "POST":
            if user is None:
                return redirect(f"{reverse('account_login')}?next={request.path}")
            membership = invitation_accept(token=token, user=user)
            messages.success(
                request,
                _("Vítejte! Jste členem organizace {organisation} v roli {role}.").format(
                    organisation=membership.organisation.name, role=membership.get_role_display()
                ),
            )
            return redirect("accounts:profile")
    except InvitationError as error:
        return render(
            request,
            "accounts/invitation_unavailable.html",
            {"message": str(error), "invitation": invitation},
            status=error.status,
        )
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation})


@require_http_methods(["GET", "HEAD", "POST"])
def wagtail_frontend_login(request):
    """Wagtail's `/_util/login/` (its plain Django login form for restricted pages) is not
    served: a password posted there is not read, and everybody is sent to allauth's login
    (rate limits, e-mail verification, the second factor) with the same safe `next`."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


@require_http_methods(["GET", "HEAD", "POST"])
def wagtail_admin_login(request):
    """Wagtail's `/admin/login/` (and WAGTAILADMIN_LOGIN_URL): no form of its own.

    Every sign-in goes through allauth (rate limits, e-mail verification, the second factor):
    visitors are sent to its login and a POST with a password here is not read. A signed-in
    person without access to the admin gets 403 (not the login page again, which would send
    them round in a circle); one with access goes on to `next`. Django's admin login is
    wrapped the same way by allauth's `secure_admin_login` (config/urls.py).
    """
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("wagtailadmin_home")
    if request.user.is_authenticated:
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return redirect(next_url)
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")


@login_required
@require_http_methods(["GET", "POST"])
def join_request_new(request):
    """A signed-in person asks to join a municipality or another organisation."""
    pending = JoinRequest.objects.pending().filter(user=request.user).first()
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                join_request = join_request_create(
                    user=request.user,
                    organisation=form.cleaned_data["organisation"],
                    message=form.cleaned_data["message"],
                )
            except JoinRequestError as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                messages.success(
                    request,
                    _(
                        "Žádost o členství v organizaci {organisation} jsme předali poradcům. "
                        "O rozhodnutí vám dáme vědět e-mailem."
                    ).format(organisation=join_request.organisation.name),
                )
                return redirect("accounts:profile")
        else:
            status = 400
    return render(
        request, "accounts/join_request_new.html", {"form": form, "pending": pending}, status=status
    )


@login_required
@require_GET
def join_requests(request):
    """Pending join requests, for advisers and administrators."""
    if not can_invite(request.user):
        raise PermissionDenied
    pending = JoinRequest.objects.pending().select_related("user", "organisation")
    return render(
        request,
        "accounts/join_requests.html",
        {
            "pending": pending,
            "form": JoinRequestDecisionForm(decider=request.user),
        },
    )


@login_required
@require_POST
def join_request_decide_view(request, pk: int):
    if not can_invite(request.user):
        raise PermissionDenied
    join_request = get_object_or_404(JoinRequest, pk=pk)
    form = JoinRequestDecisionForm(request.POST, decider=request.user)
    if not form.is_valid():
        pending = JoinRequest.objects.pending().select_related("user", "organisation")
        return render(
            request,
            "accounts/join_requests.html",
            {"pending": pending, "form": form, "invalid_pk": join_request.pk},
            status=400,
        )
    accept = form.cleaned_data["decision"] == "accept"
    try:
        join_request_decide(
            join_request_id=join_request.pk,
            decided_by=request.user,
            accept=accept,
            role=form.cleaned_data["role"],
            note=form.cleaned_data["note"],
        )
    except JoinRequestError as error:
        messages.error(request, str(error))
        return redirect("accounts:join_requests")
    messages.success(
        request,
        (
            _("{person} je nyní členem organizace {organisation}.")
            if accept
            else _("Žádost člověka {person} jsme zamítli a dali mu vědět.")
        ).format(person=join_request.user, organisation=join_request.organisation.name),
    )
    return redirect("accounts:join_requests")
