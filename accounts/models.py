"""People, the organisations they work for, and how they join."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from accounts.regions import Region
from accounts.roles import Role

INVITATION_VALIDITY = timedelta(days=14)
# An erased account keeps its row (posts and certificates point to it) under an address
# of this reserved domain, with no name and no password (privacy.services.person_erase).
ERASED_EMAIL_DOMAIN = "smazany.invalid"


class UserManager(BaseUserManager):
    """Users log in with their e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField(_("e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("uživatel")
        verbose_name_plural = _("uživatelé")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_case_insensitive"),
        ]

    def __str__(self):
        if self.is_erased:
            return str(_("smazaný uživatel"))
        return self.get_full_name() or self.email

    @property
    def is_erased(self) -> bool:
        """True for an account whose personal data were erased."""
        return self.email.endswith("@" + ERASED_EMAIL_DOMAIN)

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @cached_property
    def roles(self) -> frozenset[str]:
        """The roles held through all memberships, read once per user object (one request)."""
        return frozenset(membership.role for membership in self.memberships.all())

    def forget_roles(self) -> None:
        """Drop the cached roles after memberships changed."""
        self.__dict__.pop("roles", None)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class OrganisationQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(is_partner=True)

    def municipalities(self):
        return self.filter(
            kind__in=[Organisation.Kind.MUNICIPALITY, Organisation.Kind.CITY_DISTRICT]
        )


class Organisation(models.Model):
    """A municipality, a city district, or another organisation of the network (the NGO itself)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Obec nebo město")
        CITY_DISTRICT = "city_district", _("Městská část nebo obvod")
        NGO = "ngo", _("Nezisková organizace")
        OTHER = "other", _("Jiná organizace")

    name = models.CharField(
        _("název"), max_length=200, help_text=_("Například „Statutární město Jihlava“.")
    )
    short_name = models.CharField(
        _("krátký název"),
        max_length=80,
        help_text=_("Jak se obci běžně říká, například „Jihlava“ nebo „Praha 10“."),
    )
    slug = models.SlugField(_("adresa"), max_length=80, unique=True)
    kind = models.CharField(
        _("druh"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    region = models.CharField(
        _("kraj"),
        max_length=5,
        choices=Region.choices,
        blank=True,
        help_text=_("Kraj, ve kterém obec leží. U celostátních organizací ponechte prázdné."),
    )
    population = models.PositiveIntegerField(
        _("počet obyvatel"),
        null=True,
        blank=True,
        help_text=_("Podle posledních údajů Českého statistického úřadu."),
    )
    population_year = models.PositiveSmallIntegerField(
        _("rok počtu obyvatel"),
        null=True,
        blank=True,
        help_text=_(
            "K jakému roku počet obyvatel platí (údaj ČSÚ k 1. lednu). Ukazuje se u přepočtů "
            "na 1 000 obyvatel."
        ),
    )
    is_partner = models.BooleanField(
        _("partner sítě"), default=False, help_text=_("Je obec členem sítě partnerství?")
    )
    partner_since = models.DateField(
        _("partnerem od"),
        null=True,
        blank=True,
        help_text=_("Vyplňte jen u partnerů sítě."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organizace")
        verbose_name_plural = _("organizace")
        ordering = ["short_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_partner=True) | Q(partner_since__isnull=True),
                name="organisation_partner_since_only_for_partners",
                violation_error_message=_("Datum partnerství lze vyplnit jen u partnera sítě."),
            ),
        ]

    def __str__(self):
        return self.short_name


class Membership(models.Model):
    """A person's place in an organisation, and the role that comes with it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organizace"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEARNER)
    created_at = models.DateTimeField(_("vytvořeno"), auto_now_add=True)

    class Meta:
        verbose_name = _("členství")
        verbose_name_plural = _("členství")
        ordering = ["organisation__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_per_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def _new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _default_invitation_expiry():
    return timezone.now() + INVITATION_VALIDITY


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link that brings a person into an organisation with a role."""

    email = models.EmailField(_("e-mail"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organizace"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    token = models.CharField(
        max_length=64, unique=True, default=_new_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("pozvánka")
        verbose_name_plural = _("pozvánky")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_accepted_has_person",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)


class JoinRequest(models.Model):
    """A signed-in person asks to join an organisation; an adviser or administrator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("čeká na vyřízení")
        ACCEPTED = "accepted", _("přijata")
        REFUSED = "refused", _("zamítnuta")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("organizace"),
    )
    message = models.TextField(_("zpráva"), max_length=1000, blank=True)
    status = models.CharField(
        _("stav"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("podáno"), auto_now_add=True)
    decided_at = models.DateTimeField(_("vyřízeno"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_requests_decided",
    )
    decision_note = models.TextField(_("zdůvodnění"), max_length=1000, blank=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("žádost o členství")
        verbose_name_plural = _("žádosti o členství")
        ordering = ["-created_at"]
        constraints = [
            # One open request per person at a time: a second one waits for the first.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="join_request_one_pending_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"
