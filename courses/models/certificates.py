"""Certificates: issued once per person and course, verifiable by their code."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _new_certificate_code() -> str:
    """12 characters without look-alikes (0/O, 1/I), grouped in fours: "K7MQ-4XRT-9PZB"."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """Proof that a learner completed a course; issued once, verifiable by its code.

    Name, course title and hours are copied at issue, so a certificate says what it said when
    it was issued even if the person or the course changes later.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    course = models.ForeignKey(
        "courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    code = models.CharField(
        _("ověřovací kód"), max_length=20, unique=True, default=_new_certificate_code
    )
    issued_at = models.DateTimeField(_("vydáno"), default=timezone.now)
    learner_name = models.CharField(_("jméno"), max_length=300)
    course_title = models.CharField(_("kurz"), max_length=255)
    hours = models.DecimalField(_("hodin"), max_digits=4, decimal_places=1)
    issuer_name = models.CharField(_("vydavatel"), max_length=200, blank=True)
    signatory_name = models.CharField(_("podepisuje"), max_length=200, blank=True)
    signatory_role = models.CharField(_("funkce podepisujícího"), max_length=200, blank=True)
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

    class Meta:
        verbose_name = _("certifikát")
        verbose_name_plural = _("certifikáty")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="certificate_once_per_course"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificate_revocation_has_a_reason",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.learner_name}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
