"""The milestone catalogue and the advisers of municipalities in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from roadmap.forms import MilestoneAdminForm
from roadmap.models import Milestone, MunicipalityAdviser


class _InvalidIs400:
    """A refused form (a dependency cycle, a duplicate name) answers 400, not 200."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class MilestoneCreateView(_InvalidIs400, CreateView):
    pass


class MilestoneEditView(_InvalidIs400, EditView):
    pass


class MilestoneViewSet(SnippetViewSet):
    model = Milestone
    icon = "flag"
    menu_label = _("Milníky")
    list_display = ["name", "slug", "sort_order", "team_size_required"]
    ordering = ["sort_order", "name"]
    add_view_class = MilestoneCreateView
    edit_view_class = MilestoneEditView

    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("evidence"),
            FieldPanel("sort_order"),
            FieldPanel("requires"),
            MultiFieldPanel(
                [
                    FieldPanel("topics"),
                    FieldPanel("articles"),
                    FieldPanel("course_modules"),
                    FieldPanel("case_studies"),
                    FieldPanel("forum_category"),
                ],
                heading=_("Co k milníku učí"),
            ),
            FieldPanel("team_size_required"),
        ],
        base_form_class=MilestoneAdminForm,
    )


class MunicipalityAdviserViewSet(SnippetViewSet):
    model = MunicipalityAdviser
    icon = "group"
    menu_label = _("Poradci obcí")
    list_display = ["organisation", "adviser", "since"]


class RoadmapGroup(SnippetViewSetGroup):
    menu_label = _("Cesta obcí")
    menu_icon = "flag"
    menu_order = 225
    items = (MilestoneViewSet, MunicipalityAdviserViewSet)


register_snippet(RoadmapGroup)
