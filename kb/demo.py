"""Demo content of the knowledge base, created by `load_demo` from kb/demo_content/. Idempotent.

The articles retell, in our own words, the programme rules in the project's source documents:
crisis housing for up to six months with intensive social work in furnished flats whose
energy contracts the municipality arranges; social and affordable flats with support for
every household during the first three months; the registration week; allocation rules;
cooperation between departments. The documents are small files generated here.
"""

import io

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.models import Collection, Page

from accounts.models import User
from core.demo_data import demo_file, demo_files
from core.models import Topic
from home.models import HomePage, HomePageSection
from kb.models import (
    ArticleIndexPage,
    ArticlePage,
    DocumentLibraryPage,
    GlossaryPage,
    GlossaryTerm,
    KnowledgeBaseIndexPage,
    LibraryDocument,
)


def pdf_bytes(paragraphs: list[str]) -> bytes:
    """A small real PDF with Czech text (used by the demo and by tests)."""
    from django.utils.html import escape

    from core.pdf import html_to_pdf

    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    title = escape(paragraphs[0]) if paragraphs else "Dokument"
    return html_to_pdf(
        f'<!DOCTYPE html><html lang="cs"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body>{body}</body></html>"
    )


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A small real DOCX (used by the demo and by tests)."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _block(block: dict) -> dict:
    """One StreamField block of an article file, as ArticlePage.body stores it."""
    block_type, value = block["type"], {key: v for key, v in block.items() if key != "type"}
    if block_type == "heading":
        value = {"text": value["text"], "level": value.get("level", "h2")}
    elif block_type == "text":
        value = "".join(f"<p>{paragraph}</p>" for paragraph in value["paragraphs"])
    elif block_type == "table":
        value = {
            "caption": value["caption"],
            "table": {
                "columns": [{"type": "text", "heading": heading} for heading in value["columns"]],
                "rows": [{"values": row} for row in value["rows"]],
            },
        }
    return {"type": block_type, "value": value}


def _documents(stdout) -> None:
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    collection = Collection.get_first_root_node()
    for item in demo_file("kb", "documents")["documents"]:
        if LibraryDocument.objects.filter(title=item["title"]).exists():
            continue
        filename, paragraphs = item["filename"], item["paragraphs"]
        data = docx_bytes(paragraphs) if filename.endswith(".docx") else pdf_bytes(paragraphs)
        document = LibraryDocument(
            title=item["title"],
            collection=collection,
            description=item["description"],
            document_type=item["document_type"],
            year=item["year"],
            language=item["language"],
        )
        document.file.save(filename, ContentFile(data), save=False)
        document.save()
        document.topics.set([topics[slug] for slug in item["topics"]])
        stdout.write(f"  document {item['title']}")


def _publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load(*, stdout) -> None:
    data = demo_file("kb", "knowledge_base")
    home = HomePage.objects.first()  # the Czech one: English versions come later
    index = KnowledgeBaseIndexPage.objects.first()
    if index is None:
        index = _publish(home, KnowledgeBaseIndexPage(**_page_fields(data["index"])))
        stdout.write("  knowledge base index created")
    HomePageSection.objects.filter(
        page=home, title=data["index"]["home_section"], link_page__isnull=True, link_url_name=""
    ).update(link_page=index)

    for item in demo_file("kb", "glossary")["terms"]:
        GlossaryTerm.objects.get_or_create(
            slug=item["code"],
            defaults={
                "term": item["term"],
                "definition": item["definition"],
                "synonyms": "\n".join(item["synonyms"]),
            },
        )
    if not GlossaryPage.objects.exists():
        _publish(index, GlossaryPage(**_page_fields(data["glossary_page"])))
    if not DocumentLibraryPage.objects.exists():
        _publish(index, DocumentLibraryPage(**_page_fields(data["library_page"])))
    _documents(stdout)

    owner = User.objects.filter(email=data["content_owner"]).first()
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    sections = {}
    for section_data in data["sections"]:
        section = ArticleIndexPage.objects.filter(slug=section_data["code"]).first()
        if section is None:
            section = _publish(
                index,
                ArticleIndexPage(
                    title=section_data["title"],
                    slug=section_data["code"],
                    intro=section_data["intro"],
                ),
            )
        sections[section_data["code"]] = section
    for section_data in data["sections"]:
        articles = demo_files("kb", "articles", section_data["articles"])
        for code, item in articles.items():
            if ArticlePage.objects.filter(slug=code).exists():
                continue
            article = _article(
                code,
                item,
                owner=owner,
                topics=topics,
                related_heading=data["related_case_studies_heading"],
            )
            _publish(sections[section_data["code"]], article)
            stdout.write(f"  article {article.title}")


def _article(
    code: str, item: dict, *, owner: User | None, topics: dict, related_heading: str
) -> ArticlePage:
    """The article of an articles/<code>.toml file; its related case studies close the body."""
    from casestudies.models import CaseStudyPage

    # Raw StreamField data (as stored): nested blocks such as tables need no native values.
    body = [_block(block) for block in item["body"]]
    case_study_ids = list(
        CaseStudyPage.objects.filter(slug__in=item["related_case_studies"]).values_list(
            "pk", flat=True
        )
    )
    if case_study_ids:
        body.append(
            {
                "type": "related_pages",
                "value": {"heading": related_heading, "pages": case_study_ids},
            }
        )
    article = ArticlePage(
        title=item["title"],
        slug=code,
        summary=item["summary"],
        body=body,
        for_politicians=item["for_politicians"],
        for_social_workers=item["for_social_workers"],
        for_housing_department=item["for_housing_department"],
        content_owner=owner,
        last_reviewed_on=item["last_reviewed_on"],
        review_interval_months=item["review_interval_months"],
    )
    article.topics = [topics[slug] for slug in item["topics"]]
    return article


def _page_fields(item: dict) -> dict:
    """Title, slug and introduction of an index page's table in knowledge_base.toml."""
    return {"title": item["title"], "slug": item["slug"], "intro": item["intro"]}
