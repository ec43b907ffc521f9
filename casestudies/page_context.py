"""What the routes of CaseStudyIndexPage show: the context each template gets, built from
queries, comparison and forms (the page renders it with `self.render`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import QueryDict

from accounts.regions import Region
from casestudies import comparison, queries
from casestudies.forms import CaseStudyFilterForm, MunicipalityComparisonForm
from core.listing import checkbox_options, query_without_page

PAGE_SIZE = 12


def listing_view(query: QueryDict) -> dict:
    """The list of case studies with filters, counts, sorting and pagination."""
    form = CaseStudyFilterForm(query or None)
    filters = form.filters()
    sort = form.sort()
    paginator = Paginator(queries.listing_queryset(filters, sort), PAGE_SIZE)
    # get_page: a page number that is not a number or out of range shows the nearest page.
    page_obj = paginator.get_page(query.get("strana"))
    counts = queries.facet_counts(filters)
    return {
        "form": form,
        "page_obj": page_obj,
        "case_studies": page_obj.object_list,
        "result_count": paginator.count,
        "region_options": checkbox_options(
            Region.choices, counts=counts["regions"], selected=filters.regions
        ),
        "topic_options": checkbox_options(
            form.topic_labels.items(), counts=counts["topics"], selected=filters.topics
        ),
        "milestone_options": checkbox_options(
            form.milestone_labels.items(),
            counts=counts["milestones"],
            selected=filters.milestones,
        ),
        "band_options": [
            {"value": band.slug, "label": band.label} for band in queries.POPULATION_BANDS
        ],
        "selected": {
            "kraj": set(filters.regions),
            "tema": set(filters.topics),
            "milnik": set(filters.milestones),
            "velikost": set(filters.bands),
        },
        "sort": sort,
        "query_string": query_without_page(query),
        "export_query": query.urlencode(),
        "notices": form.notices,
    }


def compare_view(query: QueryDict) -> dict:
    """The comparison form; with two to four municipalities chosen, the table side by side.
    Open to everyone: only published case studies. The form's errors say the answer is a 400."""
    published = queries.published_case_studies()
    form = MunicipalityComparisonForm(
        query or None, municipalities=comparison.comparable_municipalities(published)
    )
    chosen = form.chosen()
    return {
        "form": form,
        "comparison": comparison.compare_municipalities(chosen, published) if chosen else None,
    }


def municipality_view(slug: str) -> dict | None:
    """A municipality with a published case study: its facts, case studies and peers (None
    when it has none published)."""
    data = comparison.municipality_page(slug)
    if data is None:
        return None
    compare_query = QueryDict(mutable=True)
    compare_query.setlist("obec", [data.profile.slug, *[peer.profile.slug for peer in data.peers]])
    return {
        "municipality": data,
        "organisation": data.profile.organisation,
        "band": data.profile.band,
        "compare_query": compare_query.urlencode() if data.peers else "",
    }
