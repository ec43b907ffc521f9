"""Members of closed groups, managed by moderators on the site: add by name, handle or
e-mail (someone without an account gets the platform's invitation and joins the group when
they accept it), remove; every change is logged."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.models import Organisation, User
from forum.models import Category, GroupInvitation, ModerationLogEntry, Subscription
from forum.services.base import ForumError, log, require_moderator


@dataclass
class GroupMemberResult:
    user: User | None = None
    invited_email: str = ""


def _closed(category: Category) -> None:
    if category.visibility != Category.Visibility.CLOSED:
        raise ForumError(_("Členy mají jen uzavřené skupiny; tato kategorie je jiná."))


def _find_person(identifier: str) -> User | None:
    """A person by e-mail address, forum handle (with or without @) or full name; None when
    nobody matches; ForumError when a name matches several people."""
    text = identifier.strip()
    matches = list(
        User.objects.annotate(
            full_name=Lower(Concat("first_name", Value(" "), "last_name"))
        ).filter(
            Q(email__iexact=text)
            | Q(forum_profile__handle=text.lstrip("@").lower())
            | Q(full_name=text.lower()),
            is_active=True,
        )[:2]
    )
    if len(matches) > 1:
        raise ForumError(
            _("Tomuto jménu odpovídá víc lidí. Zadejte prosím jejich e-mail nebo přezdívku.")
        )
    return matches[0] if matches else None


@transaction.atomic
def group_member_add(
    *,
    moderator: User,
    category: Category,
    identifier: str,
    reason: str = "",
    organisation: Organisation | None = None,
    role: str = "",
    request=None,
) -> GroupMemberResult:
    """Add a person to a closed group. An e-mail address without an account sends the
    platform's invitation (to `organisation` with `role`, accounts.services.invitation_create)
    and keeps a group invitation that `group_invitations_apply` fulfils on acceptance."""
    require_moderator(moderator)
    _closed(category)
    identifier = (identifier or "").strip()
    if not identifier:
        raise ForumError(_("Zadejte jméno, přezdívku nebo e-mail člena."))
    person = _find_person(identifier)
    reason = reason.strip() or _("Přidání do skupiny.")
    if person is not None:
        if category.members.filter(pk=person.pk).exists():
            raise ForumError(_("%(name)s už je členem skupiny.") % {"name": person})
        category.members.add(person)
        log(
            moderator=moderator,
            action=ModerationLogEntry.Action.GROUP_ADD,
            category=category,
            member=person,
            reason=reason,
            details=category.name,
        )
        return GroupMemberResult(user=person)
    try:
        validate_email(identifier)
    except ValidationError as error:
        raise ForumError(
            _(
                "Nikoho s tímto jménem ani přezdívkou neznáme. Zadejte jeho e-mail, pošleme "
                "mu pozvánku."
            )
        ) from error
    if organisation is None or not role:
        raise ForumError(
            _(
                "Tato adresa ještě nemá účet. Vyberte organizaci a roli, se kterou ho pozveme, "
                "a odešlete znovu."
            )
        )
    email = identifier.lower()
    if GroupInvitation.objects.filter(
        category=category, email=email, accepted_at__isnull=True
    ).exists():
        raise ForumError(_("Na tuto adresu už pozvánka do skupiny odešla."))
    try:
        account_services.invitation_create(
            email=email, organisation=organisation, role=role, invited_by=moderator, request=request
        )
    except (ValidationError, account_services.InvitationError) as error:
        messages = getattr(error, "messages", None) or [str(error)]
        raise ForumError(" ".join(messages)) from error
    GroupInvitation.objects.create(category=category, email=email, invited_by=moderator)
    log(
        moderator=moderator,
        action=ModerationLogEntry.Action.GROUP_INVITE,
        category=category,
        reason=reason,
        details=f"{email} → {category.name}",
    )
    return GroupMemberResult(invited_email=email)


@transaction.atomic
def group_member_remove(
    *, moderator: User, category: Category, member: User, reason: str = ""
) -> None:
    """Take someone out of a closed group; their subscriptions inside it go too (unless
    they still read it, as a moderator)."""
    require_moderator(moderator)
    _closed(category)
    if not category.members.filter(pk=member.pk).exists():
        raise ForumError(_("%(name)s není členem skupiny.") % {"name": member})
    category.members.remove(member)
    if not Category.objects.visible_to(member).filter(pk=category.pk).exists():
        Subscription.objects.filter(
            Q(topic__category=category) | Q(category=category), user=member
        ).delete()
    log(
        moderator=moderator,
        action=ModerationLogEntry.Action.GROUP_REMOVE,
        category=category,
        member=member,
        reason=reason.strip() or _("Odebrání ze skupiny."),
        details=category.name,
    )


def group_invitations_apply(*, user: User, email: str) -> int:
    """Someone accepted the platform's invitation sent to `email`: they join every closed
    group that waited for that address. Returns how many."""
    pending = list(
        GroupInvitation.objects.select_for_update().filter(
            email=email.strip().lower(), accepted_at__isnull=True
        )
    )
    for invitation in pending:
        invitation.category.members.add(user)
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return len(pending)
