"""What the knowledge base contributes to search: articles, glossary terms and library
documents (with their extracted text), and the glossary's synonyms."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published

from kb.extraction import document_text_extracted
from kb.models import ArticlePage, DocumentType, GlossaryPage, GlossaryTerm, LibraryDocument
from kb.permissions import can_see_editorial_reports
from search import registry
from search.documents import PUBLIC, SearchDocument, html_text
from search.outbox import outbox_add, outbox_remove
from search.pages import in_batches, index_pages, page_access_of, page_audiences, parents_of

BATCH_SIZE = 200


def article_document(page: ArticlePage, *, access=None, section=None) -> SearchDocument | None:
    """The document of a live article; `access` (search.pages.page_access_of) and `section` when already read for a
    batch (`_article_batch`), its topics prefetched there."""
    audiences = page_audiences(page, access)
    url = page.get_url()
    if audiences is None or not url:
        return None
    if section is None:
        section = page.get_parent()
    return SearchDocument(
        key=registry.document_key(page),
        kind="article",
        title=page.title,
        url=url,
        summary=page.summary,
        body=html_text(page.body.render_as_block()),
        date=page.last_published_at.date() if page.last_published_at else None,
        place=section.title if section else "",
        topics=tuple(topic.slug for topic in page.topics.all()),
        audiences=audiences,
    )


def _article_batch(pages: list[ArticlePage]) -> list[SearchDocument]:
    """Documents of a batch of articles: their view restrictions, languages and sections are read for
    the whole batch (the topics are prefetched), so the queries do not grow with it."""
    access = page_access_of(pages)
    parents = parents_of(pages)
    documents = (
        article_document(
            page,
            access=access[page.pk],
            section=parents.get(page.path[: -page.steplen]),
        )
        for page in pages
    )
    return [document for document in documents if document is not None]


def _live_articles():
    return ArticlePage.objects.live().prefetch_related("topics")


def _article(pk: int) -> SearchDocument | None:
    return next(iter(_articles_for([pk])), None)


def _articles_for(pks: list[int]) -> list[SearchDocument]:
    return _article_batch(list(_live_articles().filter(pk__in=pks)))


def _articles():
    for pages in in_batches(_live_articles(), BATCH_SIZE):
        yield from _article_batch(pages)


def _glossary_url() -> str | None:
    page = GlossaryPage.objects.live().public().first()
    return page.get_url() if page else None


def term_document(term: GlossaryTerm, glossary_url: str | None) -> SearchDocument | None:
    if not glossary_url:
        return None
    return SearchDocument(
        key=registry.document_key(term),
        kind="glossary_term",
        title=term.term,
        url=f"{glossary_url}#{term.anchor}",
        summary=term.definition,
        body=" ".join(term.synonym_list),
        place=str(GlossaryTerm._meta.verbose_name_plural),
    )


def _term(pk: int) -> SearchDocument | None:
    term = GlossaryTerm.objects.filter(pk=pk).first()
    return term_document(term, _glossary_url()) if term else None


def _terms():
    url = _glossary_url()
    for term in GlossaryTerm.objects.all():
        document = term_document(term, url)
        if document is not None:
            yield document


def library_document(document: LibraryDocument, *, restricted=None) -> SearchDocument | None:
    """Library documents only (those with a type), and only from public collections
    (`restricted`: whether its collection is, when read for a batch)."""
    if restricted is None:
        restricted = document.collection.get_view_restrictions().exists()
    if not document.document_type or restricted:
        return None
    return SearchDocument(
        key=registry.document_key(document),
        kind="document",
        title=document.title,
        url=document.url,
        summary=document.description,
        body=document.extracted_text,
        date=document.created_at.date(),
        place=document.get_document_type_display(),
        topics=tuple(topic.slug for topic in document.topics.all()),
        year=document.year,
        document_type=document.document_type,
        audiences=(PUBLIC,),
    )


def _restricted_collection_paths() -> list[str]:
    from wagtail.models import CollectionViewRestriction

    return list(CollectionViewRestriction.objects.values_list("collection__path", flat=True))


def _library_batch(documents: list[LibraryDocument]) -> list[SearchDocument]:
    """Documents of a batch: the collections' restrictions read once for all of them."""
    restricted_paths = _restricted_collection_paths()
    results = (
        library_document(
            document,
            restricted=any(document.collection.path.startswith(path) for path in restricted_paths),
        )
        for document in documents
    )
    return [result for result in results if result is not None]


def _library_queryset():
    return LibraryDocument.objects.select_related("collection").prefetch_related("topics")


def _library_document(pk: int) -> SearchDocument | None:
    return next(iter(_library_documents_for([pk])), None)


def _library_documents_for(pks: list[int]) -> list[SearchDocument]:
    return _library_batch(list(_library_queryset().filter(pk__in=pks)))


def _library_documents():
    for documents in in_batches(_library_queryset().in_library(), BATCH_SIZE):
        yield from _library_batch(documents)


registry.register_source(
    registry.Source("kb.articlepage", ("article",), _articles, _article, _articles_for)
)
registry.register_source(registry.Source("kb.glossaryterm", ("glossary_term",), _terms, _term))
registry.register_source(
    registry.Source(
        "kb.librarydocument",
        ("document",),
        _library_documents,
        _library_document,
        _library_documents_for,
    )
)
registry.register_kind("article", _("Článek"))
registry.register_kind("glossary_term", _("Pojem ze slovníku"))
registry.register_kind("document", _("Dokument"))
registry.register_facet(registry.Facet("year", _("Rok")))
registry.register_facet(
    registry.Facet(
        "document_type",
        _("Druh dokumentu"),
        lambda: {value: str(label) for value, label in DocumentType.choices},
    )
)
registry.register_synonym_provider(lambda: GlossaryTerm.objects.all().synonym_sets())
# Advisers act on what people search for (synonyms in the glossary, promotions).
registry.register_report_viewers(can_see_editorial_reports)
index_pages(ArticlePage)


def _articles_linking(page_id: int) -> list[str]:
    """Articles whose body shows the page's title (the "see also" links): when the page is
    renamed, moved or unpublished, their documents change too. Wagtail's reference index
    knows which pages a StreamField links to."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    article_ids = (
        ReferenceIndex.get_references_to(page)
        .filter(content_type=ContentType.objects.get_for_model(ArticlePage))
        .values_list("object_id", flat=True)
    )
    return [f"kb.articlepage:{pk}" for pk in article_ids if str(pk) != str(page_id)]


for _label in ("casestudies.casestudypage", "courses.coursepage", "kb.articlepage"):
    registry.register_dependency(_label, _articles_linking)


def _changed(sender, instance, **kwargs):
    outbox_add([registry.document_key(instance)])


def _deleted(sender, instance, **kwargs):
    outbox_remove([registry.document_key(instance)])


def _topics_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, LibraryDocument):
        outbox_add([registry.document_key(instance)])


for model in (GlossaryTerm, LibraryDocument):
    post_save.connect(_changed, sender=model, weak=False, dispatch_uid=f"search-{model.__name__}")
    post_delete.connect(
        _deleted, sender=model, weak=False, dispatch_uid=f"search-del-{model.__name__}"
    )
m2m_changed.connect(_topics_changed, sender=LibraryDocument.topics.through, weak=False)


def _text_extracted(sender, document_id, **kwargs):
    outbox_add([f"kb.librarydocument:{document_id}"])


document_text_extracted.connect(_text_extracted, weak=False, dispatch_uid="search-text-extracted")


def _glossary_page_published(sender, instance, **kwargs):
    # Term URLs point into the glossary page: (re)index every term when it is published.
    outbox_add([registry.document_key(term) for term in GlossaryTerm.objects.all()])


page_published.connect(_glossary_page_published, sender=GlossaryPage, weak=False)
