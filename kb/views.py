"""Views of the knowledge base that are routes of its pages (see kb/models/pages.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from kb import queries, services
from kb.forms import ArticleFeedbackForm, DocumentLibraryFilterForm
from kb.rendering import render_article_body

LIBRARY_PAGE_SIZE = 20


def _signed_in_user(request):
    return request.user if request.user.is_authenticated else None


def article_detail(request, page, *, feedback_form=None, status=200):
    context = page.get_context(request)
    user = _signed_in_user(request)
    context.update(
        {
            "body": render_article_body(page, {"request": request, "page": page}),
            "related": queries.related_content(page),
            "feedback_form": feedback_form or ArticleFeedbackForm(),
            "feedback_given": services.feedback_given(
                page=page, user=user, session_key=request.session.session_key or ""
            ),
        }
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def article_feedback(request, page):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ArticleFeedbackForm(request.POST)
    if not form.is_valid():
        return article_detail(request, page, feedback_form=form, status=400)
    user = _signed_in_user(request)
    if user is None and not request.session.session_key:
        request.session.save()
    outcome = services.article_feedback_submit(
        page=page,
        user=user,
        session_key=request.session.session_key or "",
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
    )
    if outcome.created:
        messages.success(request, _("Děkujeme za zpětnou vazbu. Pomůže nám článek zlepšit."))
    else:
        messages.info(
            request, _("Tento článek jste už hodnotili. Platí vaše první odpověď, děkujeme.")
        )
    return redirect(page.url + "#zpetna-vazba")


def document_library(request, page):
    form = DocumentLibraryFilterForm(request.GET if request.GET else None)
    filters = form.filters()
    paginator = Paginator(queries.library_listing(filters), LIBRARY_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("strana"))
    counts = queries.library_facet_counts(filters)
    query_without_page = request.GET.copy()
    query_without_page.pop("strana", None)

    def options(name, choices):
        selected = filters.get(name, [])
        return [
            {
                "value": str(value),
                "label": label,
                "count": counts[name].get(str(value) if name == "rok" else value, 0),
                "checked": (int(value) if name == "rok" else value) in selected,
            }
            for value, label in choices
        ]

    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "page_obj": page_obj,
            "documents": page_obj.object_list,
            "result_count": paginator.count,
            "filter_groups": [
                {"name": name, "label": form.fields[name].label, "options": options(name, choices)}
                for name, choices in (
                    ("druh", form.fields["druh"].choices),
                    ("tema", form.fields["tema"].choices),
                    ("rok", form.fields["rok"].choices),
                    ("jazyk", form.fields["jazyk"].choices),
                )
            ],
            "dropped_filters": form.dropped,
            "query_without_page": query_without_page.urlencode(),
            "is_filtered": bool(filters),
        }
    )
    return TemplateResponse(request, page.get_template(request), context)
