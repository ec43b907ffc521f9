"""Case studies of good practice: the pages, the catalogue of indicators, the dated values,
and the testimonials. A municipality's milestones are the roadmap's records
(`roadmap.MilestoneRecord`), recorded by its advisers."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from accounts.models import Organisation
from casestudies import dashboard, exports, page_context, queries
from casestudies.blocks import CaseStudyBodyBlock
from core.models import BasePage
from roadmap import queries as roadmap_queries

# Per unit: ngettext's singular and plural msgids (the Czech catalogue adds the 2–4 form) and
# the form after a decimal number („2,5 měsíce“). Non-breaking space between number and unit.
UNIT_FORMS = {
    "households": (
        "{count} domácnost",
        "{count} domácností",
        pgettext_lazy("po desetinném čísle", "{value} domácnosti"),
    ),
    "flats": (
        "{count} byt",
        "{count} bytů",
        pgettext_lazy("po desetinném čísle", "{value} bytu"),
    ),
    "people": (
        "{count} osoba",
        "{count} osob",
        pgettext_lazy("po desetinném čísle", "{value} osoby"),
    ),
    "months": (
        "{count} měsíc",
        "{count} měsíců",
        pgettext_lazy("po desetinném čísle", "{value} měsíce"),
    ),
}


class IndicatorDefinition(models.Model):
    """An outcome that case studies measure, with its unit: the catalogue advisers keep."""

    class Unit(models.TextChoices):
        HOUSEHOLDS = "households", _("domácností")
        FLATS = "flats", _("bytů")
        PEOPLE = "people", _("osob")
        MONTHS = "months", _("měsíců")
        PERCENT = "percent", _("%")
        COUNT = "count", _("počet")

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("více je lépe")
        LOWER_IS_BETTER = "lower", _("méně je lépe")
        NEUTRAL = "neutral", _("bez hodnocení")

    name = models.CharField(
        _("název"), max_length=120, unique=True, help_text=_("Například „Zabydlené domácnosti“.")
    )
    slug = models.SlugField(
        _("kód"),
        max_length=60,
        unique=True,
        help_text=_("Krátký kód pro filtry a export, například „households-housed“."),
    )
    unit = models.CharField(_("jednotka"), max_length=20, choices=Unit.choices)
    description = models.TextField(
        _("definice"),
        help_text=_("Přesně co hodnota znamená, aby ji obce vyplňovaly stejně."),
    )
    is_cumulative = models.BooleanField(
        _("sčítat za obce"),
        default=True,
        help_text=_(
            "Zapnuto: souhrny sčítají poslední hodnoty obcí (např. domácnosti). Vypnuto: ukazují průměr (např. podíl v %)."
        ),
    )
    direction = models.CharField(
        _("směr"),
        max_length=20,
        choices=Direction.choices,
        default=Direction.HIGHER_IS_BETTER,
        help_text=_("Je pro lidi v bytové nouzi lepší vyšší, nebo nižší hodnota?"),
    )
    source = models.TextField(
        _("zdroj"),
        blank=True,
        help_text=_("Odkud obce hodnotu berou, například „evidence nájemních smluv obce“."),
    )
    comparability = models.TextField(
        _("srovnatelnost"),
        blank=True,
        help_text=_("Na co dát pozor, když hodnoty obcí srovnáváte nebo sčítáte."),
    )
    sort_order = models.PositiveSmallIntegerField(_("pořadí"), default=100)

    class Meta:
        verbose_name = _("ukazatel")
        verbose_name_plural = _("ukazatele")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_unit_display()})"

    @property
    def is_percentage(self) -> bool:
        return self.unit == self.Unit.PERCENT

    @property
    def is_whole_number(self) -> bool:
        return self.unit != self.Unit.PERCENT

    @property
    def is_countable_per_inhabitant(self) -> bool:
        """Counts of flats, households and people make sense per 1,000 inhabitants; shares
        and durations do not."""
        return self.is_cumulative and self.unit in (
            self.Unit.HOUSEHOLDS,
            self.Unit.FLATS,
            self.Unit.PEOPLE,
            self.Unit.COUNT,
        )

    def quantity(self, value: Decimal | int | None) -> str:
        """The value with its unit in the right grammatical form: „1 byt“, „3 byty“, „5 bytů“,
        „21 bytů“, „2,5 měsíce“, „85 %“. Empty for None (no data)."""
        if value is None:
            return ""
        value = Decimal(value)
        whole = value == value.to_integral_value()
        number = formats.number_format(value, 0 if whole else 1, use_l10n=True, force_grouping=True)
        if self.unit == self.Unit.PERCENT:
            return f"{number} %"
        forms = UNIT_FORMS.get(self.unit)
        if forms is None:
            return number
        singular, plural, decimal_form = forms
        if not whole:
            return str(decimal_form).format(value=number)
        return ngettext(singular, plural, int(value)).format(count=number)

    def validate_value(self, value: Decimal | None, measured_on: date | None = None) -> None:
        """The rules every value of this indicator obeys. Messages name the row (indicator
        and date), so an editor with a dozen rows knows which one to fix."""
        row = self.name
        if measured_on is not None:
            row = _("{name} ke dni {date}").format(
                name=self.name, date=formats.date_format(measured_on, "j. E Y")
            )
        if measured_on is not None and measured_on > timezone.localdate():
            raise ValidationError(
                {
                    "measured_on": _(
                        "Řádek „{row}“: datum měření nemůže být v budoucnosti."
                    ).format(row=row)
                }
            )
        if value is None:
            return
        if value < 0:
            raise ValidationError(
                {"value": _("Řádek „{row}“: hodnota nemůže být záporná.").format(row=row)}
            )
        if self.is_percentage and value > 100:
            raise ValidationError(
                {
                    "value": _("Řádek „{row}“: podíl v procentech může být nejvýše 100.").format(
                        row=row
                    )
                }
            )
        if self.is_whole_number and value != value.to_integral_value():
            raise ValidationError(
                {"value": _("Řádek „{row}“: ukazatel se počítá v celých číslech.").format(row=row)}
            )


class Testimonial(index.Indexed, models.Model):
    """A quote from someone involved, shown in case studies and reusable on the home page."""

    quote = models.TextField(
        _("citát"), help_text=_("Jen se souhlasem citované osoby, bez úprav smyslu.")
    )
    person_name = models.CharField(_("jméno"), max_length=120)
    person_role = models.CharField(_("funkce"), max_length=160, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organizace"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonials",
    )
    show_on_home_page = models.BooleanField(_("na úvodní stránce"), default=False)

    search_fields = [index.SearchField("quote"), index.SearchField("person_name")]

    class Meta:
        verbose_name = _("citát")
        verbose_name_plural = _("citáty")
        ordering = ["person_name"]

    def __str__(self):
        return f"{self.person_name}: {self.quote[:60]}"


class CaseStudyIndexPage(RoutablePageMixin, BasePage):
    """The list of case studies with filters, comparison, the outcomes dashboard, exports and
    municipality pages. Each route renders the page with the context that casestudies.page_context,
    casestudies.dashboard or roadmap.queries build; the exports are casestudies.exports."""

    intro = models.TextField(
        _("úvod"), blank=True, help_text=_("Jeden odstavec nad seznamem příkladů.")
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("rozcestník příkladů dobré praxe")

    @path("")
    def listing(self, request):
        return self.render(request, context_overrides=page_context.listing_view(request.GET))

    @path("porovnani/")
    def comparison(self, request):
        context = page_context.compare_view(request.GET)
        response = self.render(
            request,
            context_overrides={"index_url": self.get_url(request), **context},
            template="casestudies/compare.html",
        )
        if context["form"].is_bound and context["form"].errors:
            response.status_code = 400
        return response

    @path("vysledky/")
    def dashboard(self, request):
        """Open to everyone: it shows only published case studies."""
        index_url = self.get_url(request)
        return self.render(
            request,
            context_overrides={
                "index_url": index_url,
                "dashboard": dashboard.outcomes_dashboard_data(index_url),
            },
            template="casestudies/dashboard.html",
        )

    @path("export/csv/")
    def export_csv(self, request):
        return exports.indicators_csv(request, self)

    @path("export/xlsx/")
    def export_xlsx(self, request):
        return exports.indicators_xlsx(request, self)

    @path("obce/<slug:slug>/")
    def municipality(self, request, slug):
        context = page_context.municipality_view(slug)
        if context is None:
            raise Http404(gettext("Tato obec zatím nemá zveřejněný příklad dobré praxe."))
        return self.render(
            request,
            context_overrides={"index_url": self.get_url(request), **context},
            template="casestudies/municipality.html",
        )

    @path("obce/<slug:slug>/cesta/")
    def roadmap(self, request, slug):
        """Public for everyone; notes and planned dates for the town's members and advisers."""
        organisation = get_object_or_404(Organisation.objects.municipalities(), slug=slug)
        index_url = self.get_url(request)
        return self.render(
            request,
            context_overrides={
                "index_url": index_url,
                "municipality_url": index_url
                + self.reverse_subpage("municipality", args=[organisation.slug]),
                "organisation": organisation,
                "roadmap": roadmap_queries.municipality_roadmap(organisation, request.user),
            },
            template="roadmap/municipality_roadmap.html",
        )


class CaseStudyPage(RoutablePageMixin, BasePage):
    """One municipality's good practice, with its outcomes over time."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("obec"),
        on_delete=models.PROTECT,
        related_name="case_studies",
        help_text=_(
            "Obec nebo městská část, o které příklad je. Kraj a počet obyvatel se berou z ní."
        ),
    )
    period_start = models.DateField(
        _("začátek"), help_text=_("Kdy obec začala (měsíc stačí, den dejte první).")
    )
    period_end = models.DateField(
        _("konec"), null=True, blank=True, help_text=_("Prázdné, pokud program stále běží.")
    )
    summary = models.TextField(
        _("shrnutí"),
        max_length=600,
        help_text=_(
            "Dvě až tři věty: co obec udělala a s jakým výsledkem. Ukazuje se v seznamu a v tisku."
        ),
    )
    body = StreamField(CaseStudyBodyBlock(), verbose_name=_("příběh"), blank=True)
    topics = ParentalManyToManyField(
        "core.Topic",
        verbose_name=_("použité nástroje"),
        blank=True,
        related_name="case_studies",
        help_text=_("Metody a nástroje, které obec použila. Nové přidáte v Úryvky → Témata."),
    )
    contact_name = models.CharField(_("kontaktní osoba"), max_length=120, blank=True)
    contact_role = models.CharField(_("funkce kontaktní osoby"), max_length=160, blank=True)
    contact_email = models.EmailField(_("e-mail kontaktní osoby"), blank=True)
    related_pages = ParentalManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("související články a kurzy"),
        blank=True,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")], heading=_("Období")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("topics"),
        InlinePanel("indicator_values", label=_("Výsledky (ukazatele v čase)")),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_role"), FieldPanel("contact_email")],
            heading=_("Kontakt"),
        ),
        FieldPanel("related_pages"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("organisation"),
    ]
    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("příklad dobré praxe")
        verbose_name_plural = _("příklady dobré praxe")

    def clean(self):
        super().clean()
        if self.period_end and self.period_start and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Konec nemůže být dřív než začátek.")})

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("pdf/")
    def council_pdf(self, request):
        return exports.case_study_pdf(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(queries.case_study_detail_context(self))
        return context


class CaseStudyIndicatorValue(Orderable):
    """One measured value of an indicator at a date: the case study's results over time."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("ukazatel"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    value = models.DecimalField(
        _("hodnota"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    measured_on = models.DateField(_("ke dni"), help_text=_("Ke kterému dni hodnota platí."))
    note = models.CharField(
        _("poznámka"),
        max_length=200,
        blank=True,
        help_text=_("Co k hodnotě patří, například pravidla programu („pobyt nejvýše 6 měsíců“)."),
    )

    panels = [
        FieldPanel("indicator"),
        FieldPanel("value"),
        FieldPanel("measured_on"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("hodnota ukazatele")
        verbose_name_plural = _("hodnoty ukazatelů")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "indicator", "measured_on"], name="indicator_value_one_per_day"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="indicator_value_not_negative"),
        ]

    def clean(self):
        super().clean()
        if self.indicator_id:
            self.indicator.validate_value(self.value, self.measured_on)
