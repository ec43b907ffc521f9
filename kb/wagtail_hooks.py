"""The knowledge base in the Wagtail admin: glossary terms and editorial reports."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from kb import admin_views
from kb.models import GlossaryTerm
from kb.permissions import can_see_editorial_reports
from kb.reviews import overdue_articles


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "title"
    menu_label = _("Slovník pojmů")
    list_display = ["term", "synonyms"]
    search_fields = ["term", "synonyms", "definition"]
    ordering = ["term"]


register_snippet(GlossaryTermViewSet)


REPORT_URLS = [
    path("revize/", admin_views.review_report, name="index"),
    path("zpetna-vazba/", admin_views.feedback_report, name="feedback"),
    path("zpetna-vazba/<int:page_id>/", admin_views.feedback_detail, name="feedback_detail"),
    path("dokumenty-bez-textu/", admin_views.documents_report, name="documents"),
]


@hooks.register("register_admin_urls")
def register_kb_report_urls():
    return [path("znalosti/", include((REPORT_URLS, "kb_reviews")))]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_editorial_reports(request.user)


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReportMenuItem(
        _("Články k revizi"), reverse("kb_reviews:index"), icon_name="time", order=900
    )


@hooks.register("register_reports_menu_item")
def register_feedback_report_menu_item():
    return ReportMenuItem(
        _("Zpětná vazba k článkům"), reverse("kb_reviews:feedback"), icon_name="comment", order=910
    )


@hooks.register("register_reports_menu_item")
def register_documents_report_menu_item():
    return ReportMenuItem(
        _("Dokumenty bez textu"), reverse("kb_reviews:documents"), icon_name="doc-full", order=920
    )


class ArticlesDueForReviewPanel(Component):
    """On the admin dashboard: the signed-in owner's articles past their review date."""

    name = "kb_articles_due_for_review"
    template_name = "kb/admin/review_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        articles = overdue_articles(owner=request.user).defer_streamfields()[:10]
        return {"articles": list(articles), "report_url": reverse("kb_reviews:index")}


@hooks.register("construct_homepage_panels")
def add_articles_due_for_review_panel(request, panels):
    if can_see_editorial_reports(request.user):
        panels.append(ArticlesDueForReviewPanel())
