"""Whole pages for anonymous visitors, kept in the "pages" cache and emptied on any change.

`AnonymousPageCacheMiddleware` answers a GET or HEAD from the cache when the request can
belong to no one: no session cookie (so nobody is signed in), no messages cookie (no message
waits to be shown), no Authorization header. It stores a response only when it is the same
for every such visitor: a 200, not streamed, setting no cookie (a page with a form sets the
CSRF cookie, a view that writes to the session sets the session cookie: both stay
uncached, except the pages of `CSRF_TOKEN_PAGES`, kept with a placeholder where the token
was and given each visitor's own token when served), not marked `private`, `no-cache` or `no-store` (e.g. `@cache_control(private=True)`),
and varying on nothing but the language and cookies. The key holds the host, the scheme,
the active language (the URL's prefix, or Accept-Language and the language cookie outside
`i18n_patterns`) and the whole path with its query string.

Invalidation is by **generation**: every key carries the current generation token, kept in
the same cache, and `invalidate()` replaces it with a new random one, so the next request
misses and the old entries expire on their own (the cache's TIMEOUT, PAGE_CACHE_SECONDS).
It is called when anything a page may show changes: any model saved or deleted (except the
write-heavy records no page shows, `IGNORED_MODELS`), Wagtail's page publish/unpublish/move
signals, and when a search index drain task finishes (search results come from the index).
It is called again when the transaction commits, so a page rendered from the old data
between the change and its commit is not kept. Emptying everything on any change is coarse
but cannot miss a page that shows the changed object (lists, the home page, the dashboard,
search): edits are rare next to reads.

The "pages" cache is file-based by default (config/settings/base.py): every gunicorn worker
of the machine reads the same files, so an invalidation in one worker is seen by all at once
without a new service. See docs/benchmarks.md ("Pages under load").
"""

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
CACHE_ALIAS = "pages"
# Records written while people read or sign in, which no cached page shows: a change to
# them must not empty the cache ("app_label.model_name").
IGNORED_MODELS = frozenset(
    {
        "sessions.session",
        "admin.logentry",
        "django_tasks_db.dbtaskresult",
        "search.searchquerylog",
        "search.searchclick",
        "search.searchoutbox",
        "search.searchversion",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.revision",
        "wagtailadmin.editingsession",
        "wagtailusers.userprofile",
        "wagtailsearch.indexentry",
        "account.emailaddress",
        "account.emailconfirmation",
        "mfa.authenticator",
        "forum.topicreadstate",
        "forum.categoryreadstate",
        "forum.notification",
        "forum.subscription",
        "courses.reminderlog",
        "core.outgoingemail",
        "core.workerheartbeat",
    }
)
# Pages whose forms' CSRF token is all that differs between anonymous visitors (their
# template): kept with a placeholder for the token, and every visitor served from the cache
# gets a token of their own CSRF cookie. Never a form with other per-visitor or per-render
# fields (the contact form's signed time stamp would be frozen).
CSRF_TOKEN_PAGES = frozenset({"kb/article_page.html"})
TOKEN_PLACEHOLDER = "__page-cache-csrf-token__"
_TOKEN_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)(")')
# Fields that record a visit, saved while people read (`update_fields`): a save of only
# these changes nothing a page shows (the forum keeps each reader's visit times and the
# language of their last visit, for their e-mails).
VISIT_FIELDS = frozenset({"last_login", "last_visit_at", "previous_visit_at", "language"})
# Only these Vary headers are covered by the key (the language, and the cookies that make a
# request uncacheable); a response varying on anything else is not stored.
KEYED_VARY = frozenset({"accept-language", "cookie"})
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")


def _cache():
    return caches[CACHE_ALIAS]


def generation() -> str:
    """The current generation token (a new one when the cache has none, e.g. after culling:
    a token is never reused, so entries of an old generation are never read again)."""
    cache = _cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(GENERATION_KEY) or secrets.token_hex(8)
    return token


def invalidate() -> None:
    """Forget every cached page and search result (now, and again when the transaction
    that made the change commits)."""
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


def _new_generation() -> None:
    _cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def content_key(name: str, *parts) -> str:
    """A cache key of `name`, `parts` and the current generation."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"content:{name}:{generation()}:{digest}"


def cached_until_content_changes(name: str, compute, *parts, timeout: int = 300):
    """`compute()`, kept in the default cache under a key of `name`, `parts` and the current
    generation: what every request recomputes although only a content change alters it
    (navigation, footer links, search synonyms and labels). Any change gives a new
    generation, so the next request computes it again."""
    key = content_key(name, *parts)
    value = caches["default"].get(key)
    if value is None:
        value = compute()
        caches["default"].set(key, value, timeout)
    return value


def is_anonymous_request(request) -> bool:
    """A request that can belong to nobody in particular (see the module's docstring)."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path_info.startswith(settings.ADMIN_PATH_PREFIXES)
        and is_anonymous_request(request)
    )


def _with_token_placeholder(response) -> bool:
    """A page of CSRF_TOKEN_PAGES whose only cookie is the CSRF one."""
    template = getattr(response, "template_name", None)
    templates = [template] if isinstance(template, str) else list(template or ())
    return bool(set(templates) & CSRF_TOKEN_PAGES) and set(response.cookies) <= {
        settings.CSRF_COOKIE_NAME
    }


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    uses_token = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get(
        "CSRF_COOKIE_USED"
    )
    if (response.cookies or uses_token) and not _with_token_placeholder(response):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in UNCACHEABLE_CONTROL):
        return False
    vary = {
        header.strip().lower()
        for header in cc_delim_re.split(response.get("Vary", ""))
        if header.strip()
    }
    return vary <= KEYED_VARY


def page_key(request, name: str = "page") -> str:
    full_path = request.get_full_path()
    host = request.META.get("HTTP_HOST", "")
    digest = hashlib.sha256(f"{host}|{request.scheme}|{full_path}".encode()).hexdigest()
    return f"{name}:{generation()}:{get_language()}:{digest}"


# --- a view's own rendering for anonymous visitors -------------------------------------------
# A page that differs between anonymous visitors only in a value the view computes per
# request (the search page's query-log id in its result links) cannot be answered by the
# middleware, which does not run the view. Such a view keeps its rendering itself, under the
# same key and rules as the middleware (`anonymous_view_key`, `keep_rendered`), runs its
# per-request work on every request and puts the value in.


def anonymous_view_key(request, name: str) -> str | None:
    """The key of the page `request` asks for, kept by the view `name`; None when the page
    cache is off or the request may belong to someone (a session, a message, a header)."""
    user = getattr(request, "user", None)
    if not _cacheable_request(request) or (user is not None and user.is_authenticated):
        return None
    return page_key(request, name)


def rendered(key: str):
    """What `keep_rendered` stored under `key`, or None."""
    return _cache().get(key)


def keep_rendered(request, response, key: str, value) -> bool:
    """Store `value` (the rendered content and what the view needs to complete it) when the
    rendered `response` is the same for every anonymous visitor (the middleware's rules:
    a 200 that set no cookie and used no CSRF token, varying on nothing but the language
    and cookies). Call it before the view's own Cache-Control is set."""
    if not _cacheable_response(request, response):
        return False
    _cache().set(key, value)
    return True


class AnonymousPageCacheMiddleware:
    """Sits right after LocaleMiddleware (the language is known) and before everything
    that reads the database or the session for a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        stored = _cache().get(key)
        if stored is not None:
            return self._from_cache(request, *stored)
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in ("set-cookie", "x-page-cache")
            ]
            content = response.content
            with_token = _with_token_placeholder(response)
            if with_token:
                content = _TOKEN_INPUT.sub(
                    rf"\g<1>{TOKEN_PLACEHOLDER}\g<3>", content.decode(response.charset)
                ).encode(response.charset)
            _cache().set(key, (content, headers, with_token))
            response.headers["X-Page-Cache"] = "miss"
        return response

    def _from_cache(self, request, content, headers, with_token) -> HttpResponse:
        response = HttpResponse()
        for name, value in headers:
            response.headers[name] = value
        if with_token:
            # The visitor's own token (a new CSRF cookie when they have none), as
            # CsrfViewMiddleware would have given them.
            csrf = CsrfViewMiddleware(self.get_response)
            csrf.process_request(request)
            token = get_token(request)
            response.content = content.replace(TOKEN_PLACEHOLDER.encode(), token.encode())
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            csrf.process_response(request, response)
        else:
            response.content = content
        response.headers["X-Page-Cache"] = "hit"
        return response


def _model_label(sender) -> str:
    meta = getattr(sender, "_meta", None)
    return f"{meta.app_label}.{meta.model_name}" if meta is not None else ""


def _on_model_change(sender, **kwargs) -> None:
    if _model_label(sender) in IGNORED_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and set(update_fields) <= VISIT_FIELDS:
        return  # signing in or reading the forum changes nothing anyone sees
    invalidate()


def _on_page_change(sender, **kwargs) -> None:
    invalidate()


def _on_task_finished(sender, task_result, **kwargs) -> None:
    # The search index changed: result pages and search results read it.
    if task_result.task.module_path.startswith("search."):
        invalidate()


def connect_signals() -> None:
    """Called from core.apps.CoreConfig.ready()."""
    from django_tasks.signals import task_finished
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_model_change, dispatch_uid="page_cache_save")
    post_delete.connect(_on_model_change, dispatch_uid="page_cache_delete")
    m2m_changed.connect(_on_model_change, dispatch_uid="page_cache_m2m")
    page_published.connect(_on_page_change, dispatch_uid="page_cache_published")
    page_unpublished.connect(_on_page_change, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_on_page_change, dispatch_uid="page_cache_moved")
    task_finished.connect(_on_task_finished, dispatch_uid="page_cache_task")
