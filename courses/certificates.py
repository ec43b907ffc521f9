"""The certificate as a one-page A4 PDF (reportlab, DejaVu fonts for Czech glyphs)."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from casestudies.exports import pdf_fonts


def verification_url(code: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("courses:verify_code", kwargs={"code": code})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def certificate_pdf_bytes(certificate) -> bytes:
    """Name, course, date, hours, the verification code and where to check it."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    regular, bold = pdf_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(_("Certifikát – {course}").format(course=certificate.course_title))
    pdf.setAuthor(settings.WAGTAIL_SITE_NAME)
    with translation.override(settings.LANGUAGE_CODE):
        issued = date_format(timezone.localtime(certificate.issued_at).date(), "j. F Y")
        hours = number_format(certificate.hours.normalize(), use_l10n=True)
        accent = HexColor("#1d4e89")
        pdf.setStrokeColor(accent)
        pdf.setLineWidth(3)
        pdf.rect(28, 28, width - 56, height - 56)
        pdf.setFillColor(accent)
        pdf.setFont(bold, 34)
        pdf.drawCentredString(width / 2, height - 130, _("Certifikát o absolvování kurzu"))
        pdf.setFillColor(HexColor("#1a1a1a"))
        pdf.setFont(regular, 16)
        pdf.drawCentredString(width / 2, height - 185, _("Tímto potvrzujeme, že"))
        pdf.setFont(bold, 28)
        pdf.drawCentredString(width / 2, height - 230, certificate.learner_name)
        pdf.setFont(regular, 16)
        pdf.drawCentredString(width / 2, height - 275, _("úspěšně dokončil(a) kurz"))
        pdf.setFont(bold, 22)
        pdf.drawCentredString(width / 2, height - 315, certificate.course_title)
        pdf.setFont(regular, 14)
        pdf.drawCentredString(
            width / 2,
            height - 360,
            _("v rozsahu {hours} hodin, dne {date}.").format(hours=hours, date=issued),
        )
        pdf.setFont(regular, 11)
        pdf.drawString(60, 90, _("Ověřovací kód: {code}").format(code=certificate.code))
        pdf.drawString(60, 70, _("Ověření: {url}").format(url=verification_url(certificate.code)))
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
