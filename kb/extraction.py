"""Text of PDF and DOCX documents, for search.

The parsing runs in a child process (`kb.extraction_worker`) limited in memory, CPU and
time, and parses only parts of bounded size: a decompression bomb or a pathological PDF
ends as a failed extraction with a note, never as a stalled or exhausted task worker.
Extraction never raises to its caller: a corrupt, password-protected or empty file is
recorded with a status and a note that editors see in the admin, and the upload stays.
"""

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass

from django.conf import settings
from django.dispatch import Signal
from django.utils.translation import gettext as _

from kb.models import LibraryDocument, TextExtraction

logger = logging.getLogger(__name__)

# Sent after a document's text was stored (with `update()`, so no post_save): search listens.
document_text_extracted = Signal()

# Enough for search; a 300-page methodology is cut rather than stored whole.
MAX_EXTRACTED_CHARACTERS = 200_000
EXTRACTED_EXTENSIONS = frozenset({"pdf", "docx"})


@dataclass(frozen=True)
class ExtractionResult:
    status: str
    text: str = ""
    note: str = ""


# Limits of one extraction (EXTRACTION_LIMITS in the settings may change them): the parts
# of a DOCX that are parsed (XML), the worker's address space and CPU time, and the
# wall-clock time after which the worker is killed.
@dataclass(frozen=True)
class ExtractionLimits:
    max_part_bytes: int = 25 * 1024 * 1024
    memory_bytes: int = 768 * 1024 * 1024
    cpu_seconds: int = 30
    timeout_seconds: int = 45


def extraction_limits() -> ExtractionLimits:
    return getattr(settings, "EXTRACTION_LIMITS", ExtractionLimits())


def _failure_note(extension: str, reason: str) -> str:
    if reason == "encrypted":
        return _("PDF je chráněné heslem, text nelze přečíst.")
    if reason in {"too_large", "timeout", "crashed"}:
        return _(
            "Dokument je na přečtení textu příliš rozsáhlý nebo složitý (po rozbalení "
            "obsahuje příliš mnoho dat). Soubor zůstal nahraný; doplňte prosím jeho popis."
        )
    if extension == "pdf":
        return _("PDF je poškozené nebo není platné, text nelze přečíst.")
    return _("Soubor DOCX je poškozený nebo chráněný heslem, text nelze přečíst.")


def _run_worker(data: bytes, extension: str, limits: ExtractionLimits) -> dict:
    """The worker's answer, or a failure with the reason why there is none."""
    command = [
        sys.executable,
        "-m",
        "kb.extraction_worker",
        extension,
        str(limits.max_part_bytes),
        str(MAX_EXTRACTED_CHARACTERS),
        str(limits.memory_bytes),
        str(limits.cpu_seconds),
    ]
    try:
        completed = subprocess.run(
            command,
            input=data,
            capture_output=True,
            timeout=limits.timeout_seconds,
            cwd=settings.BASE_DIR,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(settings.BASE_DIR)},
            check=False,
        )
    except subprocess.TimeoutExpired:  # run() has killed the worker
        logger.warning("Text extraction stopped after %s s.", limits.timeout_seconds)
        return {"status": "failed", "reason": "timeout"}
    if completed.returncode != 0:
        # Killed at its memory or CPU limit (MemoryError, SIGXCPU) or crashed in a library.
        logger.warning(
            "Text extraction worker failed (%s): %s",
            completed.returncode,
            completed.stderr[-500:].decode("utf-8", "replace"),
        )
        return {"status": "failed", "reason": "crashed"}
    try:
        return json.loads(completed.stdout)
    except ValueError:
        return {"status": "failed", "reason": "crashed"}


def extract_text(data: bytes, extension: str) -> ExtractionResult:
    """The text of a PDF or DOCX, extracted in a separate process with bounded memory, CPU
    and time (`kb.extraction_worker`), so one document can never stall the task worker."""
    extension = extension.lower()
    if extension not in EXTRACTED_EXTENSIONS:
        return ExtractionResult(TextExtraction.UNSUPPORTED)
    answer = _run_worker(data, extension, extraction_limits())
    if answer["status"] == "done":
        return ExtractionResult(TextExtraction.DONE, text=answer["text"])
    if answer["status"] == "empty":
        return ExtractionResult(
            TextExtraction.EMPTY,
            note=_("Dokument neobsahuje text (například jde o sken). Doplňte popis dokumentu."),
        )
    if answer.get("reason") != "damaged":
        logger.info("Text extraction failed: %s", answer.get("reason"))
    return ExtractionResult(
        TextExtraction.FAILED, note=_failure_note(extension, answer.get("reason", ""))
    )


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
