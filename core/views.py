"""Site-wide views that are not Wagtail pages."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language as django_set_language
from wagtail.models import Page

from core import locales
from core.csrf import origin_checked
from core.health import component_statuses, work_status


def database_status() -> dict:
    """Whether the database answers a trivial query, with its vendor."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return {"ok": False, "vendor": connection.vendor, "error": error.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


@never_cache
@require_GET
def healthz(request):
    """Machine-readable state of the database, the search engine and background work.

    200 while the database answers (the site can serve pages; search falls back to the
    database when Elasticsearch is down), 503 when it does not. "degraded" says that
    something needs an operator: Elasticsearch or its index is missing, or work is stuck
    (tasks, e-mails or index changes waiting too long, no worker seen recently).
    """
    database = database_status()
    components = component_statuses()  # "search", registered by the search app
    work = work_status() if database["ok"] else {}
    healthy = database["ok"] and all(part["ok"] for part in (*components.values(), *work.values()))
    payload = {
        "status": "ok" if healthy else ("degraded" if database["ok"] else "unavailable"),
        "database": database,
        **components,
        **work,
    }
    return JsonResponse(payload, status=200 if database["ok"] else 503)


@require_GET
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /ucet/",
        "Disallow: /en/ucet/",
        f"Sitemap: {sitemap_url}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a RequestContext on purpose: whatever failed may fail again.
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def too_many_requests(request, exception=None):
    return render(request, "429.html", status=429)


@origin_checked
def set_language(request):
    """Django's set_language, resolving `next` in the language of its own address, and
    leading to the page's version in the chosen language when it has one.

    Django resolves `next` in the language of the request; /i18n/setlang/ has no language
    prefix, so that is Czech, and an English address (/en/...) would not resolve and the
    visitor would stay on it after choosing Czech. An English version of a page may live at
    another address than its Czech page (a translated slug): the switch finds it.

    The language switch of every page posts here without a CSRF token: a token would set a
    cookie on every page and make no page cacheable for visitors (core.page_cache). A choice
    another site's page sends is refused by its origin instead (core.csrf).
    """
    next_url = request.POST.get("next", request.GET.get("next", ""))
    language_of_next = translation.get_language_from_path(urlsplit(next_url).path)
    with translation.override(language_of_next or settings.LANGUAGE_CODE):
        response = django_set_language(request)
        target = _page_address_in(request, next_url, request.POST.get("language", ""))
    if target and response.status_code == 302:
        response["Location"] = target
    return response


def _page_address_in(request, next_url: str, language: str) -> str | None:
    """The address of the version in `language` of the Wagtail page at `next_url` (with the
    rest of the address kept: a route of the page, the query), or None when `next_url` is
    not a page or the language is not a content language."""
    if language not in dict(settings.LANGUAGES):
        return None
    parts = urlsplit(next_url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        return None
    result = Page.route_for_request(request, match.args[0] if match.args else "")
    if result is None:
        return None
    page = result[0]
    page_url = locales.page_url(page, request) or ""
    if not parts.path.startswith(page_url):
        return None
    rest = parts.path[len(page_url) :]
    version = locales.translation_for_language(page, language)
    if version is None:
        return None
    with translation.override(language):
        url = locales.page_url(version, request)
    if not url:
        return None
    return url + rest + (f"?{parts.query}" if parts.query else "")
