"""The project's own 404 page on the development server.

With DEBUG on, Django answers an unknown address with its technical "Page not found" page,
which is not what a newcomer or a designer should see at /neexistuje/. This middleware (listed
in config/settings/dev.py) renders the page the production site shows, in the visitor's
language; `DEBUG_TECHNICAL_404 = True` (environment variable DEBUG_TECHNICAL_404=1) brings
Django's technical page back for debugging URL patterns.
"""

from django.conf import settings
from django.http import Http404


class ProjectNotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Http404) or getattr(settings, "DEBUG_TECHNICAL_404", False):
            return None
        from core.views import page_not_found

        return page_not_found(request, exception)
