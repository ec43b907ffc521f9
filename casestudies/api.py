"""A read-only JSON API of the published case studies: open data for anyone.

    GET /api/v1/case-studies/?kraj=CZ063&tema=housing-first&page=2&page_size=50
    GET /api/v1/municipalities/      (each municipality under the one rule of aggregation)
    GET /api/v1/datapackage.json     (Frictionless Data Package of the open data)
    GET /api/v1/openapi.json         (OpenAPI 3.1 description of all of this)

The first address, /api/case-studies/, answers exactly like /api/v1/case-studies/ and points to
it with `Link: <…>; rel="successor-version"`.

Parameters (all optional; the same filters as the list of case studies on the site):

* `kraj` – region code (CZ-NUTS 3, e.g. `CZ063`), repeatable; any of them matches.
* `tema` – topic (tool) slug, repeatable; every one given must be used.
* `velikost` – population band: `do-10-tisic`, `10-az-50-tisic`, `50-az-100-tisic`,
  `nad-100-tisic`, repeatable; any of them matches.
* `milnik` – milestone slug, repeatable; every one given must have been reached.
* `ukazatel` + `alespon` – the latest value of this indicator is at least this number.
* `obec` – municipality slug, repeatable.
* `razeni` – order: `nazev` (title, the default), `nejnovejsi` (newest first), `obyvatel`
  (largest first), `zabydleno` (most households housed first).
* `page` – 1-based page number (default 1); `page_size` – 1 to 100 (default 20).

Response (HTTP 200)::

    {
      "count": 42, "page": 2, "page_size": 20,
      "next": "https://…/api/case-studies/?page=3", "previous": "https://…/api/case-studies/?page=1",
      "warnings": [],
      "metadata": {"title": "…", "publisher": "…", "licence": {"name": "CC-BY-4.0", …},
                   "aggregation_rule": "…", "description_url": "https://…/api/v1/datapackage.json",
                   "indicators": [{"slug": "crisis-flats", "definition": "…", "direction": "higher",
                                   "source": "…", "comparability": "…", …}]},
      "results": [{
        "title": "…", "url": "https://…", "summary": "…",
        "municipality": {"name": "Statutární město Jihlava", "short_name": "Jihlava",
                         "slug": "jihlava", "region": "CZ063", "region_name": "Kraj Vysočina",
                         "population": 54000, "population_year": null, "is_partner": true},
        "period": {"start": "2020-01-01", "end": null},
        "topics": [{"slug": "housing-first", "name": "Housing First"}],
        "milestones": [{"slug": "crisis-flat", "name": "Zřízený krizový byt",
                        "reached_on": "2023-01-01"}],
        "indicators": [{"slug": "households-housed", "name": "Zabydlené domácnosti",
                        "unit": "households", "unit_label": "domácností",
                        "latest": {"date": "2024-06-30", "value": 12, "per_thousand": 0.22,
                                   "note": ""},
                        "values": [{"date": "2023-06-30", "value": 5, "per_thousand": 0.09,
                                    "note": ""}, …]}]
      }]
    }

Values are JSON numbers (an integer when whole), dates ISO 8601, `next`/`previous` absolute
URLs (from the request's host, core.absolute_urls) or null; `per_thousand` is the value per
1,000 inhabitants for counts, null for shares and durations or without a population. Milestones are listed in the order they were reached, values oldest first.

Errors: an unknown filter value (a region, topic or milestone that does not exist, a number
that is not a number) is ignored and explained in `warnings`, in Czech; the answer is still
HTTP 200, so old links keep working. A bad `page` or `page_size` (not a whole number, 0,
negative, above 100, or a page after the last one) is HTTP 400 with
`{"errors": {"page": ["…"]}}`. Other methods than GET and HEAD get HTTP 405.

Every response carries `Access-Control-Allow-Origin: *`: the data is public, and any web page
may use it. Only published case studies without view restrictions are listed. The API runs a
fixed number of SQL queries whatever the page size.
"""

import math
import re
from functools import wraps

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from accounts.models import Organisation
from casestudies import openapi, opendata, queries
from casestudies.exports import (
    as_number,
    in_site_language,
    reached_milestones_by_page,
    region_label,
)
from casestudies.forms import CaseStudyFilterForm
from casestudies.models import CaseStudyIndexPage, IndicatorDefinition
from core.absolute_urls import absolute_url, page_absolute_url
from core.locales import localized

ALLOWED_METHODS = ("GET", "HEAD")
WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")  # longer: not a page anyone has


def _json_response(data, status=200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _whole_number(raw: str | None, default: int) -> int | None:
    """The parameter as a positive int, `default` when absent or empty, None when invalid."""
    raw = (raw or "").strip()
    if not raw:
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        return None
    return int(raw)


def _pagination(params) -> tuple[int, int, dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    page_number = _whole_number(params.get("page"), 1)
    if page_number is None:
        errors["page"] = [_("Parametr „page“ musí být celé číslo od 1 výše, například 2.")]
    page_size = _whole_number(params.get("page_size"), opendata.DEFAULT_PAGE_SIZE)
    if page_size is None or page_size > opendata.MAX_PAGE_SIZE:
        errors["page_size"] = [
            _("Parametr „page_size“ musí být celé číslo od 1 do {maximum}.").format(
                maximum=opendata.MAX_PAGE_SIZE
            )
        ]
    return page_number or 1, page_size or opendata.DEFAULT_PAGE_SIZE, errors


def _warnings(form: CaseStudyFilterForm) -> list[str]:
    """What of the filters was left out, as full sentences."""
    warnings = list(form.notices)
    for field, messages in form.errors.items():
        for message in messages:
            warnings.append(
                _("Filtr „{field}“ jsme vynechali: {message}").format(field=field, message=message)
            )
    return warnings


def _page_link(request, page_number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page_number)
    return absolute_url(f"{request.path}?{params.urlencode()}", request)


def _number(value):
    return None if value is None else as_number(value)


def _case_study_json(request, page, series, milestones) -> dict:
    organisation = page.organisation
    return {
        "title": page.title,
        "url": page_absolute_url(page, request),
        "summary": page.summary,
        "municipality": {
            "name": organisation.name,
            "short_name": organisation.short_name,
            "slug": organisation.slug,
            "region": organisation.region or None,
            "region_name": region_label(organisation.region) or None,
            "population": organisation.population,
            "population_year": queries.population_year(organisation),
            "is_partner": organisation.is_partner,
        },
        "period": {
            "start": page.period_start.isoformat(),
            "end": page.period_end.isoformat() if page.period_end else None,
        },
        "topics": [{"slug": topic.slug, "name": topic.name} for topic in page.topics.all()],
        "milestones": [
            {
                "slug": item.milestone.slug,
                "name": item.milestone.name,
                "reached_on": item.reached_on.isoformat(),
            }
            for item in milestones
        ],
        "indicators": [_indicator_json(item) for item in series],
    }


def _indicator_json(series: queries.IndicatorSeries) -> dict:
    countable = series.indicator.is_countable_per_inhabitant
    values = [
        {
            "date": measured_on.isoformat(),
            "value": as_number(value),
            "per_thousand": _number(queries.per_thousand(value, series.population))
            if countable
            else None,
            "note": series.notes.get(measured_on, ""),
        }
        for measured_on, value in series.points
    ]
    return {
        "slug": series.indicator.slug,
        "name": series.indicator.name,
        "unit": series.indicator.unit,
        "unit_label": str(series.indicator.get_unit_display()),
        "latest": values[-1] if values else None,
        "values": values,
    }


def read_only_api(view):
    """GET and HEAD only (405 with a Czech message otherwise), in the site's language, without
    CSRF (the views change nothing, and other methods must get 405, not 403)."""

    @csrf_exempt
    @in_site_language
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ALLOWED_METHODS:
            response = _json_response(
                {"errors": {"method": [_("Toto rozhraní jen čte data: použijte metodu GET.")]}},
                status=405,
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        return view(request, *args, **kwargs)

    return wrapper


def _metadata(request) -> dict:
    return {**opendata.dataset_metadata(request), "indicators": opendata.catalogue_metadata()}


# Czech whatever the visitor's language: names, messages and URLs are the same for everyone.
@read_only_api
def case_study_list_api(request):
    """GET /api/v1/case-studies/ (and the old /api/case-studies/): see the module docstring
    and the OpenAPI description for the contract."""
    page_number, page_size, errors = _pagination(request.GET)
    if errors:
        return _json_response({"errors": errors}, status=400)

    form = CaseStudyFilterForm(request.GET)
    sort = form.sort()
    queryset = queries.listing_queryset(form.filters(), sort)
    count = queryset.count()
    last_page = max(1, math.ceil(count / page_size))
    if page_number > last_page:
        message = _("Stránka {page} neexistuje, poslední je {last}.").format(
            page=page_number, last=last_page
        )
        return _json_response({"errors": {"page": [message]}}, status=400)

    offset = (page_number - 1) * page_size
    # pk last: pages of the same sort key keep their place between requests.
    pages = list(queryset.order_by(*queries.SORTS[sort], "pk")[offset : offset + page_size])
    page_ids = [page.pk for page in pages]
    series_by_page = queries.indicator_series_by_page(page_ids)
    milestones_by_page = reached_milestones_by_page(page_ids)
    return _json_response(
        {
            "count": count,
            "page": page_number,
            "page_size": page_size,
            "next": _page_link(request, page_number + 1) if page_number < last_page else None,
            "previous": _page_link(request, page_number - 1) if page_number > 1 else None,
            "warnings": _warnings(form),
            "metadata": _metadata(request),
            "results": [
                _case_study_json(
                    request,
                    page,
                    series_by_page.get(page.pk, []),
                    milestones_by_page.get(page.pk, []),
                )
                for page in pages
            ],
        }
    )


@read_only_api
def legacy_case_study_list_api(request):
    """The first, unversioned address: the same answer as version 1, with a link to it."""
    response = case_study_list_api(request)
    successor = absolute_url(reverse("api_v1_case_studies"), request)
    response["Link"] = f'<{successor}>; rel="successor-version"'
    return response


@read_only_api
def municipality_list_api(request):
    """GET /api/v1/municipalities/: every municipality with a published case study and, for
    every indicator of the catalogue, its value under the one rule of aggregation (the newest
    value over all its live, public case studies) or null when it has none. Five queries
    whatever the number of municipalities."""
    published = queries.published_case_studies()
    case_study_counts: dict[int, int] = {}
    for (organisation_id,) in published.values_list("organisation_id"):
        case_study_counts[organisation_id] = case_study_counts.get(organisation_id, 0) + 1
    organisations = Organisation.objects.filter(pk__in=list(case_study_counts)).order_by(
        "short_name", "slug"
    )
    latest = queries.latest_by_municipality(queries.measurements(published.values("pk")))
    indicators = list(IndicatorDefinition.objects.all())
    index_page = localized(CaseStudyIndexPage.objects.live().public()).first()
    index_url = page_absolute_url(index_page, request) if index_page else None
    results = []
    for organisation in organisations:
        values = latest.get(organisation.pk, {})
        indicator_values = {}
        for indicator in indicators:
            point = values.get(indicator.pk)
            indicator_values[indicator.slug] = (
                None
                if point is None
                else {
                    "date": point[0].isoformat(),
                    "value": as_number(point[1]),
                    "per_thousand": _number(queries.per_thousand(point[1], organisation.population))
                    if indicator.is_countable_per_inhabitant
                    else None,
                }
            )
        results.append(
            {
                "name": organisation.name,
                "short_name": organisation.short_name,
                "slug": organisation.slug,
                "url": index_url
                + index_page.reverse_subpage("municipality", args=[organisation.slug])
                if index_url
                else None,
                "region": organisation.region or None,
                "region_name": region_label(organisation.region) or None,
                "population": organisation.population,
                "population_year": queries.population_year(organisation),
                "case_study_count": case_study_counts[organisation.pk],
                "indicators": indicator_values,
            }
        )
    return _json_response(
        {"count": len(results), "metadata": _metadata(request), "results": results}
    )


@read_only_api
def datapackage_api(request):
    """GET /api/v1/datapackage.json: the Frictionless Data Package of the open data."""
    return _json_response(opendata.datapackage(request))


@read_only_api
def openapi_api(request):
    """GET /api/v1/openapi.json: the OpenAPI 3.1 description of this API."""
    return _json_response(openapi.openapi_document(request))
