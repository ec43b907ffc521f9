"""The certificate of a town's team: what the municipality's people completed in the courses.

A plain model beside the person's `Certificate`: a code anyone can check, a public page,
revocation with a reason. Everything it states is copied when it is issued (the town's name,
how many of its members finished each course and module), so it says what it said that day.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models.certificates import _new_certificate_code


class TeamCertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class TeamCertificate(models.Model):
    """Proof of what a municipality's team completed, issued by an adviser or administrator.

    `completed` is a list of courses, each ``{"course": title, "hours": "6", "finished": n,
    "modules": [{"title": title, "finished": n}, ...]}``: ``finished`` counts the town's
    members who completed the course (a valid certificate) or every lesson and quiz of the
    module, from the courses' records at the moment of issue."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("obec"),
        on_delete=models.PROTECT,
        related_name="team_certificates",
    )
    code = models.CharField(
        _("ověřovací kód"), max_length=20, unique=True, default=_new_certificate_code
    )
    issued_at = models.DateTimeField(_("vydáno"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vydal(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    municipality_name = models.CharField(_("název obce"), max_length=200)
    members_count = models.PositiveIntegerField(_("počet členů týmu"))
    completed = models.JSONField(_("dokončené kurzy a moduly"), default=list)
    issuer_name = models.CharField(_("vydavatel"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("zrušeno"), null=True, blank=True)
    revocation_reason = models.TextField(_("důvod zrušení"), max_length=1000, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zrušil(a)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TeamCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certifikát týmu obce")
        verbose_name_plural = _("certifikáty týmů obcí")
        ordering = ["-issued_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="team_certificate_revocation_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.municipality_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
