"""Editorial reports of the knowledge base in the Wagtail admin: articles due for review,
readers' feedback per article, and documents whose text could not be extracted."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from kb.models import ArticleFeedback, ArticlePage, LibraryDocument
from kb.permissions import can_see_editorial_reports
from kb.reviews import overdue_articles

PAGE_SIZE = 50


def _require_reports(request):
    if not can_see_editorial_reports(request.user):
        raise PermissionDenied


def review_report(request):
    _require_reports(request)
    only_mine = request.GET.get("kdo") != "vsichni"
    articles = overdue_articles(owner=request.user if only_mine else None).defer_streamfields()
    page_obj = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "kb/admin/review_report.html",
        {"page_obj": page_obj, "only_mine": only_mine, "today": timezone.localdate()},
    )


def feedback_report(request):
    _require_reports(request)
    page_obj = Paginator(ArticleFeedback.objects.summary_by_page(), PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(request, "kb/admin/feedback_report.html", {"page_obj": page_obj})


def feedback_detail(request, page_id: int):
    _require_reports(request)
    article = get_object_or_404(ArticlePage.objects.defer_streamfields(), pk=page_id)
    answers = article.feedback.select_related("user")
    page_obj = Paginator(answers, PAGE_SIZE).get_page(request.GET.get("p"))
    summary = next(iter(ArticleFeedback.objects.filter(page=article).summary_by_page()), None)
    return TemplateResponse(
        request,
        "kb/admin/feedback_detail.html",
        {"article": article, "page_obj": page_obj, "summary": summary},
    )


def documents_report(request):
    _require_reports(request)
    documents = LibraryDocument.objects.needing_attention().defer("extracted_text")
    page_obj = Paginator(documents.order_by("-created_at"), PAGE_SIZE).get_page(
        request.GET.get("p")
    )
    return TemplateResponse(request, "kb/admin/documents_report.html", {"page_obj": page_obj})
