"""The fourteen regions (kraje) of Czechia, with the codes of CZ-NUTS 3."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    PRAHA = "CZ010", _("Hlavní město Praha")
    STREDOCESKY = "CZ020", _("Středočeský kraj")
    JIHOCESKY = "CZ031", _("Jihočeský kraj")
    PLZENSKY = "CZ032", _("Plzeňský kraj")
    KARLOVARSKY = "CZ041", _("Karlovarský kraj")
    USTECKY = "CZ042", _("Ústecký kraj")
    LIBERECKY = "CZ051", _("Liberecký kraj")
    KRALOVEHRADECKY = "CZ052", _("Královéhradecký kraj")
    PARDUBICKY = "CZ053", _("Pardubický kraj")
    VYSOCINA = "CZ063", _("Kraj Vysočina")
    JIHOMORAVSKY = "CZ064", _("Jihomoravský kraj")
    OLOMOUCKY = "CZ071", _("Olomoucký kraj")
    ZLINSKY = "CZ072", _("Zlínský kraj")
    MORAVSKOSLEZSKY = "CZ080", _("Moravskoslezský kraj")
