"""Absolute addresses of the site's pages and files, from one source.

Inside a request the address is built from the request itself (its scheme and the host that
Django has already checked against ALLOWED_HOSTS), so exports, the API and PDFs link to the
server the reader used. Background work (e-mails, reminders, certificates made by a task) has
no request and uses ``settings.SITE_URL``. Nothing else in the project builds absolute URLs.
"""

from django.conf import settings


def site_url() -> str:
    """The configured public address of the site, without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str, request=None) -> str:
    """The absolute address of a site-relative ``path`` (``reverse()`` or ``page.url``)."""
    if path.startswith(("http://", "https://")):
        return path
    if not path.startswith("/"):
        path = "/" + path
    if request is not None:
        return request.build_absolute_uri(path)
    return site_url() + path


def page_absolute_url(page, request=None) -> str | None:
    """The absolute address of a Wagtail page as served by this site, never the host of a
    Wagtail ``Site`` record (the default one says ``localhost``). None for a page that is
    not routable (outside every site)."""
    parts = page.get_url_parts(request=request)
    if parts is None:
        return None
    _site_id, _root_url, page_path = parts
    return absolute_url(page_path, request)
