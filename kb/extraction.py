"""Text of PDF and DOCX documents, for search.

Extraction never raises to its caller: a corrupt, password-protected or empty file is
recorded with a status and a note that editors see in the admin, and the upload stays.
"""

import io
import logging
from dataclasses import dataclass

from django.dispatch import Signal
from django.utils.translation import gettext as _

from kb.models import LibraryDocument, TextExtraction

logger = logging.getLogger(__name__)

# Sent after a document's text was stored (with `update()`, so no post_save): search listens.
document_text_extracted = Signal()

# Enough for search; a 300-page methodology is cut rather than stored whole.
MAX_EXTRACTED_CHARACTERS = 200_000


@dataclass(frozen=True)
class ExtractionResult:
    status: str
    text: str = ""
    note: str = ""


def _pdf_text(data: bytes) -> ExtractionResult:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Some PDFs are "encrypted" only against editing and open with an empty password.
            try:
                opened = reader.decrypt("")
            except (FileNotDecryptedError, NotImplementedError, PdfReadError):
                opened = 0
            if not opened:
                return ExtractionResult(
                    TextExtraction.FAILED, note=_("PDF je chráněné heslem, text nelze přečíst.")
                )
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as error:  # pypdf raises many kinds of errors on damaged files
        logger.info("PDF text extraction failed: %s", error)
        return ExtractionResult(
            TextExtraction.FAILED, note=_("PDF je poškozené nebo není platné, text nelze přečíst.")
        )
    return _result("\n".join(pages))


def _docx_text(data: bytes) -> ExtractionResult:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises zip, XML and package errors
        logger.info("DOCX text extraction failed: %s", error)
        return ExtractionResult(
            TextExtraction.FAILED,
            note=_("Soubor DOCX je poškozený nebo chráněný heslem, text nelze přečíst."),
        )
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return _result("\n".join(parts))


def _result(text: str) -> ExtractionResult:
    text = " ".join(text.split())
    if not text:
        return ExtractionResult(
            TextExtraction.EMPTY,
            note=_("Dokument neobsahuje text (například jde o sken). Doplňte popis dokumentu."),
        )
    return ExtractionResult(TextExtraction.DONE, text=text[:MAX_EXTRACTED_CHARACTERS])


EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text}


def extract_text(data: bytes, extension: str) -> ExtractionResult:
    extractor = EXTRACTORS.get(extension.lower())
    if extractor is None:
        return ExtractionResult(TextExtraction.UNSUPPORTED)
    return extractor(data)


def document_text_store(*, document_id: int, file_hash: str) -> str:
    """Extract and store the text of one document, unless its file changed meanwhile."""
    document = LibraryDocument.objects.filter(pk=document_id, file_hash=file_hash).first()
    if document is None:
        return "gone"
    try:
        with document.open_file() as handle:
            data = handle.read()
    except OSError:
        result = ExtractionResult(TextExtraction.FAILED, note=_("Soubor dokumentu chybí."))
    else:
        result = extract_text(data, document.file_extension)
    # update(), not save(): no second post_save, and a newer file is never overwritten.
    LibraryDocument.objects.filter(pk=document_id, file_hash=file_hash).update(
        extracted_text=result.text,
        text_extraction=result.status,
        text_extraction_note=result.note,
        extracted_from_hash=file_hash,
    )
    document_text_extracted.send(sender=LibraryDocument, document_id=document_id)
    return result.status
