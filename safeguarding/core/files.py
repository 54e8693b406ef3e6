"""Uploads, downloads and exports: the data-protection rules of DESIGN.md in one place.

Uploads are size-limited and their type is read from their content, never trusted from the name
or the browser; they are stored under a random name (an original file name may hold a child's
name) outside the web root, and only ever served as downloads, each one logged. Spreadsheet
exports neutralise formulas.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse

from safeguarding.core.models import AccessEvent
from safeguarding.core.services import access_log


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    content_type: str


PDF = Kind("pdf", "PDF", "application/pdf")
WORD = Kind("docx", "Word document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
EXCEL = Kind("xlsx", "Excel spreadsheet",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
POWERPOINT = Kind("pptx", "PowerPoint presentation",
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation")
ODT = Kind("odt", "OpenDocument text", "application/vnd.oasis.opendocument.text")
PNG = Kind("png", "PNG image", "image/png")
JPEG = Kind("jpg", "JPEG image", "image/jpeg")
CSV = Kind("csv", "CSV file", "text/csv")

DOCUMENTS = (PDF, WORD, ODT, EXCEL, POWERPOINT)
IMAGES = (PNG, JPEG)

EMPTY = "The selected file is empty"
CHOOSE_FILE = "Select a file"


def too_big(limit: int) -> str:
    return f"The selected file must be smaller than {limit // (1024 * 1024)}MB"


def wrong_type(kinds) -> str:
    labels = [kind.label for kind in kinds]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return f"The selected file must be a {listed}"


def sniff(head: bytes, whole) -> Kind | None:
    """What the file really is, from its first bytes (and, for zip-based formats, its parts)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(whole)
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return CSV
    return None


def _sniff_zip(whole) -> Kind | None:
    try:
        with zipfile.ZipFile(whole) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype") == ODT.content_type.encode():
                return ODT
    except zipfile.BadZipFile:
        return None
    finally:
        whole.seek(0)
    for prefix, kind in (("word/", WORD), ("xl/", EXCEL), ("ppt/", POWERPOINT)):
        if "[Content_Types].xml" in names and any(name.startswith(prefix) for name in names):
            return kind
    return None


def validate_upload(upload, kinds=DOCUMENTS, limit: int | None = None) -> Kind:
    """The file's real kind if it is one of `kinds` and within the size limit; else a clear
    ValidationError in GOV.UK words."""
    limit = limit or settings.MAX_UPLOAD_BYTES
    if upload is None:
        raise ValidationError(CHOOSE_FILE)
    if upload.size == 0:
        raise ValidationError(EMPTY)
    if upload.size > limit:
        raise ValidationError(too_big(limit))
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    whole = upload.file if hasattr(upload, "file") else upload
    kind = sniff(head, whole)
    upload.seek(0)
    if kind not in kinds:
        raise ValidationError(wrong_type(kinds))
    return kind


def checksum(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def download_response(request, *, record, stored_file, filename: str,
                      content_type: str) -> FileResponse:
    """Serve a stored file as a download (never shown inline), after logging it."""
    access_log(request=request, kind=AccessEvent.Kind.DOWNLOAD, record=record,
               detail=f"File: {filename}"[:300])
    response = FileResponse(stored_file.open("rb"), as_attachment=True, filename=filename,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def export_response(request, *, content: bytes, filename: str, content_type: str,
                    record=None, what: str = "") -> HttpResponse:
    """An export (Excel, PDF, Word, CSV) as a download, after logging it."""
    access_log(request=request, kind=AccessEvent.Kind.EXPORT, record=record,
               detail=(what or f"Export: {filename}")[:300])
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value):
    """A spreadsheet cell that cannot run as a formula: text starting with a formula character
    is kept as text by a leading apostrophe. Numbers and dates pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(value) for value in values]

