"""The document library's upload check: the bytes must be what the extension says.

Office documents that are ZIP archives are checked by `core.archives` from their directory
alone, so a decompression bomb is refused before anything is inflated.
"""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.archives import OFFICE_ARCHIVE_EXTENSIONS, ArchiveRefused, office_document_kind

PDF_SIGNATURE = b"%PDF-"
# DOC and XLS are OLE2 compound files.
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
BINARY_SIGNATURES = (PDF_SIGNATURE, OLE2_SIGNATURE, b"PK\x03\x04", b"MZ", b"\x7fELF")
TEXT_EXTENSIONS = frozenset({".csv", ".txt"})
# How much of a text file is looked at for NUL bytes.
TEXT_SAMPLE_BYTES = 64 * 1024


def _content_matches(upload, extension: str, name: str) -> bool:
    upload.seek(0)
    head = upload.read(TEXT_SAMPLE_BYTES)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(PDF_SIGNATURE)
    if extension in {".doc", ".xls"}:
        return head.startswith(OLE2_SIGNATURE)
    if extension in OFFICE_ARCHIVE_EXTENSIONS:
        return (
            head.startswith(b"PK\x03\x04") and office_document_kind(upload, name=name) == extension
        )
    if extension in TEXT_EXTENSIONS:
        return b"\x00" not in head and not head.startswith(BINARY_SIGNATURES)
    return False


def document_upload_check(upload) -> None:
    """ValidationError (a Czech sentence naming the file) unless the content is what its
    extension says, and an office document is within the archive limits."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    try:
        matches = _content_matches(upload, extension, name)
    except ArchiveRefused as refused:
        raise ValidationError(str(refused)) from None
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "Obsah souboru %(name)s neodpovídá jeho příponě. Nahrajte prosím skutečný "
                "dokument tohoto typu, nebo soubor uložte znovu se správnou příponou."
            )
            % {"name": name}
        )
