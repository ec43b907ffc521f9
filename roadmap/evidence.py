"""What may be uploaded as evidence of a milestone: checked by content, not by name alone."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.archives import ZIP_SIGNATURE, ArchiveRefused, office_document_kind

TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def max_bytes() -> int:
    return getattr(settings, "ROADMAP_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def _detected(head: bytes, upload) -> str | None:
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head.startswith(ZIP_SIGNATURE):
        # Read from the archive's directory only: a decompression bomb is refused unopened.
        upload.seek(0)
        return office_document_kind(upload, name=os.path.basename(upload.name or ""))
    return None


def check_evidence_file(upload) -> tuple[str, str]:
    """(file name, content type) of an allowed upload; otherwise ValidationError with a Czech
    sentence naming the file and what to do."""
    name = os.path.basename(upload.name or "")[:200]
    extension = os.path.splitext(name)[1].lower()
    allowed = ", ".join(sorted({key.lstrip(".") for key in TYPES}))
    if upload.size == 0:
        raise ValidationError(_("Soubor %(name)s je prázdný.") % {"name": name})
    if upload.size > max_bytes():
        raise ValidationError(
            _("Soubor %(name)s je větší než povolených %(limit)s. Nahrajte menší soubor.")
            % {"name": name, "limit": filesizeformat(max_bytes())}
        )
    if extension not in TYPES:
        raise ValidationError(
            _("Soubory typu %(name)s nelze nahrát jako doklad. Povolené typy: %(allowed)s.")
            % {"name": name, "allowed": allowed}
        )
    upload.seek(0)
    head = upload.read(16)
    try:
        detected = _detected(head, upload)
    except ArchiveRefused as refused:
        raise ValidationError(str(refused)) from None
    finally:
        upload.seek(0)
    if detected == ".jpeg":
        detected = ".jpg"
    expected = ".jpg" if extension == ".jpeg" else extension
    if detected != expected:
        raise ValidationError(
            _(
                "Soubor %(name)s není tím, za co se podle přípony vydává. Nahrajte skutečný %(kind)s."
            )
            % {"name": name, "kind": extension.lstrip(".").upper()}
        )
    return name, TYPES[extension]
