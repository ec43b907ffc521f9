"""StreamField blocks of a knowledge base article."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from core.blocks import CalloutBlock, DocumentBlock, ImageBlock

TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ul", "ol"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; h2 and h3 headings build the article's table of contents."""

    text = blocks.CharBlock(label=_("text"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("úroveň"),
        choices=[("h2", _("Nadpis oddílu (H2)")), ("h3", _("Pododdíl (H3)")), ("h4", _("H4"))],
        default="h2",
        help_text=_("Nadpisy H2 a H3 tvoří obsah článku. Nepřeskakujte úrovně."),
    )

    class Meta:
        icon = "title"
        label = _("Mezititulek")
        # Rendered by kb.rendering with its anchor; this template serves previews.
        template = "kb/blocks/heading_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("krok"), max_length=160)
    text = blocks.RichTextBlock(label=_("popis"), features=TEXT_FEATURES, required=False)

    class Meta:
        icon = "arrow-right"
        label = _("Krok")


class StepsBlock(blocks.StructBlock):
    """A numbered procedure: what to do, in order."""

    heading = blocks.CharBlock(label=_("nadpis"), max_length=120, required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("kroky"), min_num=2)

    class Meta:
        icon = "list-ol"
        template = "kb/blocks/steps_block.html"
        label = _("Postup krok za krokem")
        help_text = _("Alespoň dva kroky v pořadí, ve kterém je obec dělá.")


class ChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("nadpis"), max_length=120)
    items = blocks.ListBlock(
        blocks.CharBlock(label=_("položka"), max_length=240), label=_("položky"), min_num=1
    )

    class Meta:
        icon = "tick-inverse"
        template = "kb/blocks/checklist_block.html"
        label = _("Kontrolní seznam")
        help_text = _("Co musí být hotové nebo ověřené, jedna věc na řádek.")


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("popisek tabulky"),
        max_length=200,
        help_text=_("Co tabulka ukazuje. Čtečky obrazovky ho přečtou jako první."),
    )
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("text"))),
            ("number", blocks.DecimalBlock(label=_("číslo"))),
        ],
        label=_("tabulka"),
    )

    class Meta:
        icon = "table"
        template = "kb/blocks/table_block.html"
        label = _("Tabulka")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("otázka"), max_length=240)
    answer = blocks.RichTextBlock(label=_("odpověď"), features=TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Otázka a odpověď")


class FaqBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("nadpis"), max_length=120, default=_("Časté otázky"), required=False
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("otázky"), min_num=1)

    class Meta:
        icon = "help"
        template = "kb/blocks/faq_block.html"
        label = _("Časté otázky")


class RelatedPagesBlock(blocks.StructBlock):
    """Links to case studies, courses and other articles that show the method in practice."""

    heading = blocks.CharBlock(label=_("nadpis"), max_length=120, default=_("Podívejte se také"))
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(
            label=_("stránka"),
            page_type=["casestudies.CaseStudyPage", "kb.ArticlePage", "courses.CoursePage"],
        ),
        label=_("stránky"),
        min_num=1,
        max_num=6,
    )

    class Meta:
        icon = "link"
        template = "kb/blocks/related_pages_block.html"
        label = _("Odkazy na příklady, kurzy a články")

    def clean(self, value):
        value = super().clean(value)
        page_ids = [page.pk for page in value["pages"] if page is not None]
        if len(page_ids) != len(set(page_ids)):
            raise StructBlockValidationError(
                block_errors={"pages": ValidationError(_("Každou stránku uveďte jen jednou."))}
            )
        return value


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(
        label=_("text"),
        features=TEXT_FEATURES,
        icon="pilcrow",
        template="kb/blocks/text_block.html",
    )
    callout = CalloutBlock()
    steps = StepsBlock()
    checklist = ChecklistBlock()
    table = TableBlock()
    faq = FaqBlock()
    image = ImageBlock()
    document = DocumentBlock()
    related_pages = RelatedPagesBlock()

    class Meta:
        block_counts = {"heading": {"min_num": 0}}
