"""Search analytics in the Wagtail admin, for advisers and admins: what people search for,
what finds nothing (add a synonym to the glossary or a promotion), what they open."""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import analytics
from search.models import SearchOutbox
from search.permissions import can_see_search_analytics


def analytics_report(request):
    if not can_see_search_analytics(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "search/admin/analytics.html",
        {
            "days": analytics.REPORT_DAYS,
            "top_queries": list(analytics.top_queries()),
            "empty_queries": list(analytics.queries_without_results()),
            "clicked": list(analytics.clicked_results()),
            "pending_changes": SearchOutbox.objects.pending().count(),
        },
    )


@hooks.register("register_admin_urls")
def register_search_analytics_url():
    return [path("vyhledavani/", analytics_report, name="search_analytics")]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_search_analytics(request.user)


@hooks.register("register_reports_menu_item")
def register_search_analytics_menu_item():
    return AnalyticsMenuItem(
        _("Vyhledávání na webu"), reverse("search_analytics"), icon_name="search", order=930
    )
