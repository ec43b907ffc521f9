"""The roadmap: the catalogue of milestones on the way to ending housing need (with their
order and what teaches them), each municipality's progress records, and who advises which
municipality.

`MilestoneRecord` is the one source of truth for milestones: the case study's milestone list,
the case-study filters and dashboard counts and the roadmap all read these rows.
"""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, InMemoryStorage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel

from accounts.roles import Role


def evidence_storage():
    """Evidence files live apart from public media and are served only through a view that
    checks who may see them. `STORAGES["roadmap_evidence"]` when configured; otherwise a
    folder outside MEDIA_ROOT (`ROADMAP_EVIDENCE_ROOT`); in memory when the default storage is
    in memory (tests)."""
    if "roadmap_evidence" in settings.STORAGES:
        from django.core.files.storage import storages

        return storages["roadmap_evidence"]
    if settings.STORAGES["default"]["BACKEND"].endswith("InMemoryStorage"):
        return InMemoryStorage()
    return FileSystemStorage(
        location=getattr(
            settings,
            "ROADMAP_EVIDENCE_ROOT",
            os.path.join(settings.BASE_DIR, "private", "roadmap"),
        ),
        base_url=None,
    )


def _evidence_path(instance, filename):
    # A random name: the original one is kept in `evidence_filename` and given on download.
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"evidence/{uuid.uuid4().hex}{extension}"


class Milestone(ClusterableModel):
    """A step on the way to ending housing need: its definition, what proves it, what it
    depends on and what teaches it (the catalogue advisers keep)."""

    name = models.CharField(
        _("název"),
        max_length=120,
        unique=True,
        error_messages={
            "unique": _(
                "Milník s tímto názvem už v katalogu je. Zvolte jiný název nebo upravte ten stávající."
            )
        },
    )
    slug = models.SlugField(
        _("kód"),
        max_length=60,
        unique=True,
        help_text=_("Krátký kód pro filtry a adresy, například „crisis-flat“."),
        error_messages={"unique": _("Milník s tímto kódem už v katalogu je. Zvolte jiný kód.")},
    )
    description = models.TextField(
        _("kdy je splněno"), help_text=_("Podle čeho poznáme, že obec tento krok udělala.")
    )
    evidence = models.TextField(
        _("čím se splnění dokládá"),
        blank=True,
        help_text=_(
            "Například „usnesení zastupitelstva s datem“ nebo „podepsaná nájemní smlouva“."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("pořadí"),
        default=100,
        help_text=_("Menší číslo je na cestě dřív, pokud o pořadí nerozhodují závislosti."),
    )
    requires = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("předpoklady"),
        help_text=_("Milníky, které obec musí splnit dřív (například mapování před pravidly)."),
    )
    topics = ParentalManyToManyField(
        "core.Topic",
        blank=True,
        related_name="milestones",
        verbose_name=_("témata"),
        help_text=_(
            "Metody, které k milníku patří. Články, moduly a příklady se stejným tématem se "
            "nabídnou samy, když žádné nevyberete níže."
        ),
    )
    articles = ParentalManyToManyField(
        "kb.ArticlePage",
        blank=True,
        related_name="+",
        verbose_name=_("články znalostní báze"),
        help_text=_("Co si přečíst; první je doporučený."),
    )
    course_modules = ParentalManyToManyField(
        "courses.CourseModulePage",
        blank=True,
        related_name="+",
        verbose_name=_("moduly kurzů"),
        help_text=_("Který modul absolvovat; podle nich se počítá i připravenost týmu."),
    )
    case_studies = ParentalManyToManyField(
        "casestudies.CaseStudyPage",
        blank=True,
        related_name="+",
        verbose_name=_("příklady dobré praxe"),
        help_text=_("Příklady, které ukazují, jak milník obce splnily."),
    )
    forum_category = models.ForeignKey(
        "forum.Category",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kategorie fóra"),
        help_text=_("Kde spolu obce o tomto kroku mluví."),
    )
    team_size_required = models.PositiveSmallIntegerField(
        _("připravenost týmu"),
        null=True,
        blank=True,
        help_text=_(
            "Kolik lidí z obce musí dokončit vybrané moduly kurzů, aby byl tým připraven. "
            "Prázdné: nesleduje se."
        ),
    )

    class Meta:
        verbose_name = _("milník")
        verbose_name_plural = _("milníky")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class MilestoneRecordQuerySet(models.QuerySet):
    def met(self):
        return self.filter(status=MilestoneRecord.Status.MET)

    def planned(self):
        return self.filter(status=MilestoneRecord.Status.PLANNED)


class MilestoneRecord(models.Model):
    """Where one municipality stands with one milestone: met (when, and what proves it) or
    planned (by when). Recorded by the municipality's adviser."""

    class Status(models.TextChoices):
        MET = "met", _("splněno")
        PLANNED = "planned", _("plánováno")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="milestone_records",
        verbose_name=_("obec"),
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.PROTECT, related_name="records", verbose_name=_("milník")
    )
    status = models.CharField(_("stav"), max_length=10, choices=Status.choices)
    reached_on = models.DateField(_("splněno dne"), null=True, blank=True)
    planned_on = models.DateField(_("plánováno na"), null=True, blank=True)
    evidence = models.TextField(_("doklad"), max_length=2000, blank=True)
    evidence_file = models.FileField(
        _("soubor s dokladem"), upload_to=_evidence_path, storage=evidence_storage, blank=True
    )
    evidence_filename = models.CharField(max_length=200, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    note = models.TextField(_("poznámka"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("zapsal(a)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MilestoneRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("záznam o milníku")
        verbose_name_plural = _("záznamy o milnících")
        ordering = ["organisation", "milestone__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "milestone"], name="milestone_record_once_per_town"
            ),
            models.CheckConstraint(
                condition=(Q(status="met") & Q(reached_on__isnull=False))
                | (Q(status="planned") & Q(reached_on__isnull=True)),
                name="milestone_record_met_has_date",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.milestone} ({self.get_status_display()})"

    @property
    def is_met(self) -> bool:
        return self.status == self.Status.MET


class MunicipalityAdviserQuerySet(models.QuerySet):
    def for_adviser(self, user):
        return self.filter(adviser=user)


class MunicipalityAdviser(models.Model):
    """An adviser of the network who accompanies a municipality (and so records its
    progress and reads its notes). Administrators assign them."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="advisers",
        verbose_name=_("obec"),
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="advised_municipalities",
        verbose_name=_("poradce"),
    )
    since = models.DateField(_("od"), null=True, blank=True)

    objects = MunicipalityAdviserQuerySet.as_manager()

    panels = [FieldPanel("organisation"), FieldPanel("adviser"), FieldPanel("since")]

    class Meta:
        verbose_name = _("poradce obce")
        verbose_name_plural = _("poradci obcí")
        ordering = ["organisation__short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "adviser"], name="municipality_adviser_once"
            ),
        ]

    def __str__(self):
        return f"{self.adviser} → {self.organisation}"

    def clean(self):
        super().clean()
        if self.adviser_id and not self.adviser.has_role(Role.ADVISER):
            raise ValidationError({"adviser": _("Obec může doprovázet jen člověk s rolí poradce.")})
        if self.organisation_id and self.organisation.kind not in (
            "municipality",
            "city_district",
        ):
            raise ValidationError(
                {"organisation": _("Poradce lze přiřadit jen obci nebo městské části.")}
            )
