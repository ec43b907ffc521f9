"""The home page: the root of the site's page tree and its sections (the main navigation).

Like the ``home`` app of Wagtail's project template, this app sits on top of the others: its
page links to every part of the site and its template shows content from them (partner
municipalities, testimonials), so ``core`` below it stays free of content apps.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from accounts.models import Organisation
from core.models import BasePage


class HomePage(BasePage):
    """The front door: what the network does and the way into each part of the site."""

    intro = models.TextField(
        _("úvod"),
        blank=True,
        help_text=_("Krátký odstavec pod hlavním nadpisem: komu web slouží a s čím pomůže."),
    )
    mission = RichTextField(
        _("o síti"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Text o síti obcí a poradců a o cíli ukončit bezdomovectví a bytovou nouzi."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("mission"),
        InlinePanel("sections", label=_("Části webu"), min_num=0),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # The front pages of the site's parts; each may exist once (their max_count).
    subpage_types = [
        "casestudies.CaseStudyIndexPage",
        "kb.KnowledgeBaseIndexPage",
        "courses.CourseIndexPage",
        "legal.ContactPage",
        "legal.LegalPage",
        "legal.AccessibilityStatementPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections.select_related("link_page").order_by("sort_order")
        context["partner_organisations"] = Organisation.objects.municipalities().partners()
        return context

    class Meta:
        verbose_name = _("domovská stránka")
        verbose_name_plural = _("domovské stránky")


class HomePageSectionQuerySet(models.QuerySet):
    def in_navigation(self):
        """Sections that lead somewhere (a live page or an application address), in order.
        `url()` still checks the address, which may no longer exist."""
        return (
            self.filter(models.Q(link_page__live=True) | ~models.Q(link_url_name=""))
            .select_related("link_page")
            .order_by("sort_order")
        )


class HomePageSection(Orderable):
    """A card on the home page and an item of the main navigation.

    A section without a live page is shown on the home page as "in preparation" and left
    out of the navigation, so that nobody is sent to a page that does not exist yet.
    """

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(
        _("název"), max_length=80, help_text=_("Například „Příklady dobré praxe“.")
    )
    description = models.CharField(
        _("popis"),
        max_length=240,
        help_text=_("Jedna věta o tom, co v této části lidé najdou."),
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("stránka"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Rozcestník této části webu. Dokud není vybrán, karta se ukáže jako připravovaná."
        ),
    )

    link_url_name = models.CharField(
        _("název adresy aplikace"),
        max_length=80,
        blank=True,
        help_text=_(
            "Jen pro části, které nejsou stránkami, například fórum: název adresy "
            "v aplikaci („forum:index“). Vyplňte buď stránku, nebo tento název."
        ),
    )

    objects = HomePageSectionQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("link_page"),
        FieldPanel("link_url_name"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("část webu")
        verbose_name_plural = _("části webu")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.link_page_id and self.link_url_name:
            raise ValidationError(
                {"link_url_name": _("Vyplňte buď stránku, nebo název adresy, ne obojí.")}
            )
        if self.link_url_name:
            try:
                reverse(self.link_url_name)
            except NoReverseMatch:
                raise ValidationError(
                    {"link_url_name": _("Taková adresa v aplikaci neexistuje. Zkontrolujte název.")}
                ) from None

    @property
    def is_available(self) -> bool:
        if self.link_page_id:
            return self.link_page.live
        return self.url() is not None

    def url(self, request=None) -> str | None:
        """Where the card and the navigation item lead, in the active language; None if nowhere."""
        if self.link_page_id:
            return self.link_page.get_url(request) if self.link_page.live else None
        if self.link_url_name:
            try:
                return reverse(self.link_url_name)
            except NoReverseMatch:
                return None
        return None
