"""What may be attached to a post: checked by content (magic bytes), not by the name alone."""

import os
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from core.archives import ZIP_SIGNATURE, ArchiveRefused, office_document_kind

MAX_BYTES = getattr(settings, "FORUM_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
MAX_FILES = getattr(settings, "FORUM_ATTACHMENT_MAX_FILES", 5)

IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
}
DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}


@dataclass(frozen=True)
class CheckedUpload:
    file: object
    filename: str
    content_type: str
    kind: str
    size: int


def _detected_extension(head: bytes, upload) -> str | None:
    """The type the content really has, as one of our extensions (None: not one we accept)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp"
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(ZIP_SIGNATURE):
        # Read from the archive's directory only: a decompression bomb is refused unopened.
        upload.seek(0)
        kind = office_document_kind(upload, name=os.path.basename(upload.name or ""))
        return kind if kind in DOCUMENT_TYPES else None
    return None


def check_upload(upload) -> CheckedUpload:
    """Raise ValidationError (a Czech sentence naming the file) unless the upload is allowed."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    allowed = ", ".join(sorted({e.lstrip(".") for e in (*IMAGE_TYPES, *DOCUMENT_TYPES)}))
    if upload.size == 0:
        raise ValidationError(_("Soubor %(name)s je prázdný.") % {"name": name})
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("Soubor %(name)s je větší než povolených %(limit)s. Zmenšete ho nebo pošlete odkaz.")
            % {"name": name, "limit": filesizeformat(MAX_BYTES)}
        )
    if extension not in IMAGE_TYPES and extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Soubory typu %(name)s nelze přiložit. Povolené typy: %(allowed)s.")
            % {"name": name, "allowed": allowed}
        )
    upload.seek(0)
    head = upload.read(16)
    try:
        detected = _detected_extension(head, upload)
    except ArchiveRefused as refused:
        raise ValidationError(str(refused)) from None
    upload.seek(0)
    same = {".jpg": {".jpg", ".jpeg"}}.get(detected, {detected})
    if extension not in same:
        raise ValidationError(
            _(
                "Obsah souboru %(name)s neodpovídá jeho příponě. Přiložte prosím skutečný "
                "obrázek nebo dokument (povolené typy: %(allowed)s)."
            )
            % {"name": name, "allowed": allowed}
        )
    is_image = extension in IMAGE_TYPES
    return CheckedUpload(
        file=upload,
        filename=get_valid_filename(name)[:200] or f"priloha{extension}",
        content_type=(IMAGE_TYPES if is_image else DOCUMENT_TYPES)[extension],
        kind="image" if is_image else "document",
        size=upload.size,
    )
