"""Extract the text of one document, in a process of its own with bounded memory and CPU.

Run by `kb.extraction` as `python -m kb.extraction_worker <extension> <max_part_bytes>
<max_characters> <memory_bytes> <cpu_seconds>` with the file's bytes on stdin; prints one
JSON object: {"status": "done" | "empty" | "failed", "reason": ..., "text": ...}.

No Django here (only `core.archives`, which needs none for its checks): a hostile document
can at worst exhaust this process, which the kernel stops at its limits (RLIMIT_AS,
RLIMIT_CPU) and the parent kills after its timeout.
"""

import io
import json
import resource
import sys

from core.archives import ArchiveLimits, ArchiveRefused, open_checked_archive

MAX_PAGES = 2_000


class Refused(Exception):
    """The document is beyond what extraction parses; args[0] is the reason."""


def _limit_resources(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def _check_zip(data: bytes, max_part_bytes: int) -> None:
    """Every part python-docx inflates is bounded by its declared size (zipfile never
    inflates beyond it): refuse declared sizes beyond what extraction parses."""
    limits = ArchiveLimits(max_total_bytes=4 * max_part_bytes)
    with open_checked_archive(io.BytesIO(data), limits=limits) as archive:
        for entry in archive.infolist():
            if entry.filename.endswith((".xml", ".rels")) and entry.file_size > max_part_bytes:
                raise Refused("too_large")


def _pdf_text(data: bytes, max_characters: int) -> str:
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
                raise Refused("encrypted")
        parts: list[str] = []
        length = 0
        for number, page in enumerate(reader.pages):
            if number >= MAX_PAGES or length >= max_characters:
                break
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
    except Refused:
        raise
    except MemoryError:
        raise Refused("too_large") from None
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise Refused("damaged") from None
    return "\n".join(parts)


def _docx_text(data: bytes, max_part_bytes: int, max_characters: int) -> str:
    _check_zip(data, max_part_bytes)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = []
        length = 0
        for paragraph in document.paragraphs:
            parts.append(paragraph.text)
            length += len(paragraph.text)
            if length >= max_characters:
                return "\n".join(parts)
        for table in document.tables:
            for row in table.rows:
                parts.append(" ".join(cell.text for cell in row.cells))
    except MemoryError:
        raise Refused("too_large") from None
    except Exception:  # python-docx raises zip, XML and package errors
        raise Refused("damaged") from None
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    extension, max_part_bytes, max_characters, memory_bytes, cpu_seconds = argv
    max_part_bytes, max_characters = int(max_part_bytes), int(max_characters)
    _limit_resources(int(memory_bytes), int(cpu_seconds))
    data = sys.stdin.buffer.read()
    try:
        if extension == "pdf":
            text = _pdf_text(data, max_characters)
        elif extension == "docx":
            text = _docx_text(data, max_part_bytes, max_characters)
        else:
            raise Refused("unsupported")
    except Refused as refused:
        result = {"status": "failed", "reason": refused.args[0], "text": ""}
    except ArchiveRefused as refused:
        result = {"status": "failed", "reason": refused.reason, "text": ""}
    else:
        text = " ".join(text.split())[:max_characters]
        result = {"status": "done" if text else "empty", "reason": "", "text": text}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
