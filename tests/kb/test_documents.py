import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from accounts.roles import Role
from kb.extraction import extract_text
from kb.models import LibraryDocument, TextExtraction
from tests.factories import user_with_role
from tests.kb.factories import (
    document_create,
    docx_bytes,
    docx_document_create,
    kb_index_create,
    library_page_create,
    pdf_bytes,
    pdf_document_create,
)

pytestmark = pytest.mark.django_db


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["Tajný text."]))))
    writer.encrypt(user_password="heslo", owner_password="vlastnik")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_text_of_a_real_pdf_is_extracted_with_czech_letters(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = pdf_document_create(["Krizový byt: nastěhování ihned, žádné čekání."])
    document.refresh_from_db()
    assert document.text_extraction == TextExtraction.DONE
    assert "Krizový byt: nastěhování ihned, žádné čekání." in document.extracted_text


def test_text_of_a_real_docx_is_extracted(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = docx_document_create(["Pravidla pro přidělování obecních bytů."])
    document.refresh_from_db()
    assert document.text_extraction == TextExtraction.DONE
    assert document.extracted_text == "Pravidla pro přidělování obecních bytů."


@pytest.mark.parametrize(
    ("data", "filename", "status", "note"),
    [
        (_encrypted_pdf, "chraneny.pdf", TextExtraction.FAILED, "chráněné heslem"),
        (lambda: b"%PDF-1.4 nesmysl", "poskozeny.pdf", TextExtraction.FAILED, "poškozené"),
        (lambda: b"neni to zip", "poskozeny.docx", TextExtraction.FAILED, "poškozený"),
        (lambda: docx_bytes([]), "prazdny.docx", TextExtraction.EMPTY, "neobsahuje text"),
        (lambda: b"a;b\n1;2\n", "tabulka.csv", TextExtraction.UNSUPPORTED, ""),
    ],
)
def test_unreadable_documents_are_kept_with_a_note_for_editors(
    django_capture_on_commit_callbacks, data, filename, status, note
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_create(data=data(), filename=filename)
    document.refresh_from_db()
    assert document.text_extraction == status
    assert note in document.text_extraction_note
    assert document.extracted_text == ""
    assert LibraryDocument.objects.filter(pk=document.pk).exists()


def test_extraction_skips_a_file_replaced_meanwhile(django_capture_on_commit_callbacks):
    from kb.extraction import document_text_store

    document = pdf_document_create(["Stará verze."])
    assert document_text_store(document_id=document.pk, file_hash="jiny-hash") == "gone"


def test_extract_text_returns_the_reason_without_raising():
    assert extract_text(b"\x00\x01", "pdf").status == TextExtraction.FAILED
    assert extract_text(b"", "odt").status == TextExtraction.UNSUPPORTED


def _upload(client, filename, data, **fields):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Nahraný dokument",
            "file": SimpleUploadedFile(filename, data),
            "collection": Collection.get_first_root_node().pk,
            "language": "cs",
            **fields,
        },
    )


def test_adviser_uploads_a_document_with_library_metadata(
    client, django_capture_on_commit_callbacks
):
    client.force_login(user_with_role(Role.ADVISER))
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(
            client,
            "metodika.pdf",
            pdf_bytes(["Metodika."]),
            document_type="methodology",
            year="2024",
        )
    assert response.status_code == 302
    document = LibraryDocument.objects.get()
    assert (document.document_type, document.year) == ("methodology", 2024)
    assert document.text_extraction == TextExtraction.DONE


def test_upload_over_the_size_limit_is_refused_in_czech(client, settings):
    settings.KB_DOCUMENT_MAX_UPLOAD_SIZE = 1024
    client.force_login(user_with_role(Role.ADVISER))
    response = _upload(client, "velky.pdf", b"%PDF-1.4" + b"0" * 2048)
    assert response.status_code == 200  # the form again, with the error
    assert "Soubor je větší než" in response.content.decode()
    assert not LibraryDocument.objects.exists()


def test_upload_of_a_forbidden_type_is_refused(client):
    client.force_login(user_with_role(Role.ADVISER))
    response = _upload(client, "skript.exe", b"MZ\x90\x00")
    assert response.status_code == 200
    assert not LibraryDocument.objects.exists()


def test_learners_cannot_upload_documents(client):
    client.force_login(user_with_role(Role.LEARNER))
    response = _upload(client, "metodika.pdf", pdf_bytes(["x"]))
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert not LibraryDocument.objects.exists()


@pytest.fixture
def library(home_page):
    return library_page_create(kb_index_create(home_page))


def test_library_lists_typed_documents_with_filters_and_counts(client, library):
    pdf_document_create(
        title="Metodika HF", document_type="methodology", year=2024, topics=["housing-first"]
    )
    pdf_document_create(
        title="Vzor smlouvy", document_type="template", year=2025, topics=["krizove-bydleni"]
    )
    pdf_document_create(
        title="Anglická prezentace", document_type="presentation", year=2024, language="en"
    )
    pdf_document_create(title="Obrázek bez druhu")  # not in the library
    body = client.get(library.url).content.decode()
    assert "Metodika HF" in body and "Vzor smlouvy" in body and "Obrázek bez druhu" not in body

    filtered = client.get(f"{library.url}?rok=2024").content.decode()
    assert "Metodika HF" in filtered and "Anglická prezentace" in filtered
    assert "Vzor smlouvy" not in filtered
    # Counts of each year keep the other filters: choosing a year does not hide the other year.
    assert 'value="2025"' in filtered

    by_type = client.get(f"{library.url}?druh=template&tema=krizove-bydleni").content.decode()
    assert "Vzor smlouvy" in by_type and "Metodika HF" not in by_type


def test_unknown_filter_values_are_dropped_and_reported(client, library):
    pdf_document_create(title="Metodika HF", document_type="methodology", year=2024)
    response = client.get(f"{library.url}?tema=neexistuje&rok=abc&druh=methodology&strana=-3")
    body = response.content.decode()
    assert response.status_code == 200
    assert "neexistuje" in body and "vynechali" in body
    assert "Metodika HF" in body


def test_library_query_count_does_not_grow(client, library, django_assert_max_num_queries):
    for number in range(25):
        pdf_document_create(
            title=f"Dokument {number}",
            document_type="methodology",
            year=2000 + number % 5,
            topics=["housing-first", "krizove-bydleni"],
        )
    with django_assert_max_num_queries(23):
        response = client.get(f"{library.url}?tema=housing-first")
    assert response.content.decode().count('class="document-list__item"') == 20


def test_documents_report_shows_failed_extractions_to_advisers(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document_create(data=_encrypted_pdf(), filename="chraneny.pdf", title="Chráněná zpráva")
        pdf_document_create(title="Čitelná metodika")
    client.force_login(user_with_role(Role.ADVISER))
    body = client.get(reverse("kb_reviews:documents")).content.decode()
    assert "Chráněná zpráva" in body and "chráněné heslem" in body
    assert "Čitelná metodika" not in body
    client.force_login(user_with_role(Role.PARTNER_MEMBER))
    assert client.get(reverse("kb_reviews:documents")).status_code == 302
