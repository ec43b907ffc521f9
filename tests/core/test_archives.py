"""Office documents are checked from their ZIP directory before anything is inflated
(core.archives), for forum attachments and the document library alike.

The bombs are built at test time: 100 MB of zeros deflate to about 100 kB.
"""

import io
import random
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.archives import ArchiveLimits, ArchiveRefused, office_document_kind
from kb.demo import docx_bytes

MB = 1024 * 1024


def zip_bytes(entries: dict[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb_bytes(entries: dict[str, bytes], *, bomb_entry: str, inflated_mb: int = 100) -> bytes:
    """A valid ZIP in which `bomb_entry` holds `inflated_mb` MB of zeros, streamed in so the
    test never holds them in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        with archive.open(bomb_entry, "w", force_zip64=True) as handle:
            chunk = bytes(MB)
            for _ in range(inflated_mb):
                handle.write(chunk)
    return buffer.getvalue()


def odt_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    return zip_bytes(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
            **(extra or {}),
        }
    )


def odt_bomb() -> bytes:
    """The finding: an ODT whose `mimetype` entry inflates to 100 MB."""
    return bomb_bytes({}, bomb_entry="mimetype")


def docx_bomb() -> bytes:
    """A DOCX (of python-docx) whose main part inflates to 100 MB."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes(["Text."]))) as real:
        parts = {name: real.read(name) for name in real.namelist() if name != "word/document.xml"}
    return bomb_bytes(parts, bomb_entry="word/document.xml")


# --- the checker ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (lambda: docx_bytes(["Text."]), ".docx"),
        (odt_bytes, ".odt"),
        (
            lambda: zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            ".ods",
        ),
        (
            lambda: zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
            ".xlsx",
        ),
        (
            lambda: zip_bytes(
                {"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}
            ),
            ".pptx",
        ),
        (lambda: zip_bytes({"obrazek.png": b"\x89PNG"}), ""),
        (lambda: zip_bytes({"mimetype": b"application/x-neco"}), ""),
    ],
)
def test_office_document_kind_is_read_from_the_archive(data, kind):
    assert office_document_kind(io.BytesIO(data())) == kind


@pytest.mark.parametrize("bomb", [odt_bomb, docx_bomb])
def test_bomb_is_refused_without_inflating_it(bomb):
    data = bomb()
    assert len(data) < 1 * MB
    tracemalloc.start()
    try:
        with pytest.raises(ArchiveRefused) as refused:
            office_document_kind(io.BytesIO(data), name="zprava.odt")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.reason == "too_large"
    assert "zprava.odt se po rozbalení nadměrně zvětšuje" in str(refused.value)
    # Inflating even the first megabyte would show here.
    assert peak < MB


def test_too_many_entries_are_refused(settings):
    settings.OFFICE_ARCHIVE_LIMITS = ArchiveLimits(max_entries=50)
    data = odt_bytes({f"Pictures/{number}.png": b"" for number in range(50)})
    with pytest.raises(ArchiveRefused):
        office_document_kind(io.BytesIO(data))


def test_too_much_declared_content_is_refused_even_when_stored_uncompressed(settings):
    settings.OFFICE_ARCHIVE_LIMITS = ArchiveLimits(max_total_bytes=2 * MB)
    data = zip_bytes(
        {"mimetype": b"application/vnd.oasis.opendocument.text", "a.bin": bytes(3 * MB)},
        compression=zipfile.ZIP_STORED,
    )
    with pytest.raises(ArchiveRefused):
        office_document_kind(io.BytesIO(data))


def test_limits_leave_real_documents_alone():
    """A DOCX with a 2 MB photo (incompressible) and well-compressing text passes the defaults."""
    photo = random.Random(1).randbytes(2 * MB)
    data = docx_bytes(["Odstavec. " * 2000])
    with zipfile.ZipFile(io.BytesIO(data), "a") as archive:
        archive.writestr("word/media/foto.jpg", photo)
    assert office_document_kind(io.BytesIO(data)) == ".docx"


@pytest.mark.parametrize("data", [b"PK\x03\x04 nesmysl", b"PK\x03\x04" + bytes(100)])
def test_damaged_archive_is_refused_as_damaged(data):
    with pytest.raises(ArchiveRefused) as refused:
        office_document_kind(io.BytesIO(data), name="rozbity.docx")
    assert refused.value.reason == "damaged"
    assert "rozbity.docx je poškozený" in str(refused.value)


# --- forum attachments -------------------------------------------------------------------------


@pytest.mark.parametrize(("bomb", "name"), [(odt_bomb, "zapis.odt"), (docx_bomb, "zapis.docx")])
def test_forum_refuses_a_bomb_attachment_in_czech(bomb, name):
    from forum.attachments import check_upload

    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, bomb()))
    assert "se po rozbalení nadměrně zvětšuje" in refused.value.messages[0]


def test_forum_still_accepts_a_real_odt_and_docx():
    from forum.attachments import check_upload

    assert check_upload(SimpleUploadedFile("zapis.odt", odt_bytes())).kind == "document"
    assert check_upload(SimpleUploadedFile("zapis.docx", docx_bytes(["Text."]))).kind == "document"
