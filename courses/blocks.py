"""StreamField blocks of a lesson."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import DocumentBlock, ImageBlock


class VideoBlock(blocks.StructBlock):
    """A video file played by the browser, with a transcript for people who cannot hear it."""

    title = blocks.CharBlock(label=_("název videa"), max_length=200)
    file_url = blocks.URLBlock(
        label=_("adresa souboru videa"),
        help_text=_("Adresa souboru MP4 nebo WebM (například z úložiště organizace)."),
    )
    transcript = blocks.TextBlock(
        label=_("přepis"),
        help_text=_("Co ve videu zazní, pro lidi, kteří ho nemohou pustit nebo slyšet. Povinné."),
    )

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"
        label = _("Video")


class CaseStudyLinkBlock(blocks.StructBlock):
    """A pointer to a case study of good practice that shows the lesson's point in a real town."""

    page = blocks.PageChooserBlock(
        label=_("příklad dobré praxe"), page_type="casestudies.CaseStudyPage"
    )
    why = blocks.CharBlock(
        label=_("proč si ho přečíst"),
        max_length=240,
        help_text=_("Jedna věta: co v příkladu účastník uvidí."),
    )

    class Meta:
        icon = "link"
        template = "courses/blocks/case_study_link_block.html"
        label = _("Odkaz na příklad dobré praxe")


class ReflectionQuestionBlock(blocks.StructBlock):
    """A question for the learner to think about in their own municipality; not scored."""

    question = blocks.CharBlock(label=_("otázka"), max_length=300)
    hint = blocks.TextBlock(
        label=_("nápověda"), required=False, help_text=_("Na co se při přemýšlení zaměřit.")
    )

    class Meta:
        icon = "help"
        template = "courses/blocks/reflection_question_block.html"
        label = _("Otázka k zamyšlení")


class QuizPlacementBlock(blocks.StaticBlock):
    """Where the lesson's quiz appears; without this block it comes after the content."""

    class Meta:
        icon = "tasks"
        template = "courses/blocks/quiz_placement_block.html"
        label = _("Kvíz lekce")
        admin_text = _("Sem se vloží kvíz lekce. Otázky a možnosti zadáte níže v části „Kvíz“.")


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("mezititulek"),
        max_length=120,
        form_classname="title",
        template="courses/blocks/heading_block.html",
        help_text=_("Nadpis oddílu lekce (úroveň h2, pod názvem lekce)."),
    )
    text = blocks.RichTextBlock(
        label=_("text"), features=["bold", "italic", "link", "ul", "ol", "h3", "h4"], icon="pilcrow"
    )
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    case_study = CaseStudyLinkBlock()
    reflection = ReflectionQuestionBlock()
    quiz = QuizPlacementBlock()
