"""Middleware of the whole site: security headers, and a 503 when the database is gone."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The Czech 503 page (standalone: it reads neither the database nor the request)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a Czech explanation when the database cannot be reached.

    A lost database connection is not a bug in a page, so it must not look like one (500).
    Django turns an exception raised inside a middleware into a 500 before any outer
    middleware sees it, and `process_exception` hears only the view's exceptions. So this
    middleware sits right after AuthenticationMiddleware and loads the signed-in person itself
    (the session and the user: the first database reads of a signed-in request), before the
    middleware that reads the database next (allauth's, the 2FA rule, redirects). An outage
    is then a 503 for visitors and signed-in people alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            request.user.is_authenticated  # noqa: B018  (loads session and user now)
        except DATABASE_ERRORS as error:
            return self._unavailable(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        return self._unavailable(request, exception)

    @staticmethod
    def _unavailable(request, error) -> HttpResponse:
        logger.error("Database unavailable while serving %s: %s", request.path, error)
        return database_unavailable_response()


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every HTML page, Permissions-Policy on every response.

    The site's own pages run only the JavaScript and CSS of its static files
    (`CONTENT_SECURITY_POLICY`); the Wagtail and Django admin (`ADMIN_PATH_PREFIXES`), whose
    scripts and styles are partly inline, get `CONTENT_SECURITY_POLICY_ADMIN`. A response that
    already carries a policy (set by its view) keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.site_policy = _policy(settings.CONTENT_SECURITY_POLICY)
        self.admin_policy = _policy(settings.CONTENT_SECURITY_POLICY_ADMIN)
        self.permissions_policy = ", ".join(
            f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        # HTML only: a policy on a PDF stops the browser's PDF viewer (object-src 'none').
        if response.get("Content-Type", "").startswith("text/html"):
            is_admin = request.path_info.startswith(settings.ADMIN_PATH_PREFIXES)
            response.headers.setdefault(
                "Content-Security-Policy", self.admin_policy if is_admin else self.site_policy
            )
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
