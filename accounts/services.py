"""Writes with side effects for accounts: memberships, groups, invitations."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Invitation, Membership, Organisation, User
from accounts.roles import GROUP_NAMES, STAFF_ROLES
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
