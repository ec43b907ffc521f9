"""Forum profiles: handle, e-mail mode, visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ForumProfile(models.Model):
    """How a person appears in the forum (a handle for @mentions, never their e-mail) and
    how they want to hear about answers."""

    class EmailMode(models.TextChoices):
        IMMEDIATELY = "immediately", _("Hned e-mailem")
        DAILY = "daily", _("Jednou denně souhrnem")
        OFF = "off", _("Neposílat e-maily")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_profile"
    )
    handle = models.SlugField(
        _("přezdívka pro zmínky"),
        max_length=40,
        unique=True,
        help_text=_("Ostatní vás zmíní napsáním @přezdívka."),
    )
    email_mode = models.CharField(
        _("e-maily o odpovědích a zmínkách"),
        max_length=12,
        choices=EmailMode.choices,
        default=EmailMode.IMMEDIATELY,
    )
    last_visit_at = models.DateTimeField(null=True, blank=True)
    previous_visit_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(
        max_length=10,
        blank=True,
        help_text="The interface language of the person's last visit: e-mails are written in it.",
    )

    class Meta:
        verbose_name = _("profil ve fóru")
        verbose_name_plural = _("profily ve fóru")

    def __str__(self):
        return f"@{self.handle}"
