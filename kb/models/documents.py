"""The document library: Wagtail documents with the metadata people filter by."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document, DocumentQuerySet


class DocumentType(models.TextChoices):
    METHODOLOGY = "methodology", _("Metodika")
    TEMPLATE = "template", _("Vzor")
    LEGISLATION = "legislation", _("Legislativa")
    EVALUATION = "evaluation", _("Evaluační zpráva")
    PRESENTATION = "presentation", _("Prezentace")


class DocumentLanguage(models.TextChoices):
    CZECH = "cs", _("čeština")
    ENGLISH = "en", _("angličtina")
    OTHER = "other", _("jiný jazyk")


class TextExtraction(models.TextChoices):
    PENDING = "pending", _("čeká na zpracování")
    DONE = "done", _("text vytažen")
    EMPTY = "empty", _("dokument neobsahuje text")
    FAILED = "failed", _("text se nepodařilo vytáhnout")
    UNSUPPORTED = "unsupported", _("formát bez vytahování textu")


class LibraryDocumentQuerySet(DocumentQuerySet):
    def in_library(self):
        """Documents that editors put in the library: those with a document type."""
        return self.exclude(document_type="")

    def needing_attention(self):
        """Documents whose text could not be extracted (shown to editors with the reason)."""
        return self.filter(text_extraction__in=[TextExtraction.FAILED, TextExtraction.EMPTY])


class LibraryDocument(AbstractDocument):
    """A downloadable document; those with a type are listed in the document library."""

    description = models.TextField(
        _("popis"),
        blank=True,
        help_text=_("Dvě nebo tři věty: co dokument obsahuje a komu pomůže."),
    )
    document_type = models.CharField(
        _("druh dokumentu"),
        max_length=20,
        choices=DocumentType.choices,
        blank=True,
        help_text=_("Dokument s vyplněným druhem se ukáže v knihovně dokumentů."),
    )
    year = models.PositiveSmallIntegerField(
        _("rok"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Rok vydání nebo poslední aktualizace dokumentu."),
    )
    language = models.CharField(
        _("jazyk"),
        max_length=5,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.CZECH,
        help_text=_("Jazyk, ve kterém je dokument napsán."),
    )
    topics = models.ManyToManyField(
        "core.Topic",
        verbose_name=_("témata"),
        blank=True,
        related_name="documents",
        help_text=_("Metody a nástroje, kterých se dokument týká."),
    )
    extracted_text = models.TextField(_("vytažený text"), blank=True, editable=False)
    text_extraction = models.CharField(
        _("vytažení textu"),
        max_length=12,
        choices=TextExtraction.choices,
        default=TextExtraction.PENDING,
        editable=False,
    )
    text_extraction_note = models.CharField(
        _("poznámka k vytažení textu"), max_length=255, blank=True, editable=False
    )
    extracted_from_hash = models.CharField(max_length=40, blank=True, editable=False)

    admin_form_fields = (
        *Document.admin_form_fields,
        "description",
        "document_type",
        "year",
        "language",
        "topics",
    )

    objects = LibraryDocumentQuerySet.as_manager()

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=1990, year__lte=2100),
                name="library_document_year_plausible",
            ),
        ]

    @property
    def needs_text_extraction(self) -> bool:
        return bool(self.file_hash) and self.file_hash != self.extracted_from_hash
