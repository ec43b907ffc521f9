"""Pages every public service owes its users (contact, privacy notice, accessibility
statement, forum terms) and the messages sent through the contact form.

The pages are Wagtail pages under the home page, edited in the CMS and linked from the
footer of every page (``{% legal_footer_links %}``). A contact message is a plain model:
it is stored before the e-mail to the network goes out, so nothing a visitor wrote is lost
when the mail server is down.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from core.absolute_urls import absolute_url
from core.locales import localized
from core.models import BasePage
from legal.forms import ContactForm

LEGAL_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class LegalPage(BasePage):
    """A text the platform publishes for its users: the privacy notice, the forum's terms."""

    summary = models.TextField(
        _("shrnutí"),
        blank=True,
        help_text=_("Dvě až tři věty o tom, co stránka upravuje, pro čtenáře, kteří spěchají."),
    )
    body = RichTextField(
        _("text"),
        features=LEGAL_TEXT_FEATURES,
        help_text=_("Celý text. Nadpisy H2 a H3 jej člení na oddíly."),
    )
    last_updated = models.DateField(
        _("naposledy změněno"),
        help_text=_("Den, od kterého platí toto znění. Změňte ho při každé věcné změně textu."),
    )
    footer_label = models.CharField(
        _("odkaz v patičce"),
        max_length=60,
        blank=True,
        help_text=_("Krátký text odkazu v patičce webu. Prázdné: použije se název stránky."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("last_updated"),
        FieldPanel("footer_label"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "legal/legal_page.html"

    class Meta:
        verbose_name = _("stránka s podmínkami nebo informacemi")
        verbose_name_plural = _("stránky s podmínkami nebo informacemi")


class AccessibilityStatementPage(BasePage):
    """The accessibility statement in the structure that Czech law prescribes (Act No. 99/2019
    Coll. and the model statement of Decree No. 515/2020 Coll.): the body and the site it
    covers, the compliance status, the content that is not accessible and why, how and when
    the statement was prepared and last reviewed, how to report a barrier, and the
    enforcement procedure."""

    class Compliance(models.TextChoices):
        FULL = "full", _("plně v souladu")
        PARTIAL = "partial", _("částečně v souladu")
        NONE = "none", _("není v souladu")

    class Method(models.TextChoices):
        SELF = "self", _("vlastním posouzením provozovatele")
        THIRD_PARTY = "third_party", _("posouzením třetí stranou")

    operator_name = models.CharField(
        _("provozovatel"),
        max_length=200,
        help_text=_("Kdo se zavazuje ke zpřístupnění webu, například název sítě nebo spolku."),
    )
    compliance = models.CharField(
        _("stav souladu"),
        max_length=10,
        choices=Compliance.choices,
        default=Compliance.PARTIAL,
        help_text=_("Výsledek posledního posouzení podle normy uvedené níže."),
    )
    standard = models.CharField(
        _("norma"),
        max_length=120,
        default="ČSN EN 301 549 V3.2.1",
        help_text=_("Harmonizovaná norma, podle které se přístupnost posuzuje."),
    )
    non_compliant_content = RichTextField(
        _("nepřístupný obsah: nesoulad s předpisy"),
        features=LEGAL_TEXT_FEATURES,
        blank=True,
        help_text=_("Co není přístupné, proč, a kdy a jak to bude opraveno."),
    )
    disproportionate_burden = RichTextField(
        _("nepřístupný obsah: nepřiměřená zátěž"),
        features=LEGAL_TEXT_FEATURES,
        blank=True,
        help_text=_("Jen obsah, jehož zpřístupnění by bylo nepřiměřenou zátěží, s odůvodněním."),
    )
    out_of_scope = RichTextField(
        _("obsah mimo rozsah zákona"),
        features=LEGAL_TEXT_FEATURES,
        blank=True,
        help_text=_("Například dokumenty vydané před 23. zářím 2018 nebo obsah třetích stran."),
    )
    prepared_on = models.DateField(
        _("prohlášení vypracováno dne"), help_text=_("Den, kdy bylo prohlášení poprvé vydáno.")
    )
    method = models.CharField(
        _("způsob posouzení"), max_length=12, choices=Method.choices, default=Method.SELF
    )
    assessment_description = RichTextField(
        _("jak se přístupnost ověřuje"),
        features=LEGAL_TEXT_FEATURES,
        blank=True,
        help_text=_("Které kontroly běží automaticky, co se zkoušelo ručně a s jakými nástroji."),
    )
    last_reviewed_on = models.DateField(
        _("poslední posouzení"),
        help_text=_("Den posledního auditu nebo revize prohlášení."),
    )
    feedback_email = models.EmailField(
        _("e-mail pro hlášení bariér"),
        help_text=_("Kam mohou lidé napsat, když na webu narazí na bariéru."),
    )
    feedback_text = RichTextField(
        _("zpětná vazba"),
        features=LEGAL_TEXT_FEATURES,
        blank=True,
        help_text=_("Jak a v jaké lhůtě na hlášení bariéry odpovíte."),
    )
    enforcement = RichTextField(
        _("postupy pro vymáhání"),
        features=LEGAL_TEXT_FEATURES,
        help_text=_(
            "Na koho se obrátit, když odpověď nestačí (podnět Ministerstvu vnitra podle "
            "zákona č. 99/2019 Sb.)."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("operator_name"), FieldPanel("compliance"), FieldPanel("standard")],
            heading=_("Stav souladu"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("non_compliant_content"),
                FieldPanel("disproportionate_burden"),
                FieldPanel("out_of_scope"),
            ],
            heading=_("Nepřístupný obsah"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("prepared_on"),
                FieldPanel("method"),
                FieldPanel("assessment_description"),
                FieldPanel("last_reviewed_on"),
            ],
            heading=_("Vypracování prohlášení"),
        ),
        MultiFieldPanel(
            [FieldPanel("feedback_email"), FieldPanel("feedback_text"), FieldPanel("enforcement")],
            heading=_("Zpětná vazba a vymáhání"),
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "legal/accessibility_statement_page.html"

    class Meta:
        verbose_name = _("prohlášení o přístupnosti")
        verbose_name_plural = _("prohlášení o přístupnosti")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        context["site_root_url"] = absolute_url(
            site.root_page.get_url(request) if site else "/", request
        )
        contact = localized(ContactPage.objects.live().public()).first()
        context["contact_page_url"] = contact.get_url(request) if contact else None
        return context


class ContactPage(BasePage):
    """Who runs the platform and a form that reaches the network's e-mail."""

    intro = RichTextField(
        _("úvod"),
        features=["bold", "italic", "link", "ul"],
        blank=True,
        help_text=_("S čím se na síť obrátit a do kdy lidé dostanou odpověď."),
    )
    address = models.TextField(
        _("adresa a další kontakty"),
        blank=True,
        help_text=_("Poštovní adresa, telefon, datová schránka: co má být na stránce vidět."),
    )
    recipient_email = models.EmailField(
        _("příjemce zpráv"),
        help_text=_(
            "Na tuto adresu sítě přijde každá zpráva z formuláře. Návštěvníkům se nezobrazí."
        ),
    )
    thank_you_text = models.CharField(
        _("poděkování"),
        max_length=240,
        default=_("Děkujeme, zprávu jsme přijali. Odpovíme na e-mail, který jste uvedli."),
        help_text=_("Zobrazí se po odeslání zprávy."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("address"),
        FieldPanel("recipient_email"),
        FieldPanel("thank_you_text"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "legal/contact_page.html"

    class Meta:
        verbose_name = _("kontaktní stránka")
        verbose_name_plural = _("kontaktní stránky")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("form", ContactForm(initial=ContactForm.initial_for(request.user)))
        return context


class ContactMessage(models.Model):
    """A message sent through the contact form, kept so that a failed e-mail loses nothing."""

    page = models.ForeignKey(
        ContactPage, on_delete=models.CASCADE, related_name="messages", verbose_name=_("stránka")
    )
    name = models.CharField(_("jméno"), max_length=120)
    email = models.EmailField(_("e-mail"))
    subject = models.CharField(_("předmět"), max_length=160, blank=True)
    body = models.TextField(_("zpráva"))
    sender = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_messages",
        verbose_name=_("přihlášený odesílatel"),
    )
    created_at = models.DateTimeField(_("přijato"), auto_now_add=True)
    forwarded_at = models.DateTimeField(_("přeposláno"), null=True, blank=True)

    class Meta:
        verbose_name = _("zpráva z kontaktního formuláře")
        verbose_name_plural = _("zprávy z kontaktního formuláře")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name}: {self.subject or self.body[:40]}"
