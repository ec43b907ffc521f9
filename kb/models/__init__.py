"""Knowledge base models: pages (index, topic sections, articles, glossary, library),
the library's documents, glossary terms, article feedback and review reminders."""

from kb.models.documents import DocumentLanguage, DocumentType, LibraryDocument, TextExtraction
from kb.models.faq import ArticleFaqEntry, FaqProposal
from kb.models.feedback import ArticleFeedback
from kb.models.glossary import GlossaryTerm
from kb.models.pages import (
    ArticleIndexPage,
    ArticlePage,
    DocumentLibraryPage,
    GlossaryPage,
    KnowledgeBaseIndexPage,
)
from kb.models.reviews import ReviewReminder

__all__ = [
    "ArticleFaqEntry",
    "ArticleFeedback",
    "ArticleIndexPage",
    "ArticlePage",
    "DocumentLanguage",
    "DocumentLibraryPage",
    "DocumentType",
    "FaqProposal",
    "GlossaryPage",
    "GlossaryTerm",
    "KnowledgeBaseIndexPage",
    "LibraryDocument",
    "ReviewReminder",
    "TextExtraction",
]
