"""Open data and the council print-out for case studies.

* `indicators_csv` and `indicators_xlsx`: every indicator value of the case studies in the
  current filtered list (the same query string as the listing), one row per value.
* `case_study_pdf`: "one page for the council", an A4 summary of one case study.

Reads go through `casestudies.queries`; the one read those do not cover (milestones with
their names) is `reached_milestones_by_page` below. Each view runs a fixed number of SQL
queries whatever the number of case studies or values.
"""

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache, wraps
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from accounts.regions import Region
from casestudies import queries
from casestudies.forms import CaseStudyFilterForm
from casestudies.models import CaseStudyMilestone
from core.csv import csv_response

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FILENAME = "vysledky-obci-{day}.{extension}"


# --- shared helpers ---------------------------------------------------------------------


def as_number(value: Decimal | int) -> int | float:
    """A stored value as a JSON/spreadsheet number: int when whole (12, not 12.00)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def reached_milestones_by_page(page_ids) -> dict[int, list[CaseStudyMilestone]]:
    """The milestones each case study reached, with their definitions, in the order they were
    reached (one query)."""
    result: dict[int, list[CaseStudyMilestone]] = {}
    milestones = (
        CaseStudyMilestone.objects.filter(page_id__in=list(page_ids))
        .select_related("milestone")
        .order_by("reached_on", "milestone__sort_order", "milestone__name")
    )
    for item in milestones:
        result.setdefault(item.page_id, []).append(item)
    return result


def in_site_language(view):
    """Runs the view in the site's language (Czech) whatever the visitor's: the content exists
    only in Czech, and open data and council print-outs keep the same labels, numbers and
    URLs for everyone rather than mixing Czech text with English month names."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return view(*args, **kwargs)

    return wrapper


def region_label(code: str) -> str:
    return str(Region(code).label) if code in Region.values else ""


# --- indicator exports (CSV, XLSX) ------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    municipality: str
    municipality_code: str
    region_code: str
    region_name: str
    population: int | None
    title: str
    url: str
    indicator_code: str
    indicator_name: str
    unit: str
    value: Decimal
    measured_on: date


def export_headers() -> list[str]:
    return [
        _("Obec"),
        _("Kód obce"),
        _("Kód kraje (CZ-NUTS 3)"),
        _("Kraj"),
        _("Počet obyvatel"),
        _("Příklad dobré praxe"),
        _("Adresa příkladu"),
        _("Kód ukazatele"),
        _("Ukazatel"),
        _("Jednotka"),
        _("Hodnota"),
        _("Ke dni"),
    ]


def indicator_rows(request) -> list[IndicatorRow]:
    """One row per indicator value of the published case studies that the query string's
    filters select (unknown filter values are dropped by the form, never an error).

    Ordered by municipality, case study, indicator (catalogue order) and date, so that two
    downloads of the same data are identical.
    """
    form = CaseStudyFilterForm(request.GET)
    pages = list(
        queries.filter_case_studies(queries.published_case_studies(), form.filters())
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )
    series_by_page = queries.indicator_series_by_page([page.pk for page in pages])
    rows = []
    for page in pages:
        organisation = page.organisation
        url = page.get_full_url(request)
        for series in series_by_page.get(page.pk, []):
            indicator = series.indicator
            for measured_on, value in series.points:
                rows.append(
                    IndicatorRow(
                        municipality=organisation.name,
                        municipality_code=organisation.slug,
                        region_code=organisation.region,
                        region_name=region_label(organisation.region),
                        population=organisation.population,
                        title=page.title,
                        url=url,
                        indicator_code=indicator.slug,
                        indicator_name=indicator.name,
                        unit=str(indicator.get_unit_display()),
                        value=value,
                        measured_on=measured_on,
                    )
                )
    return rows


def _export_filename(extension: str) -> str:
    return EXPORT_FILENAME.format(day=timezone.localdate().isoformat(), extension=extension)


@in_site_language
def indicators_csv(request, index_page):
    """The filtered list's indicator values as CSV, in the project's CSV format for Czech
    Excel (`core.csv`: `;`, decimal comma, UTF-8 with BOM, ISO dates, no formulas).

    Programs that want numbers with a decimal point read the JSON API or the XLSX export.
    """
    rows = (
        [
            row.municipality,
            row.municipality_code,
            row.region_code,
            row.region_name,
            row.population,
            row.title,
            row.url,
            row.indicator_code,
            row.indicator_name,
            row.unit,
            row.value,
            row.measured_on,
        ]
        for row in indicator_rows(request)
    )
    return csv_response(filename=_export_filename("csv"), header=export_headers(), rows=rows)


XLSX_COLUMN_WIDTHS = [30, 18, 12, 24, 12, 40, 50, 30, 36, 12, 10, 12]
XLSX_TEXT_COLUMNS = (1, 2, 3, 4, 6, 7, 8, 9, 10)


@in_site_language
def indicators_xlsx(request, index_page):
    """The same rows as `indicators_csv` as an Excel workbook: numbers are numbers, dates are
    dates (shown as YYYY-MM-DD), the header is bold and frozen, with a filter on every column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = indicator_rows(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Výsledky obcí")[:31]
    sheet.append(export_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        sheet.append(
            [
                row.municipality,
                row.municipality_code,
                row.region_code,
                row.region_name,
                row.population,
                row.title,
                row.url,
                row.indicator_code,
                row.indicator_name,
                row.unit,
                as_number(row.value),
                row.measured_on,
            ]
        )
        for column in XLSX_TEXT_COLUMNS:
            # openpyxl stores a text beginning with "=" as a formula: keep every text a text.
            cell = sheet.cell(row=number, column=column)
            if cell.data_type == "f":
                cell.data_type = "s"
        sheet.cell(row=number, column=5).number_format = "#,##0"
        sheet.cell(row=number, column=12).number_format = "yyyy-mm-dd"
    for index, width in enumerate(XLSX_COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = _("Výsledky obcí")
    workbook.properties.creator = settings.WAGTAIL_SITE_NAME

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_export_filename("xlsx")
    )
    return response


# --- the council print-out (PDF) --------------------------------------------------------

DEJAVU_DIRECTORY = Path("/usr/share/fonts/truetype/dejavu")


@cache
def pdf_fonts() -> tuple[str, str]:
    """The (regular, bold) font names for the PDF, registered once per process.

    DejaVu Sans (Debian's fonts-dejavu-core) has every Czech glyph. Reportlab's built-in
    Helvetica is the fallback when it is missing: it lacks ě, ř, ů and others, which would
    print as black boxes, so servers must have the package installed.
    """
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = DEJAVU_DIRECTORY / "DejaVuSans.ttf"
    bold = DEJAVU_DIRECTORY / "DejaVuSans-Bold.ttf"
    if not regular.exists():
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
    bold_name = "DejaVuSans"
    if bold.exists():
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        bold_name = "DejaVuSans-Bold"
    # <b> in paragraphs picks the bold face.
    addMapping("DejaVuSans", 0, 0, "DejaVuSans")
    addMapping("DejaVuSans", 1, 0, bold_name)
    addMapping("DejaVuSans", 0, 1, "DejaVuSans")
    addMapping("DejaVuSans", 1, 1, bold_name)
    return "DejaVuSans", bold_name


def _number(value) -> str:
    return number_format(as_number(value), use_l10n=True, force_grouping=True)


def _text(value) -> str:
    """Plain text made safe for reportlab's paragraph markup."""
    return escape(str(value))


def _pdf_styles():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    regular, bold = pdf_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName=regular, fontSize=10, leading=14
    )
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontName=bold, fontSize=18, leading=22, alignment=0
        ),
        "lead": ParagraphStyle(
            "lead", parent=body, fontSize=11, leading=15, textColor=colors.HexColor("#333333")
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base["Heading2"],
            fontName=bold,
            fontSize=12,
            leading=15,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
        "cell_bold": ParagraphStyle(
            "cell_bold", parent=body, fontName=bold, fontSize=9, leading=12
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
    }


def _pdf_table(rows, column_widths, styles):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    data = [[Paragraph(_text(text), styles["cell_bold"]) for text in rows[0]]]
    data += [[Paragraph(_text(text), styles["cell"]) for text in row] for row in rows[1:]]
    table = Table(data, colWidths=column_widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def council_pdf_story(request, page) -> list:
    """The flowables of the print-out: who, where, when, what was done, what came of it."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer

    styles = _pdf_styles()
    organisation = page.organisation
    series = queries.indicator_series_by_page([page.pk]).get(page.pk, [])
    milestones = reached_milestones_by_page([page.pk]).get(page.pk, [])
    topics = [topic.name for topic in page.topics.all()]

    facts = [organisation.name]
    if organisation.region:
        facts.append(region_label(organisation.region))
    if organisation.population:
        facts.append(_("{population} obyvatel").format(population=_number(organisation.population)))
    period_start = date_format(page.period_start, "F Y")
    if page.period_end:
        period = f"{period_start} – {date_format(page.period_end, 'F Y')}"
    else:
        period = _("{start} – dosud").format(start=period_start)

    story = [
        Paragraph(_text(page.title), styles["title"]),
        Paragraph(_text(" · ".join(facts)), styles["lead"]),
        Paragraph(_text(_("Období: {period}").format(period=period)), styles["lead"]),
        Spacer(1, 3 * mm),
        Paragraph(_text(page.summary), styles["body"]),
        Paragraph(_text(_("Výsledky")), styles["heading"]),
    ]
    if series:
        rows = [[_("Ukazatel"), _("Poslední hodnota"), _("Jednotka"), _("Ke dni"), _("Na začátku")]]
        for item in series:
            latest_on, latest_value = item.latest
            first_on, first_value = item.points[0]
            start = (
                f"{_number(first_value)} ({date_format(first_on, 'j. n. Y')})"
                if len(item.points) > 1
                else "–"
            )
            rows.append(
                [
                    item.indicator.name,
                    _number(latest_value),
                    str(item.indicator.get_unit_display()),
                    date_format(latest_on, "j. n. Y"),
                    start,
                ]
            )
        story.append(_pdf_table(rows, [56 * mm, 32 * mm, 24 * mm, 24 * mm, 38 * mm], styles))
    else:
        story.append(Paragraph(_text(_("Obec zatím nezveřejnila žádné hodnoty.")), styles["body"]))

    story.append(Paragraph(_text(_("Splněné milníky")), styles["heading"]))
    if milestones:
        rows = [[_("Milník"), _("Splněno")]]
        rows += [[item.milestone.name, date_format(item.reached_on, "F Y")] for item in milestones]
        story.append(_pdf_table(rows, [130 * mm, 44 * mm], styles))
    else:
        story.append(Paragraph(_text(_("Zatím žádný splněný milník.")), styles["body"]))

    if topics:
        story += [
            Paragraph(_text(_("Použité nástroje")), styles["heading"]),
            Paragraph(_text(", ".join(topics)), styles["body"]),
        ]

    if page.contact_name or page.contact_email:
        contact = ", ".join(
            part for part in (page.contact_name, page.contact_role, page.contact_email) if part
        )
        story += [
            Paragraph(_text(_("Kontakt")), styles["heading"]),
            Paragraph(_text(contact), styles["body"]),
        ]

    url = page.get_full_url(request)
    story += [
        Paragraph(_text(_("Celý příběh")), styles["heading"]),
        Paragraph(f"<link href={quoteattr(url)}>{_text(url)}</link>", styles["body"]),
    ]
    return story


@in_site_language
def case_study_pdf(request, page):
    """A one- to two-page A4 summary of a case study for a council meeting, shown inline.

    Reached only through Wagtail's serving of live pages (the `pdf/` route of CaseStudyPage),
    so drafts and pages behind view restrictions are never printed for people who may not
    read them.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    regular, _bold = pdf_fonts()
    site_name = settings.WAGTAIL_SITE_NAME
    printed_on = date_format(timezone.localdate(), "j. n. Y")

    def footer(canvas, document):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.drawString(
            document.leftMargin,
            10 * mm,
            _("{site} · vytištěno {day}").format(site=site_name, day=printed_on),
        )
        canvas.drawRightString(
            A4[0] - document.rightMargin,
            10 * mm,
            _("strana {number}").format(number=document.page),
        )
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=page.title,
        author=site_name,
        subject=_("Příklad dobré praxe"),
        lang=settings.LANGUAGE_CODE,
    )
    document.build(council_pdf_story(request, page), onFirstPage=footer, onLaterPages=footer)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{page.slug}.pdf"
    )
    return response
