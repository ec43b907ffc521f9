"""Knowledge base pages, terms and documents for tests."""

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection

from kb.demo import docx_bytes, pdf_bytes
from kb.models import (
    ArticleIndexPage,
    ArticlePage,
    DocumentLibraryPage,
    GlossaryPage,
    GlossaryTerm,
    KnowledgeBaseIndexPage,
    LibraryDocument,
)
from tests.factories import publish_page, topic

__all__ = ["docx_bytes", "pdf_bytes"]


def _publish(parent, page, *, live=True):
    return publish_page(parent, page, live=live)


def kb_index_create(home) -> KnowledgeBaseIndexPage:
    return _publish(home, KnowledgeBaseIndexPage(title="Znalostní báze", slug="znalosti"))


def section_create(index, *, slug="housing-first", title="Housing First") -> ArticleIndexPage:
    return _publish(index, ArticleIndexPage(title=title, slug=slug))


def glossary_page_create(index) -> GlossaryPage:
    return _publish(index, GlossaryPage(title="Slovník pojmů", slug="slovnik"))


def library_page_create(index) -> DocumentLibraryPage:
    return _publish(index, DocumentLibraryPage(title="Knihovna dokumentů", slug="dokumenty"))


def article_create(
    section,
    *,
    slug="clanek",
    title="Článek",
    body=None,
    topics=(),
    live=True,
    summary="Shrnutí článku.",
    **fields,
) -> ArticlePage:
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        body=body if body is not None else [{"type": "text", "value": "<p>Text článku.</p>"}],
        last_reviewed_on=fields.pop("last_reviewed_on", timezone.localdate()),
        **fields,
    )
    article.topics = [topic(slug) for slug in topics]
    return _publish(section, article, live=live)


def term_create(term, *, synonyms="", definition=None, slug=None) -> GlossaryTerm:
    from django.utils.text import slugify

    return GlossaryTerm.objects.create(
        term=term,
        slug=slug or slugify(term),
        synonyms=synonyms,
        definition=definition or f"Vysvětlení pojmu {term}.",
    )


def document_create(*, data: bytes, filename: str, title="Dokument", **fields) -> LibraryDocument:
    topics = fields.pop("topics", ())
    document = LibraryDocument(title=title, collection=Collection.get_first_root_node(), **fields)
    document.file.save(filename, ContentFile(data), save=False)
    document.save()
    if topics:
        document.topics.set([topic(slug) for slug in topics])
    return document


def pdf_document_create(paragraphs=("Metodika krizového bydlení.",), **fields):
    return document_create(data=pdf_bytes(list(paragraphs)), filename="dokument.pdf", **fields)


def docx_document_create(paragraphs=("Vzor pravidel pro byty.",), **fields):
    return document_create(data=docx_bytes(list(paragraphs)), filename="vzor.docx", **fields)
