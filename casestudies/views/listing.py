"""The list of case studies with filters, counts, sorting and pagination."""

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.regions import Region
from casestudies import queries
from casestudies.forms import CaseStudyFilterForm
from core.listing import checkbox_options, query_without_page

PAGE_SIZE = 12


def case_study_list(request, index_page):
    form = CaseStudyFilterForm(request.GET or None)
    filters = form.filters()
    sort = form.sort()
    paginator = Paginator(queries.listing_queryset(filters, sort), PAGE_SIZE)
    # get_page: a page number that is not a number or out of range shows the nearest page.
    page_obj = paginator.get_page(request.GET.get("strana"))
    counts = queries.facet_counts(filters)
    context = {
        "page": index_page,
        "self": index_page,
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
        "query_string": query_without_page(request.GET),
        "export_query": request.GET.urlencode(),
        "notices": form.notices,
    }
    return render(request, "casestudies/case_study_index_page.html", context)
