"""The certificate as an accessible one-page PDF (tagged PDF/UA-1 through `core.pdf`).

The document is the template ``pdf/certificate.html``: who completed which course, its hours
and date, who issued it and who signs for the issuer, and where anyone can check it, as a
link and as a QR code (an SVG in a ``data:`` URI, so rendering never leaves the process).
A certificate says what it said when it was issued: every fact comes from its own row.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format

from core.absolute_urls import absolute_url
from core.pdf import render_pdf


def verification_url(code: str, request=None) -> str:
    """The public verification page of a certificate, in the site's main language."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("courses:verify_code", kwargs={"code": code})
    return absolute_url(path, request)


def qr_code_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def certificate_pdf_bytes(certificate, *, request=None) -> bytes:
    """The certificate in the site's main language (the language it was issued in)."""
    url = verification_url(certificate.code, request)
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf(
            "pdf/certificate.html",
            {
                "certificate": certificate,
                "issued_on": timezone.localtime(certificate.issued_at).date(),
                "hours": number_format(certificate.hours.normalize(), use_l10n=True),
                "verification_url": url,
                "qr_code": qr_code_data_uri(url),
                "LANGUAGE_CODE": settings.LANGUAGE_CODE,
            },
            request=request,
        )
