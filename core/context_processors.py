"""Template context that every page needs."""

from django.utils.translation import gettext_lazy as _

SITE_NAME = _("Bydlení v praxi")


def site_name(request):
    """The translated site name; the navigation itself comes from `{% main_navigation %}`."""
    return {"SITE_NAME": SITE_NAME}
