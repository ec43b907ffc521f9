"""StreamField blocks shared by the content apps (case studies, articles, lessons).

Their templates are ``templates/blocks/``. Wagtail stores a StructBlock by its children, not
by its class, so moving a block here changed no stored data and no migration.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    """An image with required alternative text and an optional caption."""

    image = ImageChooserBlock(label=_("obrázek"))
    alt_text = blocks.CharBlock(
        label=_("alternativní text"),
        max_length=200,
        help_text=_("Co je na obrázku, pro lidi, kteří ho nevidí. Povinné."),
    )
    caption = blocks.CharBlock(label=_("popisek"), required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Obrázek")


class DocumentBlock(blocks.StructBlock):
    """A link to download a document of the library, named by the editor or by the document."""

    document = DocumentChooserBlock(label=_("dokument"))
    title = blocks.CharBlock(
        label=_("název odkazu"), required=False, help_text=_("Prázdné = název dokumentu.")
    )

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Dokument ke stažení")


class CalloutBlock(blocks.StructBlock):
    """A highlighted box (information, tip or warning) with a heading and a short text."""

    tone = blocks.ChoiceBlock(
        label=_("druh"),
        choices=[("info", _("Informace")), ("tip", _("Tip")), ("warning", _("Pozor"))],
        default="info",
    )
    heading = blocks.CharBlock(label=_("nadpis"), max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        template = "blocks/callout_block.html"
        label = _("Zvýrazněný rámeček")
