"""Office documents that are ZIP archives (DOCX, XLSX, PPTX, ODT, ODS, ODP), checked before
anything in them is inflated.

A small archive can inflate to gigabytes (a decompression bomb). What an archive holds is
read from its central directory alone (names, declared sizes, entry count); an archive with
too many entries, too much declared content, or an entry that inflates far more than office
files do is refused before a byte is decompressed. Python's zipfile never inflates an entry
beyond its declared size, so the declared sizes bound every later read (python-docx,
openpyxl and `read_entry` below all read through zipfile).

Used by forum attachments, the document library's upload check and text extraction.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

ZIP_SIGNATURE = b"PK\x03\x04"

ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
OOXML_MAIN_FOLDERS = {"word/": ".docx", "xl/": ".xlsx", "ppt/": ".pptx"}
OFFICE_ARCHIVE_EXTENSIONS = frozenset({*ODF_MIMETYPES.values(), *OOXML_MAIN_FOLDERS.values()})


@dataclass(frozen=True)
class ArchiveLimits:
    """What an office document may declare. Real documents stay far below: a 300-page
    methodology with photos has a few hundred entries, some tens of MB inflated, and its XML
    compresses about 5–20 times."""

    max_entries: int = 2_000
    max_total_bytes: int = 150 * 1024 * 1024
    max_ratio: int = 100
    # Tiny entries may compress extremely well (a run of spaces); the ratio counts above this.
    ratio_applies_above: int = 1024 * 1024


def archive_limits() -> ArchiveLimits:
    """The limits of uploads (`OFFICE_ARCHIVE_LIMITS` in the settings, or the defaults)."""
    return getattr(settings, "OFFICE_ARCHIVE_LIMITS", ArchiveLimits())


class ArchiveRefused(Exception):
    """The archive is damaged (`reason` "damaged") or would inflate beyond the limits
    ("too_large"). `str()` is a Czech sentence naming the file, for the person who uploaded
    it; the reason alone needs no Django (text extraction's worker process has none)."""

    def __init__(self, reason: str, name: str = ""):
        super().__init__(reason, name)
        self.reason = reason
        self.name = name

    def __str__(self) -> str:
        if self.reason == "too_large":
            return _(
                "Soubor %(name)s se po rozbalení nadměrně zvětšuje (obsahuje příliš mnoho dat "
                "nebo příliš mnoho částí), proto ho nelze přijmout. Uložte ho prosím znovu "
                "v kancelářském programu, nebo ho převeďte do PDF."
            ) % {"name": self.name}
        return _("Soubor %(name)s je poškozený a nelze ho otevřít. Uložte ho prosím znovu.") % {
            "name": self.name
        }


def _too_big(name: str) -> ArchiveRefused:
    return ArchiveRefused("too_large", name)


def _damaged(name: str) -> ArchiveRefused:
    return ArchiveRefused("damaged", name)


def open_checked_archive(file, *, name: str = "", limits: ArchiveLimits | None = None):
    """A `zipfile.ZipFile` over `file` (a path or a seekable binary file) whose central
    directory is within `limits`; ArchiveRefused otherwise. Nothing is inflated."""
    limits = limits or archive_limits()
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _damaged(name) from None
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        archive.close()
        raise _too_big(name)
    total = 0
    for entry in entries:
        total += entry.file_size
        inflates_far = entry.file_size > limits.ratio_applies_above and (
            entry.compress_size == 0 or entry.file_size / entry.compress_size > limits.max_ratio
        )
        if total > limits.max_total_bytes or inflates_far:
            archive.close()
            raise _too_big(name)
    return archive


def read_entry(archive: zipfile.ZipFile, entry_name: str, *, max_bytes: int) -> bytes:
    """An entry's content, refused (ArchiveRefused) when it declares more than `max_bytes`."""
    try:
        info = archive.getinfo(entry_name)
    except KeyError:
        raise _damaged(entry_name) from None
    if info.file_size > max_bytes:
        raise _too_big(entry_name)
    try:
        with archive.open(info) as handle:
            return handle.read(max_bytes + 1)[:max_bytes]
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as error:
        # Wrong CRC, encryption, an unsupported compression: damaged for our purposes.
        raise _damaged(entry_name) from error


def office_document_kind(file, *, name: str = "") -> str:
    """What office document the ZIP `file` is: ".docx", ".xlsx", ".pptx", ".odt", ".ods",
    ".odp", or "" for a ZIP that is none of them. ArchiveRefused for a damaged archive or one
    beyond the limits. The file's position is left at the start."""
    try:
        archive = open_checked_archive(file, name=name)
        with archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = read_entry(archive, "mimetype", max_bytes=200).strip()
                return ODF_MIMETYPES.get(mimetype.decode("ascii", "replace"), "")
            if "[Content_Types].xml" in names:
                for folder, extension in OOXML_MAIN_FOLDERS.items():
                    if any(entry.startswith(folder) for entry in names):
                        return extension
            return ""
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
