"""Every read of knowledge base content: overview, article lists, related content, glossary,
document library, and what each page shows. Each function runs a fixed number of SQL queries whatever the data size."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from wagtail.models import Page

from casestudies.queries import published_case_studies
from core.listing import checkbox_options, query_without_page
from core.locales import in_any_translation_of, localized, order_by_source_path
from core.models import Topic
from courses.models import CoursePage
from kb.czech import alphabet, collation_key
from kb.forms import ArticleFeedbackForm, AudienceFilterForm, DocumentLibraryFilterForm

# The page module, not its classes: page models build their context with these reads.
from kb.models import pages as page_models
from kb.models.documents import LibraryDocument
from kb.models.feedback import ArticleFeedback
from kb.models.glossary import GlossaryTerm
from kb.rendering import render_article_body

RELATED_LIMIT = 4


def published_articles():
    """Articles anyone may read: live, without view restrictions, each once in the
    interface's language (core.locales)."""
    return localized(page_models.ArticlePage.objects.live().public())


def article_cards(articles):
    """What an article card shows, without its body (StreamFields are large)."""
    return (
        articles.defer_streamfields()
        .select_related("content_owner")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .order_by("title")
    )


def knowledge_base_overview(index_page) -> dict:
    """Sections with their article counts, recent articles, glossary and library; the index
    page may be an English version whose sections and articles are partly Czech."""
    under_index = in_any_translation_of(index_page)
    sections = list(
        order_by_source_path(
            localized(page_models.ArticleIndexPage.objects.filter(under_index).live().public())
        )
    )
    articles = published_articles().filter(in_any_translation_of(index_page, children=False))
    article_paths = list(articles.values_list("path", flat=True))
    # An article counts in its section whichever language either of them is shown in.
    section_paths: dict[str, list[str]] = {}
    for key, path in Page.objects.filter(
        translation_key__in=[section.translation_key for section in sections]
    ).values_list("translation_key", "path"):
        section_paths.setdefault(key, []).append(path)
    for section in sections:
        prefixes = tuple(section_paths.get(section.translation_key, [section.path]))
        section.article_count = sum(path.startswith(prefixes) for path in article_paths)
    return {
        "sections": sections,
        "recent_articles": list(article_cards(articles).order_by("-last_reviewed_on", "title")[:6]),
        "glossary_page": localized(
            page_models.GlossaryPage.objects.filter(under_index).live().public()
        ).first(),
        "library_page": localized(
            page_models.DocumentLibraryPage.objects.filter(under_index).live().public()
        ).first(),
    }


def pages_linked_in_body(article: page_models.ArticlePage) -> set[int]:
    """Ids of the pages the article's editors already link in "related pages" blocks."""
    return {
        page.pk
        for block in article.body
        if block.block_type == "related_pages"
        for page in block.value["pages"]
        if page is not None
    }


def related_content(article: page_models.ArticlePage) -> dict:
    """Articles sharing topics (most shared first), and case studies and courses on them;
    pages the article already links in its body are not offered again."""
    topic_ids = [topic.pk for topic in article.topics.all()]
    if not topic_ids:
        return {"articles": [], "case_studies": [], "courses": []}
    linked = pages_linked_in_body(article) | {article.pk}
    shared = Count("topics", filter=Q(topics__in=topic_ids), distinct=True)
    articles = list(
        article_cards(published_articles().exclude(pk__in=linked).filter(topics__in=topic_ids))
        .annotate(shared_topics=shared)
        .order_by("-shared_topics", "-last_reviewed_on", "title")
        .distinct()[:RELATED_LIMIT]
    )
    case_studies = list(
        published_case_studies()
        .exclude(pk__in=linked)
        .filter(topics__in=topic_ids)
        .annotate(shared_topics=shared)
        .select_related("organisation")
        .defer_streamfields()
        .order_by("-shared_topics", "title")
        .distinct()[:RELATED_LIMIT]
    )
    return {
        "articles": articles,
        "case_studies": case_studies,
        "courses": _courses_on_topics(topic_ids, shared, linked),
    }


def _courses_on_topics(topic_ids, shared, linked) -> list:
    return list(
        localized(CoursePage.objects.live().public())
        .exclude(pk__in=linked)
        .filter(topics__in=topic_ids)
        .annotate(shared_topics=shared)
        .defer_streamfields()
        .order_by("-shared_topics", "title")
        .distinct()[:RELATED_LIMIT]
    )


def glossary_terms() -> list[GlossaryTerm]:
    return sorted(GlossaryTerm.objects.all(), key=lambda term: term.sort_key)


def glossary_by_letter() -> list[dict]:
    """The A–Z: every letter of the Czech alphabet with its terms (letters without terms too,
    so the letter index reads as an alphabet; they are shown as not links)."""
    by_letter: dict[str, list] = {}
    for term in glossary_terms():
        by_letter.setdefault(term.initial, []).append(term)
    letters = [{"letter": letter, "terms": by_letter.pop(letter, [])} for letter in alphabet()]
    for letter, terms in sorted(by_letter.items(), key=lambda item: collation_key(item[0])):
        letters.append({"letter": letter, "terms": terms})
    return letters


def library_documents(filters: dict):
    documents = LibraryDocument.objects.in_library()
    if "druh" in filters:
        documents = documents.filter(document_type__in=filters["druh"])
    if "tema" in filters:
        documents = documents.filter(topics__slug__in=filters["tema"])
    if "rok" in filters:
        documents = documents.filter(year__in=filters["rok"])
    if "jazyk" in filters:
        documents = documents.filter(language__in=filters["jazyk"])
    return documents.distinct()


def library_listing(filters: dict):
    return (
        library_documents(filters)
        .defer("extracted_text")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
        .order_by("-year", "title")
    )


def library_facet_counts(filters: dict) -> dict:
    """Per filter, how many documents each value would give with the other filters kept."""

    def counts(name, field):
        others = {key: value for key, value in filters.items() if key != name}
        rows = (
            library_documents(others)
            .order_by()
            .values(field)
            .annotate(count=Count("id", distinct=True))
        )
        return {row[field]: row["count"] for row in rows}

    return {
        "druh": counts("druh", "document_type"),
        "tema": counts("tema", "topics__slug"),
        "rok": {str(key): value for key, value in counts("rok", "year").items()},
        "jazyk": counts("jazyk", "language"),
    }


# --- what the pages show -----------------------------------------------------------------

LIBRARY_PAGE_SIZE = 20


def feedback_given(*, page, user=None, session_key: str = "") -> bool:
    """Whether this reader (account, or the visitor's session) already answered."""
    if user is not None:
        return ArticleFeedback.objects.filter(page=page, user=user).exists()
    if not session_key:
        return False
    return ArticleFeedback.objects.filter(page=page, user=None, session_key=session_key).exists()


def article_view(page, request, *, feedback_form=None) -> dict:
    """The article page: its body (anchors, glossary links), related content, feedback."""
    user = request.user if request.user.is_authenticated else None
    return {
        "body": render_article_body(page, {"request": request, "page": page}),
        "related": related_content(page),
        "feedback_form": feedback_form or ArticleFeedbackForm(),
        "feedback_given": feedback_given(
            page=page, user=user, session_key=request.session.session_key or ""
        ),
    }


def section_view(section, query) -> dict:
    """A topic section: its articles, filtered by audience."""
    form = AudienceFilterForm(query or None)
    return {
        "form": form,
        "articles": article_cards(
            localized(
                page_models.ArticlePage.objects.filter(in_any_translation_of(section))
                .live()
                .public()
            ).filter(**form.filters())
        ),
    }


def library_view(query) -> dict:
    """The document library: filters from the query string, counts, one page of documents."""
    form = DocumentLibraryFilterForm(query if query else None)
    filters = form.filters()
    paginator = Paginator(library_listing(filters), LIBRARY_PAGE_SIZE)
    page_obj = paginator.get_page(query.get("strana"))
    counts = library_facet_counts(filters)
    return {
        "form": form,
        "page_obj": page_obj,
        "documents": page_obj.object_list,
        "result_count": paginator.count,
        "filter_groups": [
            {
                "name": name,
                "label": form.fields[name].label,
                "options": checkbox_options(
                    form.fields[name].choices,
                    counts=counts[name],
                    selected=filters.get(name, []),
                ),
            }
            for name in ("druh", "tema", "rok", "jazyk")
        ],
        "dropped_filters": form.dropped,
        "query_without_page": query_without_page(query),
        "is_filtered": bool(filters),
    }
