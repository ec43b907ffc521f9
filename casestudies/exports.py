"""Open data and the council print-out for case studies.

* `indicators_csv` and `indicators_xlsx`: every indicator value of the case studies in the
  current filtered list (the same query string as the listing), one row per value.
* `case_study_pdf`: "one page for the council", an A4 summary of one case study, rendered
  from an HTML template as a tagged PDF/UA-1 document (core.pdf).

Every absolute address comes from core.absolute_urls (the request's host).

Reads go through `casestudies.queries`; the one read those do not cover (milestones with
their names) is `reached_milestones_by_page` below. Each view runs a fixed number of SQL
queries whatever the number of case studies or values.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import wraps

from django.conf import settings
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from accounts.regions import Region
from casestudies import models as cs_models
from casestudies import opendata, queries
from casestudies.forms import CaseStudyFilterForm
from core.absolute_urls import page_absolute_url
from core.csv import csv_response
from core.pdf import render_pdf
from roadmap.models import MilestoneRecord

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FILENAME = "vysledky-obci-{day}.{extension}"


# --- shared helpers ---------------------------------------------------------------------


def as_number(value: Decimal | int) -> int | float:
    """A stored value as a JSON/spreadsheet number: int when whole (12, not 12.00)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def reached_milestones_by_page(page_ids) -> dict[int, list[MilestoneRecord]]:
    """The milestones the municipality of each case study met (the roadmap's records), with
    their definitions, in the order they were met (one query)."""
    result: dict[int, list[MilestoneRecord]] = {}
    records = (
        MilestoneRecord.objects.met()
        .filter(organisation__case_studies__in=list(page_ids))
        .annotate(case_study_id=F("organisation__case_studies"))
        .select_related("milestone")
        .order_by("reached_on", "milestone__sort_order", "milestone__name")
    )
    for item in records:
        result.setdefault(item.case_study_id, []).append(item)
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
    population_year: int | None
    title: str
    url: str
    indicator: cs_models.IndicatorDefinition
    value: Decimal
    per_thousand: Decimal | None  # None: not a count, or no population (no data)
    measured_on: date
    note: str


def export_headers() -> list[str]:
    """The column names, the same in the CSV, the XLSX and datapackage.json."""
    return [name for name, _type, _description in opendata.CSV_FIELDS]


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
        .defer_streamfields()
        .order_by("organisation__name", "title", "pk")
    )
    series_by_page = queries.indicator_series_by_page([page.pk for page in pages])
    rows = []
    for page in pages:
        organisation = page.organisation
        url = page_absolute_url(page, request)
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
                        population_year=queries.population_year(organisation),
                        title=page.title,
                        url=url,
                        indicator=indicator,
                        value=value,
                        per_thousand=queries.per_thousand(value, organisation.population)
                        if indicator.is_countable_per_inhabitant
                        else None,
                        measured_on=measured_on,
                        note=series.notes.get(measured_on, ""),
                    )
                )
    return rows


def row_cells(row: IndicatorRow, number, text) -> list:
    """A row's cells in the order of export_headers(); `number` and `text` format numbers
    and free text for the file type (None stays an empty cell)."""
    indicator = row.indicator
    return [
        text(row.municipality),
        row.municipality_code,
        row.region_code,
        row.region_name,
        row.population,
        row.population_year,
        text(row.title),
        row.url,
        indicator.slug,
        text(indicator.name),
        str(indicator.get_unit_display()),
        number(row.value),
        number(row.per_thousand),
        row.measured_on,
        text(row.note),
        text(indicator.description),
        str(indicator.get_direction_display()),
        text(indicator.source),
        text(indicator.comparability),
        opendata.LICENCE["path"],
    ]


def _describedby(response, request):
    """Points programs from the file to its machine-readable description."""
    response["Link"] = f'<{opendata.datapackage_url(request)}>; rel="describedby"'
    return response


def _export_filename(extension: str) -> str:
    return EXPORT_FILENAME.format(day=timezone.localdate().isoformat(), extension=extension)


def _as_is(value):
    return value


@in_site_language
def indicators_csv(request, index_page):
    """The filtered list's indicator values as CSV, written for Excel in a Czech locale.

    The format is the project's one CSV format (`core.csv`: UTF-8 with BOM, `;`, decimal
    comma, ISO dates, no formulas). No data is an empty cell, never 0. Every row carries its indicator's definition,
      direction, source and comparability note and the licence; the columns are described
      in datapackage.json, linked from the `Link: rel="describedby"` header.

    Programs that want numbers with a decimal point read the JSON API or the XLSX export;
    pandas reads this file with `read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")`.
    """
    response = csv_response(
        filename=_export_filename("csv"),
        header=export_headers(),
        rows=(row_cells(row, _as_is, _as_is) for row in indicator_rows(request)),
    )
    return _describedby(response, request)


XLSX_COLUMN_WIDTHS = [
    30,
    14,
    12,
    24,
    12,
    10,
    40,
    50,
    26,
    36,
    12,
    10,
    12,
    12,
    40,
    60,
    14,
    40,
    60,
    44,
]
XLSX_NUMBER_FORMATS = {5: "#,##0", 12: "#,##0.##", 13: "0.00", 14: "yyyy-mm-dd"}


def _xlsx_number(value: Decimal | None):
    return None if value is None else as_number(value)


def _keep_text(sheet, row_number: int) -> None:
    """openpyxl stores a text beginning with "=" as a formula: keep every text a text."""
    for cell in sheet[row_number]:
        if cell.data_type == "f":
            cell.data_type = "s"


@in_site_language
def indicators_xlsx(request, index_page):
    """The same rows as `indicators_csv` as an Excel workbook: numbers are numbers, dates are
    dates (shown as YYYY-MM-DD), no data an empty cell, the header bold and frozen, with a
    filter on every column. Two more sheets: the indicator catalogue and the dataset's
    metadata (licence, publisher, rule of aggregation, address of datapackage.json)."""
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
        sheet.append(row_cells(row, _xlsx_number, str))
        _keep_text(sheet, number)
        for column, number_format in XLSX_NUMBER_FORMATS.items():
            sheet.cell(row=number, column=column).number_format = number_format
    for index, width in enumerate(XLSX_COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions

    catalogue = workbook.create_sheet(_("Ukazatele"))
    catalogue.append(
        [
            _("Kód"),
            _("Ukazatel"),
            _("Jednotka"),
            _("Definice"),
            _("Směr"),
            _("Zdroj"),
            _("Srovnatelnost"),
            _("V souhrnech"),
        ]
    )
    for item in opendata.catalogue_metadata():
        catalogue.append(
            [
                item["slug"],
                item["name"],
                item["unit_label"],
                item["definition"],
                item["direction_label"],
                item["source"],
                item["comparability"],
                _("součet") if item["aggregation"] == "sum" else _("průměr"),
            ]
        )
        _keep_text(catalogue, catalogue.max_row)
    for cell in catalogue[1]:
        cell.font = Font(bold=True)

    metadata = opendata.dataset_metadata(request)
    about = workbook.create_sheet(_("O datech"))
    for label, value in [
        (_("Název"), metadata["title"]),
        (_("Vydává"), metadata["publisher"]),
        (_("Licence"), f"{metadata['licence']['title']} ({metadata['licence']['path']})"),
        (_("Vytvořeno"), metadata["generated_at"]),
        (_("Jak počítáme"), metadata["aggregation_rule"]),
        (_("Popis dat (datapackage.json)"), metadata["description_url"]),
    ]:
        about.append([label, value])
        about.cell(row=about.max_row, column=1).font = Font(bold=True)
    about.column_dimensions["A"].width = 30
    about.column_dimensions["B"].width = 100

    workbook.properties.title = _("Výsledky obcí")
    workbook.properties.creator = settings.WAGTAIL_SITE_NAME
    workbook.properties.keywords = opendata.LICENCE["name"]

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_export_filename("xlsx")
    )
    return _describedby(response, request)


# --- the council print-out (PDF) --------------------------------------------------------


def council_report_context(request, page) -> dict:
    """What the council print-out shows: who, where, when, what was done, what came of it,
    with rates per 1,000 inhabitants and the definitions of the indicators it uses."""
    series = queries.indicator_series_by_page([page.pk]).get(page.pk, [])
    organisation = page.organisation
    return {
        "page": page,
        "organisation": organisation,
        "region_label": region_label(organisation.region),
        "population_year": queries.population_year(organisation),
        "series": series,
        "indicators": [item.indicator for item in series],
        "milestones": reached_milestones_by_page([page.pk]).get(page.pk, []),
        "topics": list(page.topics.all()),
        "page_url": page_absolute_url(page, request),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "printed_on": timezone.localdate(),
        "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    }


@in_site_language
def case_study_pdf(request, page):
    """A one- to two-page A4 summary of a case study for a council meeting, shown inline: a
    tagged PDF/UA-1 document (core.pdf) from templates/pdf/council_report.html.

    Reached only through Wagtail's serving of live pages (the `pdf/` route of CaseStudyPage),
    so drafts and pages behind view restrictions are never printed for people who may not
    read them.
    """
    content = render_pdf(
        "pdf/council_report.html", council_report_context(request, page), request=request
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{page.slug}.pdf"
    )
    return response
