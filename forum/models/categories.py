"""Categories and who may read them (the only place that decides it), closed groups' invitations."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from accounts.roles import Role

# Category slugs that would shadow the forum's own addresses.
RESERVED_SLUGS = (
    "novinky",
    "nezodpovezene",
    "upozorneni",
    "nastaveni",
    "odhlasit",
    "moderace",
    "prispevek",
    "priloha",
    "nahled",
)


def user_is_moderator(user) -> bool:
    """Moderators (and admins, and superusers) see and do everything in the forum."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(Role.MODERATOR, Role.ADMIN)


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Categories this person may read (the only place that decides it).

        - public: everyone, signed in or not;
        - partners only: partner members (role *Člen partnerské obce*) through a membership of
          an organisation that is a partner of the network, advisers, moderators and admins.
          Learners do not, even those of a partner municipality: the role, not the
          organisation alone, opens the partners' discussions (README, "Roles");
        - closed group: its named members, moderators and admins.
        """
        public = Q(visibility=Category.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(public)
        if user_is_moderator(user):
            return self.all()
        rule = public | Q(
            Exists(Category.members.through.objects.filter(category=OuterRef("pk"), user=user)),
            visibility=Category.Visibility.CLOSED,
        )
        if user.has_role(Role.ADVISER):
            rule |= Q(visibility=Category.Visibility.PARTNERS)
        else:
            partner_membership = Membership.objects.filter(
                user=user, role=Role.PARTNER_MEMBER, organisation__is_partner=True
            )
            rule |= Q(Exists(partner_membership), visibility=Category.Visibility.PARTNERS)
        return self.filter(rule)

    def audience_key(self, category) -> tuple:
        """What decides who reads `category`: two categories with the same key have the same
        readers (moving a topic between them changes nobody's access)."""
        if category.visibility == Category.Visibility.CLOSED:
            members = Category.members.through.objects.filter(category=category)
            return (category.visibility, frozenset(members.values_list("user_id", flat=True)))
        return (category.visibility,)


class Category(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Veřejná")
        PARTNERS = "partners", _("Jen pro partnery")
        CLOSED = "closed", _("Uzavřená skupina")

    name = models.CharField(_("název"), max_length=120)
    slug = models.SlugField(
        _("adresa"),
        max_length=80,
        unique=True,
        help_text=_("Část adresy kategorie, například „registracni-tyden“."),
    )
    description = models.TextField(
        _("popis"), blank=True, help_text=_("Jedna nebo dvě věty o tom, co do kategorie patří.")
    )
    visibility = models.CharField(
        _("viditelnost"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_(
            "Veřejnou čte každý, jen pro partnery čtou členové partnerských obcí, poradci a "
            "moderátoři, uzavřenou skupinu jen její jmenovití členové a moderátoři."
        ),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="forum_groups",
        verbose_name=_("členové skupiny"),
        help_text=_("Jen u uzavřené skupiny: lidé, kteří ji čtou a píší do ní."),
    )
    order = models.PositiveIntegerField(
        _("pořadí"), default=0, help_text=_("Menší číslo je v seznamu výš.")
    )

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("kategorie fóra")
        verbose_name_plural = _("kategorie fóra")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="forum_category_slug_not_reserved",
                violation_error_message=_(
                    "Tuto adresu používá fórum pro své stránky. Zvolte jinou."
                ),
            ),
            models.CheckConstraint(
                condition=Q(visibility__in=["public", "partners", "closed"]),
                name="forum_category_visibility_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"category": self.slug})


class GroupInvitation(models.Model):
    """A closed group waiting for someone who has no account yet: when an account with this
    address gets its first membership (the platform's invitation), it joins the group."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "email"],
                condition=Q(accepted_at__isnull=True),
                name="forum_group_invitation_open_once",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.category}"
