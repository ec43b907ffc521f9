"""Frequently asked questions of an article that came from the forum (issue 20, item 5).

`ArticleFaqEntry` rows are an inline of the article page: they live in its revisions, so a
new entry is a draft until the article is published through the approval workflow, and the
published page reads them from the table. `FaqProposal` remembers which forum post became an
entry of which article (once per post), so the same answer is never handed over twice.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

FAQ_ANSWER_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ArticleFaqEntry(Orderable):
    """A question and its answer shown in the article's section *Časté otázky z praxe*."""

    page = ParentalKey("kb.ArticlePage", on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(
        _("otázka"), max_length=240, help_text=_("Otázka tak, jak by ji položil čtenář.")
    )
    answer = RichTextField(
        _("odpověď"),
        features=FAQ_ANSWER_FEATURES,
        help_text=_("Odpověď vlastními slovy, bez jmen lidí, kteří ji ve fóru napsali."),
    )
    source_url = models.URLField(
        _("odkaz na diskusi"),
        blank=True,
        help_text=_("Téma ve fóru, ze kterého odpověď pochází."),
    )
    source_title = models.CharField(
        _("název diskuse"), max_length=200, blank=True, help_text=_("Název tématu ve fóru.")
    )
    source_post_id = models.PositiveIntegerField(
        _("příspěvek ve fóru"),
        null=True,
        blank=True,
        editable=False,
        help_text="The forum post the entry was made from (kb.faq.faq_entry_propose).",
    )

    panels = [
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("source_url"),
        FieldPanel("source_title"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("častá otázka")
        verbose_name_plural = _("časté otázky")

    def __str__(self):
        return self.question


class FaqProposal(models.Model):
    """A forum answer handed over to an article as an FAQ entry (one article per post)."""

    source_post_id = models.PositiveIntegerField(_("příspěvek ve fóru"), unique=True)
    article = models.ForeignKey(
        "kb.ArticlePage",
        verbose_name=_("článek"),
        on_delete=models.CASCADE,
        related_name="faq_proposals",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("verze článku"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("navrhl(a)"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("navrženo"), default=timezone.now)
    from_private_discussion = models.BooleanField(
        _("z neveřejné diskuse"),
        default=False,
        help_text=_("Navrhující potvrdil, že odpověď z neveřejné diskuse smí být zveřejněna."),
    )

    class Meta:
        verbose_name = _("odpověď z fóra pro článek")
        verbose_name_plural = _("odpovědi z fóra pro články")
        ordering = ["-proposed_at"]

    def __str__(self):
        return f"#{self.source_post_id} → {self.article_id}"
