"""The document library refuses files whose bytes are not what their extension says and
office documents that would inflate beyond the limits; text extraction runs in a child
process with bounded memory and time, so no document can stall the task worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from accounts.roles import Role
from kb.extraction import ExtractionLimits, extract_text
from kb.models import LibraryDocument, TextExtraction
from tests.core.test_archives import docx_bomb, odt_bytes
from tests.factories import user_with_role
from tests.kb.factories import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db


def _upload(client, filename, data):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Nahraný dokument",
            "file": SimpleUploadedFile(filename, data),
            "collection": Collection.get_first_root_node().pk,
            "language": "cs",
        },
    )


@pytest.fixture
def adviser_client(client):
    client.force_login(user_with_role(Role.ADVISER))
    return client


def test_bomb_docx_upload_is_refused_in_czech(adviser_client):
    response = _upload(adviser_client, "metodika.docx", docx_bomb())
    assert response.status_code == 200  # the form again, with the error
    assert "se po rozbalení nadměrně zvětšuje" in response.content.decode()
    assert not LibraryDocument.objects.exists()


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("metodika.pdf", lambda: docx_bytes(["Text."])),
        ("metodika.docx", lambda: pdf_bytes(["Text."])),
        ("metodika.docx", odt_bytes),
        ("metodika.odt", lambda: docx_bytes(["Text."])),
        ("tabulka.xlsx", lambda: docx_bytes(["Text."])),
        ("stary.doc", lambda: b"MZ\x90\x00 program"),
        ("data.csv", lambda: b"\x7fELF\x02\x01\x01\x00binary\x00"),
        ("poznamky.txt", lambda: pdf_bytes(["Text."])),
    ],
)
def test_content_must_match_the_extension(adviser_client, filename, data):
    response = _upload(adviser_client, filename, data())
    assert response.status_code == 200
    assert "neodpovídá jeho příponě" in response.content.decode()
    assert not LibraryDocument.objects.exists()


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("metodika.docx", lambda: docx_bytes(["Text."])),
        ("zapis.odt", odt_bytes),
        ("stary.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)),
        ("data.csv", lambda: "obec;počet\nJihlava;12\n".encode()),
        ("poznamky.txt", lambda: "Poznámky k metodice.\n".encode("cp1250")),
    ],
)
def test_real_documents_are_accepted(adviser_client, filename, data):
    response = _upload(adviser_client, filename, data())
    assert response.status_code == 302
    assert LibraryDocument.objects.count() == 1


def test_extraction_of_a_bomb_fails_with_a_note_and_does_not_inflate_it():
    result = extract_text(docx_bomb(), "docx")
    assert result.status == TextExtraction.FAILED
    assert "příliš rozsáhlý" in result.note


def test_extraction_caps_the_parts_it_parses(settings):
    """A real DOCX whose text part is larger than extraction parses is not parsed."""
    settings.EXTRACTION_LIMITS = ExtractionLimits(max_part_bytes=50_000)
    result = extract_text(docx_bytes(["Dlouhý odstavec metodiky. " * 4000]), "docx")
    assert result.status == TextExtraction.FAILED
    assert "příliš rozsáhlý" in result.note


def test_extraction_out_of_memory_ends_as_a_failure_not_an_exception(settings):
    settings.EXTRACTION_LIMITS = ExtractionLimits(memory_bytes=20 * 1024 * 1024)
    result = extract_text(pdf_bytes(["Metodika."]), "pdf")
    assert result.status == TextExtraction.FAILED
    assert "příliš rozsáhlý" in result.note


def test_extraction_past_its_time_is_stopped(settings, monkeypatch):
    """The worker is killed after `timeout_seconds`; here it is made to hang on stdin."""
    import subprocess

    settings.EXTRACTION_LIMITS = ExtractionLimits(timeout_seconds=1)
    real_run = subprocess.run

    def run_with_sleeping_worker(command, **kwargs):
        command = [command[0], "-c", "import time; time.sleep(30)"]
        return real_run(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", run_with_sleeping_worker)
    result = extract_text(pdf_bytes(["Metodika."]), "pdf")
    assert result.status == TextExtraction.FAILED
    assert "příliš rozsáhlý" in result.note


def test_extraction_still_reads_real_documents():
    assert extract_text(pdf_bytes(["Krizový byt."]), "pdf").text == "Krizový byt."
    assert extract_text(docx_bytes(["Přidělování bytů."]), "docx").text == "Přidělování bytů."
