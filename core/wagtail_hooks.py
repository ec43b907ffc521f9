from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core import admin_views
from core.models import Topic
from core.permissions import can_manage_outgoing_email


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Témata")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]


register_snippet(TopicViewSet)


@hooks.register("register_admin_urls")
def register_outgoing_email_urls():
    return [
        path(
            "odchozi-emaily/",
            admin_views.outgoing_email_report,
            name="core_outgoing_email_report",
        )
    ]


class OutgoingEmailMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_outgoing_email(request.user)


@hooks.register("register_reports_menu_item")
def register_outgoing_email_menu_item():
    return OutgoingEmailMenuItem(
        _("Odchozí e-maily"), reverse("core_outgoing_email_report"), icon_name="mail", order=990
    )
