"""Search analytics: what people search for, what finds nothing, what they open."""

from datetime import timedelta

from django.db.models import Count, Max
from django.utils import timezone

from search.analysis import fold
from search.models import SearchClick, SearchQueryLog

REPORT_DAYS = 30


def query_log(*, text: str, result_count: int, engine: str) -> SearchQueryLog:
    return SearchQueryLog.objects.create(
        text=text[:200],
        normalized=" ".join(fold(text).split())[:200],
        result_count=result_count,
        engine=engine,
    )


def click_log(*, query_id: int | None, key: str, title: str, position: int) -> None:
    query = SearchQueryLog.objects.filter(pk=query_id).first() if query_id else None
    SearchClick.objects.create(query=query, key=key, title=title[:500], position=position)


def _since(days: int):
    return timezone.now() - timedelta(days=days)


def top_queries(*, days: int = REPORT_DAYS, limit: int = 50):
    return (
        SearchQueryLog.objects.filter(created_at__gte=_since(days))
        .values("normalized")
        .annotate(searches=Count("id"), results=Max("result_count"), example=Max("text"))
        .order_by("-searches", "normalized")[:limit]
    )


def queries_without_results(*, days: int = REPORT_DAYS, limit: int = 50):
    return (
        SearchQueryLog.objects.filter(created_at__gte=_since(days), result_count=0)
        .values("normalized")
        .annotate(searches=Count("id"), example=Max("text"), last=Max("created_at"))
        .order_by("-searches", "normalized")[:limit]
    )


def clicked_results(*, days: int = REPORT_DAYS, limit: int = 50):
    return (
        SearchClick.objects.filter(created_at__gte=_since(days))
        .values("key")
        .annotate(clicks=Count("id"), title=Max("title"))
        .order_by("-clicks", "key")[:limit]
    )
