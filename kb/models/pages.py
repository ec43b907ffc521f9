"""Knowledge base pages: the index, topic sections with articles, the glossary and the library."""

import math
from datetime import date

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.locales import in_any_translation_of, localized
from core.models import BasePage
from kb.blocks import ArticleBodyBlock
from kb.reviews import add_months

WORDS_PER_MINUTE = 200


class KnowledgeBaseIndexPage(BasePage):
    """The front of the knowledge base: topic sections, the glossary and the library."""

    intro = models.TextField(
        _("úvod"),
        blank=True,
        help_text=_("Odstavec pod nadpisem: co tu pracovníci obcí najdou a jak je to aktuální."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["kb.ArticleIndexPage", "kb.GlossaryPage", "kb.DocumentLibraryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("rozcestník znalostní báze")

    def get_context(self, request, *args, **kwargs):
        from kb import queries

        context = super().get_context(request, *args, **kwargs)
        context.update(queries.knowledge_base_overview(self))
        return context


class ArticleIndexPage(BasePage):
    """A topic section of the knowledge base (for example Housing First) with its articles."""

    intro = models.TextField(
        _("úvod"),
        blank=True,
        help_text=_("Jedna nebo dvě věty o tom, čemu se články v tomto oddílu věnují."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kb.KnowledgeBaseIndexPage"]
    subpage_types = ["kb.ArticlePage"]

    class Meta:
        verbose_name = _("oddíl znalostní báze")
        verbose_name_plural = _("oddíly znalostní báze")

    def get_context(self, request, *args, **kwargs):
        from kb import queries
        from kb.forms import AudienceFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = AudienceFilterForm(request.GET or None)
        context["form"] = form
        context["articles"] = queries.article_cards(
            localized(
                ArticlePage.objects.filter(in_any_translation_of(self)).live().public()
            ).filter(**form.filters())
        )
        return context


class ReviewInterval(models.IntegerChoices):
    QUARTER = 3, _("každé 3 měsíce")
    HALF_YEAR = 6, _("každých 6 měsíců")
    YEAR = 12, _("každý rok")
    TWO_YEARS = 24, _("každé 2 roky")


class ArticlePage(RoutablePageMixin, BasePage):
    """A methodology or guide: summary, body with a table of contents, owner and review date."""

    summary = models.TextField(
        _("shrnutí"),
        max_length=400,
        help_text=_(
            "Dvě až tři věty: co se čtenář dozví a k čemu mu to bude. Ukáže se v seznamech."
        ),
    )
    body = StreamField(
        ArticleBodyBlock(),
        verbose_name=_("text článku"),
        help_text=_(
            "Mezititulky H2 a H3 tvoří obsah článku. První výskyt pojmu ze slovníku se "
            "v článku sám označí a vysvětlí."
        ),
    )
    topics = ParentalManyToManyField(
        "core.Topic",
        verbose_name=_("témata"),
        blank=True,
        related_name="articles",
        help_text=_(
            "Metody a nástroje, o kterých článek je. Podle nich se nabízí související obsah."
        ),
    )
    for_politicians = models.BooleanField(
        _("pro politiky"), default=False, help_text=_("Starostové, radní a zastupitelé.")
    )
    for_social_workers = models.BooleanField(
        _("pro sociální pracovníky"), default=False, help_text=_("Sociální odbor, terénní práce.")
    )
    for_housing_department = models.BooleanField(
        _("pro bytový odbor"),
        default=False,
        help_text=_("Správa obecních bytů a jejich přidělování."),
    )
    content_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("garant obsahu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_articles",
        help_text=_("Kdo odpovídá za aktuálnost článku. Dostává připomínky kontroly."),
    )
    last_reviewed_on = models.DateField(
        _("naposledy zkontrolováno"),
        default=date.today,
        help_text=_("Po kontrole obsahu nastavte dnešní datum."),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("kontrolovat"),
        choices=ReviewInterval.choices,
        default=ReviewInterval.YEAR,
        help_text=_("Jak často má garant ověřit, že článek platí."),
    )
    review_due_on = models.DateField(_("příští kontrola"), editable=False, db_index=True)
    reading_minutes = models.PositiveSmallIntegerField(
        _("doba čtení (minuty)"), default=1, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("for_politicians"),
                FieldPanel("for_social_workers"),
                FieldPanel("for_housing_department"),
            ],
            heading=_("Pro koho je článek"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("content_owner"),
                FieldPanel("last_reviewed_on"),
                FieldPanel("review_interval_months"),
            ],
            heading=_("Garant a kontrola aktuálnosti"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("review_due_on"),
    ]
    parent_page_types = ["kb.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("článek znalostní báze")
        verbose_name_plural = _("články znalostní báze")

    def save(self, *args, **kwargs):
        self.review_due_on = add_months(self.last_reviewed_on, self.review_interval_months)
        self.reading_minutes = self.compute_reading_minutes()
        return super().save(*args, **kwargs)

    def compute_reading_minutes(self) -> int:
        words = len(strip_tags(f"{self.summary} {self.body.render_as_block()}").split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @property
    def review_is_overdue(self) -> bool:
        return self.review_due_on is not None and self.review_due_on < timezone.localdate()

    @property
    def audiences(self) -> list[str]:
        labels = [
            (self.for_politicians, _("politici")),
            (self.for_social_workers, _("sociální pracovníci")),
            (self.for_housing_department, _("bytový odbor")),
        ]
        return [str(label) for flag, label in labels if flag]

    @path("")
    def article(self, request):
        from kb.views import article_detail

        return article_detail(request, self)

    @path("zpetna-vazba/")
    def feedback_submit(self, request):
        from kb.views import article_feedback

        return article_feedback(request, self)


class GlossaryPage(BasePage):
    """The A–Z glossary of housing practice."""

    intro = models.TextField(
        _("úvod"),
        blank=True,
        help_text=_("Věta o tom, k čemu slovník je. Pojmy se spravují v Úryvcích → Slovník pojmů."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kb.KnowledgeBaseIndexPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("slovník pojmů")

    def get_context(self, request, *args, **kwargs):
        from kb import queries

        context = super().get_context(request, *args, **kwargs)
        context["letters"] = queries.glossary_by_letter()
        return context


class DocumentLibraryPage(RoutablePageMixin, BasePage):
    """Methodologies, templates, legislation, evaluations and presentations to download."""

    intro = models.TextField(
        _("úvod"),
        blank=True,
        help_text=_(
            "Věta o tom, co v knihovně je. Dokumenty se spravují v administraci Dokumenty."
        ),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["kb.KnowledgeBaseIndexPage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("knihovna dokumentů")

    @path("")
    def listing(self, request):
        from kb.views import document_library

        return document_library(request, self)
