"""Search for people (/search/), suggestions while typing, result clicks, and the JSON API."""

import secrets

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core import page_cache
from core.listing import checkbox_options, query_without_page
from search import analytics, service
from search.analysis import fold
from search.documents import FACETS
from search.labels import facet_labels, kind_labels
from search.models import SearchEntry
from search.permissions import audiences_for

SUGGESTION_COUNT = 5
PAGE_WINDOW = 2  # page links on each side of the current page


def page_window(current: int, count: int, *, radius: int = PAGE_WINDOW) -> list[int | None]:
    """Page numbers to link: the first, the last and `radius` pages around the current one;
    None where pages are skipped ("1 … 4 5 6 7 8 … 40")."""
    shown = sorted({1, count, *range(max(1, current - radius), min(count, current + radius) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return window


def _site_params(request):
    """The site's page parameter is "strana" (as elsewhere on the site); the API's is "page"."""
    params = request.GET.copy()
    if "strana" in params:
        params["page"] = params.pop("strana")[-1]
    return params


def promoted_results(text: str) -> list[dict]:
    """Editors' picks (Wagtail search promotions) for this query: live public pages and
    external links only, so a promotion never shows what the person may not read."""
    from wagtail.contrib.search_promotions.models import Query

    if not text:
        return []
    wanted = " ".join(fold(text).split())
    promoted = []
    queries = (
        Query.objects.filter(editors_picks__isnull=False)
        .distinct()
        .prefetch_related("editors_picks__page")
    )
    for query in queries:
        if " ".join(fold(query.query_string).split()) != wanted:
            continue
        for pick in query.editors_picks.all():
            page = pick.page
            if page is not None and (not page.live or page.get_view_restrictions().exists()):
                continue
            promoted.append(
                {
                    "title": pick.title,
                    "url": page.get_url() if page is not None else pick.external_link_url,
                    "description": pick.description,
                }
            )
    return promoted


@require_GET
@cache_control(private=True)  # each answer logs its query and links results to that log
def search_page(request):
    """The results page. For anonymous visitors the rendered page is kept (core.page_cache:
    per address, language and content generation) with a placeholder for the query-log id
    of its result links: every request still logs its query and gets its own id."""
    key = page_cache.anonymous_view_key(request, "search-page")
    stored = page_cache.rendered(key) if key else None
    if stored is not None:
        content, placeholder, logged = stored
        if logged:
            content = content.replace(placeholder, str(analytics.query_log(**logged).pk).encode())
        return HttpResponse(content)
    labels = service.facet_labels()
    search_request = service.search_request_from(_site_params(request), labels=labels)
    results = service.search(search_request, request.user)
    logged = None
    if search_request.text and search_request.page == 1:
        logged = {
            "text": search_request.text,
            "result_count": results.total,
            "engine": results.engine,
        }
    log_id = analytics.query_log(**logged).pk if logged else ""
    # A kept page has a placeholder where the id goes (unguessable: the query is on the page).
    placeholder = f"log-{secrets.token_hex(8)}" if key and logged else ""
    response = TemplateResponse(
        request,
        "search/search_page.html",
        _page_context(request, search_request, results, labels, placeholder or log_id),
    )
    if not key:
        return response
    response.render()
    if not results.notice:
        kept = (response.content, placeholder.encode(), logged)
        page_cache.keep_rendered(request, response, key, kept)
    if placeholder:
        response.content = response.content.replace(placeholder.encode(), str(log_id).encode())
    return response


def _page_context(request, search_request, results, labels, log_id) -> dict:
    facet_groups = []
    headings = facet_labels()
    for name in FACETS:
        counts = results.facets.get(name, {})
        selected = set(search_request.filters.get(name, ()))
        values = list(counts) + [value for value in selected if value not in counts]
        options = checkbox_options(
            [(value, labels[name].get(value, value)) for value in values],
            counts=counts,
            selected=selected,
        )
        if name == "year":
            options.sort(key=lambda option: option["value"], reverse=True)
        if options:
            facet_groups.append(
                {"name": name, "label": headings.get(name, name), "options": options}
            )
    page_count = max(1, -(-results.total // search_request.page_size))
    return {
        "search_request": search_request,
        "results": results,
        "hits": [
            {"hit": hit, "kind_label": labels["kind"].get(hit.kind, hit.kind), "position": position}
            for position, hit in enumerate(
                results.hits, start=(search_request.page - 1) * search_request.page_size + 1
            )
        ],
        "facet_groups": facet_groups,
        "promoted": service.cached(
            "promoted",
            lambda: promoted_results(search_request.text),
            " ".join(fold(search_request.text).split()),
            get_language(),
        )
        if search_request.page == 1
        else [],
        "log_id": log_id,  # or the placeholder a kept page has in its place
        "page_numbers": page_window(search_request.page, min(page_count, service.MAX_PAGE)),
        "page_count": page_count,
        "previous_page": search_request.page - 1 if search_request.page > 1 else None,
        "next_page": search_request.page + 1
        if search_request.page < min(page_count, service.MAX_PAGE)
        else None,
        "query_without_page": query_without_page(request.GET),
    }


@require_GET
def suggestions(request):
    """Titles of the top results for search-as-you-type (the header's combobox), limited to
    what the person may read; `title_html` is escaped with the matching words in <mark>."""
    params = request.GET.copy()
    params["page"] = "1"
    params["page_size"] = str(SUGGESTION_COUNT)
    results = service.search(service.search_request_from(params), request.user, suggest=False)
    kinds = kind_labels()
    return JsonResponse(
        {
            "suggestions": [
                {
                    "title": hit.title,
                    "title_html": str(hit.title_html),
                    "type_label": kinds.get(hit.kind, hit.kind),
                    "url": hit.url,
                }
                for hit in results.hits
            ],
            "total": results.total,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def result_click(request):
    """Record that a result was opened, then go to it. Only addresses of indexed documents
    the person may read are followed: this is no open redirect."""
    key = request.GET.get("key", "")
    entry = SearchEntry.objects.filter(key=key).only("key", "title", "url", "audiences").first()
    if entry is None or not set(entry.audiences.split()) & audiences_for(request.user):
        raise Http404(_("Takový výsledek neznáme."))
    try:
        position = max(1, min(int(request.GET.get("pos", "1")), 10_000))
        query_id = int(request.GET.get("log", "")) if request.GET.get("log") else None
    except ValueError:
        position, query_id = 1, None
    analytics.click_log(query_id=query_id, key=entry.key, title=entry.title, position=position)
    return redirect(entry.url)


def _api_hit(request, hit, kinds: dict[str, str]) -> dict:
    return {
        "type": hit.kind,
        "type_label": kinds.get(hit.kind, hit.kind),
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url),
        "snippet": str(hit.snippet),
        "date": hit.date.isoformat() if hit.date else None,
        "place": hit.place,
        "missing": list(hit.missing),
    }


@require_GET
def search_api(request):
    """GET /api/search/?q=…: the same search, filters, facets and permissions as the page.

    Invalid paging is a 400 with the reasons; unknown filter values are dropped and listed in
    `warnings`. Signed-in sessions see what their owner may read; everyone else public content.
    """
    search_request = service.search_request_from(request.GET)
    if search_request.paging_problems:
        return JsonResponse(
            {"errors": search_request.paging_problems},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    results = service.search(search_request, request.user)
    kinds = kind_labels()
    return JsonResponse(
        {
            "query": search_request.text,
            "total": results.total,
            "page": search_request.page,
            "page_size": search_request.page_size,
            "sort": search_request.sort,
            "engine": results.engine,
            "notice": results.notice,
            "warnings": search_request.problems,
            "left_out": list(results.left_out),
            "partial": results.partial,
            "suggestion": results.suggestion,
            "results": [_api_hit(request, hit, kinds) for hit in results.hits],
            "facets": results.facets,
        },
        json_dumps_params={"ensure_ascii": False},
    )
