"""The indicator catalogue advisers keep and the testimonials, as snippets (the milestone
catalogue is the roadmap's: roadmap/wagtail_hooks.py)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from casestudies.models import IndicatorDefinition, Testimonial


class IndicatorDefinitionViewSet(SnippetViewSet):
    model = IndicatorDefinition
    icon = "order"
    menu_label = _("Ukazatele")
    list_display = ["name", "unit", "slug", "is_cumulative", "sort_order"]
    ordering = ["sort_order", "name"]


class TestimonialViewSet(SnippetViewSet):
    model = Testimonial
    icon = "openquote"
    menu_label = _("Citáty")
    list_display = ["person_name", "person_role", "organisation", "show_on_home_page"]
    list_filter = ["show_on_home_page"]
    search_fields = ["quote", "person_name"]


class CaseStudyCataloguesGroup(SnippetViewSetGroup):
    menu_label = _("Dobrá praxe")
    menu_icon = "pick"
    menu_order = 220
    items = (IndicatorDefinitionViewSet, TestimonialViewSet)


register_snippet(CaseStudyCataloguesGroup)
