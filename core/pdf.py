"""PDF documents from HTML templates, rendered by WeasyPrint as tagged PDF/UA-1.

Every PDF of the project (the council report, certificates) is a Django template under
``templates/pdf/`` that extends ``pdf/base.html``: the document language comes from the
``<html lang>`` attribute, the title from ``<title>``, and the structure (headings, tables,
lists) from the markup, so screen readers can read the result. The fonts are the system's
DejaVu family (Czech glyphs); ``.ci/run`` installs them.

WeasyPrint fetches only what the template itself names: static files of the project and
``data:`` URIs. Any other address (a link in user content, a remote image) is refused, so
rendering a document never reaches the network or the file system outside static files.
"""

import mimetypes

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"
_BASE_URL = "https://pdf.invalid/"


class PDFResourceRefused(ValueError):
    """A template asked for a resource outside static files and ``data:`` URIs."""


def _static_prefix() -> str:
    return static("")


class StaticFilesFetcher(URLFetcher):
    """Serves the project's static files and ``data:`` URIs; refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        prefix = _BASE_URL.rstrip("/") + _static_prefix()
        if url.startswith(prefix):
            relative = url[len(prefix) :].split("?", 1)[0].split("#", 1)[0]
            path = finders.find(relative)
            if path:
                content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                with open(path, "rb") as handle:
                    return URLFetcherResponse(
                        url, body=handle.read(), headers={"Content-Type": content_type}
                    )
        raise PDFResourceRefused(f"PDF rendering does not fetch {url[:80]!r}.")


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return a tagged PDF/UA-1 document."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document from a whole HTML page (its ``lang`` and ``<title>``)."""
    document = HTML(string=html, base_url=_BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
