"""Cross-site request protection without a token, for forms on pages kept in the page cache.

A CSRF token is per visitor: rendering one sets the CSRF cookie and makes the page
uncacheable (core.page_cache). For a few harmless forms shown on every page or on key pages
to everyone (the language switch), `origin_checked` replaces the token by what browsers say
about where a request comes from: `Sec-Fetch-Site` (every current browser) or, without it,
`Origin`; a POST another site's page sent is refused with the CSRF failure page. A request
with neither header (not sent by a browser's cross-site form) is let through, as a tokenless
client could get a token anyway.
"""

import functools

from django.conf import settings
from django.middleware.csrf import REASON_BAD_ORIGIN
from django.urls import get_callable
from django.views.decorators.csrf import csrf_exempt


def sent_by_another_site(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    return origin != f"{request.scheme}://{request.get_host()}" and origin not in (
        settings.CSRF_TRUSTED_ORIGINS
    )


def origin_checked(view):
    """The view without Django's CSRF token, its POSTs checked by origin instead."""

    @csrf_exempt
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if request.method == "POST" and sent_by_another_site(request):
            failure_view = get_callable(settings.CSRF_FAILURE_VIEW)
            return failure_view(
                request, reason=REASON_BAD_ORIGIN % request.headers.get("Origin", "")
            )
        return view(request, *args, **kwargs)

    return checked
