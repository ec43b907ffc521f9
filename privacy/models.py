"""The record of each erasure: who was erased, when, by whom and why (the person's request
or an administrator acting on one). It keeps the account's number, never the name."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Erasure(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="erasure",
        verbose_name=_("anonymizovaný účet"),
    )
    erased_at = models.DateTimeField(_("smazáno"), auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("smazal"),
    )
    by_the_person = models.BooleanField(_("na vlastní žádost v aplikaci"), default=True)
    reason = models.TextField(_("důvod"), blank=True)

    class Meta:
        verbose_name = _("smazání osobních údajů")
        verbose_name_plural = _("smazání osobních údajů")
        ordering = ["-erased_at"]

    def __str__(self):
        return f"#{self.user_id} ({self.erased_at:%Y-%m-%d})"
