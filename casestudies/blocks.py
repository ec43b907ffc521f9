"""StreamField blocks of a case study's story."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from core.blocks import CalloutBlock, DocumentBlock, ImageBlock


class TestimonialBlock(blocks.StructBlock):
    testimonial = SnippetChooserBlock("casestudies.Testimonial", label=_("citát"))

    class Meta:
        icon = "openquote"
        template = "blocks/testimonial_block.html"
        label = _("Citát")
        help_text = _("Vyberte citát z knihovny citátů (Úryvky → Citáty).")


class TimelineEventBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("datum"))
    title = blocks.CharBlock(label=_("co se stalo"), max_length=120)
    description = blocks.TextBlock(label=_("podrobnosti"), required=False)

    class Meta:
        icon = "date"
        label = _("Událost")


class TimelineBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("nadpis"), required=False, max_length=120)
    events = blocks.ListBlock(TimelineEventBlock(), label=_("události"), min_num=1)

    class Meta:
        icon = "history"
        template = "blocks/timeline_block.html"
        label = _("Časová osa")
        help_text = _("Události v pořadí, jak šly za sebou.")

    def clean(self, value):
        value = super().clean(value)
        dates = [event["date"] for event in value["events"]]
        if dates != sorted(dates):
            raise StructBlockValidationError(
                block_errors={
                    "events": ValidationError(_("Seřaďte události od nejstarší po nejnovější."))
                }
            )
        return value


class CaseStudyBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("mezititulek"),
        max_length=120,
        form_classname="title",
        template="blocks/heading_block.html",
        help_text=_("Nadpis oddílu příběhu (úroveň h3 pod „Jak to obec udělala“)."),
    )
    text = blocks.RichTextBlock(
        label=_("text"), features=["bold", "italic", "link", "ul", "ol", "h3", "h4"], icon="pilcrow"
    )
    image = ImageBlock()
    testimonial = TestimonialBlock()
    timeline = TimelineBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
