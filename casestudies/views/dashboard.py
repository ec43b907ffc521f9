"""The outcomes dashboard: what all published case studies achieved, in numbers and charts."""

from django.shortcuts import render

from casestudies.dashboard import outcomes_dashboard_data


def outcomes_dashboard(request, index_page):
    """Open to everyone: it shows only published case studies."""
    index_url = index_page.get_url(request)
    context = {
        "page": index_page,
        "self": index_page,
        "index_url": index_url,
        "dashboard": outcomes_dashboard_data(index_url),
    }
    return render(request, "casestudies/dashboard.html", context)
