"""Writes with side effects for accounts: memberships, groups, invitations."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Invitation, JoinRequest, Membership, Organisation, User
from accounts.permissions import invitable_roles
from accounts.roles import GROUP_NAMES, STAFF_ROLES, Role
from core.absolute_urls import absolute_url
from core.tasks import email_send


class InvitationError(Exception):
    """An invitation that cannot be accepted; the message is for the person who followed the link."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def user_sync_groups(*, user: User) -> None:
    """Make the person's groups and staff flag follow the roles of their memberships."""
    roles = set(user.memberships.values_list("role", flat=True))
    role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    wanted = [group for group in role_groups if group.name in {GROUP_NAMES[r] for r in roles}]
    others = user.groups.exclude(name__in=GROUP_NAMES.values())
    user.groups.set([*others, *wanted])
    user.forget_roles()
    is_staff = user.is_superuser or bool(roles & STAFF_ROLES)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def membership_set(*, user: User, organisation: Organisation, role: str) -> Membership:
    """Give the person the role in the organisation (creating or updating the membership).

    Their groups follow through the post_save receiver in accounts.signals.
    """
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    user.forget_roles()
    return membership


@transaction.atomic
def invitation_create(
    *, email: str, organisation: Organisation, role: str, invited_by: User, request=None
) -> Invitation:
    """Store an invitation and e-mail its link (sent by a background task after commit)."""
    invitation = Invitation(
        email=email.strip().lower(), organisation=organisation, role=role, invited_by=invited_by
    )
    invitation.full_clean()
    invitation.save()
    path = reverse("accounts:invitation_accept", kwargs={"token": invitation.token})
    link = request.build_absolute_uri(path) if request is not None else path
    inviter = str(invited_by)
    subject = _("Pozvánka do platformy Bydlení v praxi")
    body = _(
        "Dobrý den,\n\n{inviter} vás zve do platformy Bydlení v praxi jako {role} za organizaci "
        "{organisation}.\n\nPozvánku přijmete na této adrese:\n{link}\n\n"
        "Odkaz platí do {expires} a lze ho použít jen jednou. Pokud pozvánku nečekáte, "
        "můžete tento e-mail smazat.\n"
    ).format(
        inviter=inviter,
        role=invitation.get_role_display(),
        organisation=organisation.name,
        link=link,
        expires=timezone.localtime(invitation.expires_at).strftime("%d. %m. %Y %H:%M"),
    )
    transaction.on_commit(
        lambda: email_send.enqueue(subject=subject, body=body, recipients=[invitation.email])
    )
    return invitation


def invitation_check(*, invitation: Invitation, user: User | None = None) -> None:
    """Raise InvitationError when the invitation can no longer be accepted (by this person)."""
    if invitation.is_used:
        raise InvitationError(
            _("Tato pozvánka už byla přijata. Každou pozvánku lze použít jen jednou."), status=410
        )
    if invitation.is_expired:
        raise InvitationError(
            _("Platnost této pozvánky vypršela. Požádejte poradce, který vás zval, o novou."),
            status=410,
        )
    if user is not None and user.email.lower() != invitation.email.lower():
        raise InvitationError(
            _(
                "Tato pozvánka patří adrese {email}. Přihlaste se účtem s touto adresou, "
                "nebo požádejte o pozvánku pro svou adresu."
            ).format(email=invitation.email),
            status=403,
        )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """Use the invitation: the person joins the organisation with the invited role.

    The row is locked so that two clicks at once cannot both succeed.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(token=token)
    )
    invitation_check(invitation=invitation, user=user)
    membership = membership_set(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


class JoinRequestError(Exception):
    """A join request that cannot be made or decided; the message says why."""

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


def _deciders():
    """People who may decide join requests: advisers and administrators (they may invite)."""
    return User.objects.filter(
        is_active=True, memberships__role__in=[Role.ADVISER, Role.ADMIN]
    ).distinct()


def join_request_create(*, user: User, organisation: Organisation, message: str) -> JoinRequest:
    """Ask to join ``organisation``; advisers and administrators are told by e-mail."""
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise JoinRequestError(
            _("Členem organizace {organisation} už jste.").format(organisation=organisation.name),
            status=409,
        )
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                user=user, organisation=organisation, message=message.strip()
            )
    except IntegrityError:
        raise JoinRequestError(
            _(
                "Jednu žádost o členství už máte podanou. Počkejte, až ji poradce vyřídí; "
                "dáme vám vědět e-mailem."
            ),
            status=409,
        ) from None
    recipients = list(_deciders().values_list("email", flat=True))
    if recipients:
        context = {
            "join_request": join_request,
            "link": absolute_url(reverse("accounts:join_requests")),
        }
        subject, body = _render_email("accounts/emails/join_request_new", context)
        transaction.on_commit(
            lambda: email_send.enqueue(subject=subject, body=body, recipients=recipients)
        )
    return join_request


@transaction.atomic
def join_request_decide(
    *, join_request_id: int, decided_by: User, accept: bool, role: str = "", note: str = ""
) -> JoinRequest:
    """Accept (with a role the decider may hand out) or refuse a pending request; the
    person is told by e-mail. The row is locked: two advisers cannot both decide it."""
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("user", "organisation")
        .get(pk=join_request_id)
    )
    if join_request.status != JoinRequest.Status.PENDING:
        raise JoinRequestError(_("Tuto žádost už vyřídil někdo jiný."), status=409)
    if accept:
        if role not in invitable_roles(decided_by):
            raise JoinRequestError(_("Tuto roli nemůžete přidělit."), status=403)
        membership_set(user=join_request.user, organisation=join_request.organisation, role=role)
    join_request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.REFUSED
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.decision_note = note.strip()
    join_request.save()
    context = {
        "join_request": join_request,
        "role": Role(role).label if accept else "",
        "link": absolute_url(reverse("accounts:profile")),
    }
    subject, body = _render_email("accounts/emails/join_request_decided", context)
    recipient = join_request.user.email
    transaction.on_commit(
        lambda: email_send.enqueue(subject=subject, body=body, recipients=[recipient])
    )
    return join_request


def _render_email(name: str, context: dict) -> tuple[str, str]:
    """Subject and body of an e-mail of the network (written in Czech, its working language)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{name}_subject.txt", context)
        body = render_to_string(f"{name}.txt", context)
    return " ".join(subject.split()), body
