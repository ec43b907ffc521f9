"""The list of case studies with filters, counts, sorting and pagination."""

from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.regions import Region
from casestudies import queries
from casestudies.forms import CaseStudyFilterForm

PAGE_SIZE = 12


def case_study_list(request, index_page):
    form = CaseStudyFilterForm(request.GET or None)
    filters = form.filters()
    sort = form.sort()
    paginator = Paginator(queries.listing_queryset(filters, sort), PAGE_SIZE)
    # get_page: a page number that is not a number or out of range shows the nearest page.
    page_obj = paginator.get_page(request.GET.get("strana"))
    counts = queries.facet_counts(filters)
    query_without_page = request.GET.copy()
    query_without_page.pop("strana", None)
    context = {
        "page": index_page,
        "self": index_page,
        "form": form,
        "page_obj": page_obj,
        "case_studies": page_obj.object_list,
        "result_count": paginator.count,
        "region_options": [
            {"value": code, "label": label, "count": counts["regions"].get(code, 0)}
            for code, label in Region.choices
        ],
        "topic_options": [
            {"value": slug, "label": label, "count": counts["topics"].get(slug, 0)}
            for slug, label in form.topic_labels.items()
        ],
        "milestone_options": [
            {"value": slug, "label": label, "count": counts["milestones"].get(slug, 0)}
            for slug, label in form.milestone_labels.items()
        ],
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
        "query_string": query_without_page.urlencode(),
        "export_query": request.GET.urlencode(),
        "notices": form.notices,
    }
    return render(request, "casestudies/case_study_index_page.html", context)
