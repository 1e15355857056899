"""Documents on a case: checked on the way in, stored by a random token, audited on the way out.

A file is accepted only when its extension is one we take **and** its first
bytes are what that extension claims (an ``.exe`` renamed ``.pdf`` starts with
``MZ``, not ``%PDF``), and it is no bigger than ``HEARD_DOCUMENT_MAX_BYTES``.
It is stored in the default storage (``var/media``, outside the web root, never
served by URL) under ``documents/<organisation>/<case>/<token>``: the uploaded
name may hold personal data and is no safe path, so it is kept only in the row.
"""

from __future__ import annotations

import codecs
import os
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record
from heard.casework.models import Case, Document, DocumentKind

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
TEXT_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str


FILE_TYPES = {
    "pdf": FileType("PDF", "application/pdf"),
    "png": FileType("PNG image", "image/png"),
    "jpg": FileType("JPEG image", "image/jpeg"),
    "jpeg": FileType("JPEG image", "image/jpeg"),
    "docx": FileType(
        _("Word document"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": FileType(
        _("Excel spreadsheet"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    "odt": FileType(_("OpenDocument text"), "application/vnd.oasis.opendocument.text"),
    "txt": FileType("text file", "text/plain; charset=utf-8"),
    "csv": FileType("CSV file", "text/csv; charset=utf-8"),
}
ACCEPTED_LABEL = "PDF, Word (DOCX), OpenDocument text (ODT), Excel (XLSX), CSV, text, JPEG or PNG"
ACCEPT_ATTRIBUTE = ",".join(f".{ext}" for ext in FILE_TYPES)


def max_bytes() -> int:
    return getattr(settings, "HEARD_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(size // 1024, 1)} KB"


def _zip_names(uploaded) -> set[str] | None:
    """The member names of a zip file (read from its directory; nothing is unpacked)."""
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _odt_mimetype(uploaded) -> bytes:
    """ODF puts an uncompressed ``mimetype`` member first; read at most 100 bytes of it."""
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive, archive.open("mimetype") as member:
            return member.read(100)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return b""


def _is_utf8_text(uploaded) -> bool:
    uploaded.seek(0)
    head = uploaded.read(TEXT_SNIFF_BYTES)
    if b"\x00" in head:
        return False
    try:
        # Not final: the sample may end part-way through a character.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def content_matches(extension: str, uploaded) -> bool:
    """Whether the file's first bytes are what its extension claims."""
    uploaded.seek(0)
    head = uploaded.read(8)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head == b"\x89PNG\r\n\x1a\n"
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension in {"docx", "xlsx", "odt"}:
        if not head.startswith(b"PK\x03\x04"):
            return False
        if extension == "odt":
            return _odt_mimetype(uploaded) == b"application/vnd.oasis.opendocument.text"
        names = _zip_names(uploaded) or set()
        wanted = "word/document.xml" if extension == "docx" else "xl/workbook.xml"
        return "[Content_Types].xml" in names and wanted in names
    if extension in {"txt", "csv"}:
        return _is_utf8_text(uploaded)
    return False


def safe_original_name(name: str) -> str:
    """The uploaded name without any folder, control characters or surrounding space."""
    name = os.path.basename(name.replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:255] or "document"


def check_upload(uploaded) -> FileType:
    """The file's type, or a ``ValidationError`` saying what is wrong, for the ``file`` field."""
    if uploaded is None or not getattr(uploaded, "name", ""):
        raise ValidationError(_("Select a file"))
    if uploaded.size == 0:
        raise ValidationError(_("The selected file is empty"))
    limit = max_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("The selected file must be smaller than %(size)s") % {"size": size_label(limit)}
        )
    extension = os.path.splitext(uploaded.name)[1].lower().lstrip(".")
    file_type = FILE_TYPES.get(extension)
    if file_type is None:
        raise ValidationError(
            _("The selected file must be a %(kinds)s") % {"kinds": ACCEPTED_LABEL}
        )
    try:
        matches = content_matches(extension, uploaded)
    finally:
        uploaded.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "The selected file is not a real %(label)s: its contents do not match its name. Save it again as a %(kinds)s"
            )
            % {"label": file_type.label, "kinds": ACCEPTED_LABEL}
        )
    return file_type


def document_upload(
    *, case: Case, title: str, kind: str, uploaded, acting_user, request=None
) -> Document:
    """Check and store a file on a case. Raises ``ValidationError`` keyed by field."""
    errors = {}
    try:
        file_type = check_upload(uploaded)
    except ValidationError as error:
        errors["file"] = error.messages
    if not title.strip():
        errors["title"] = _("Enter a title")
    if kind not in DocumentKind.values:
        errors["kind"] = _("Select what kind of document it is")
    if errors:
        raise ValidationError(errors)
    document = Document(
        organisation_id=case.organisation_id,
        case=case,
        kind=kind,
        title=title.strip(),
        token=secrets.token_urlsafe(32),
        original_name=safe_original_name(uploaded.name),
        content_type=file_type.content_type,
        size=uploaded.size,
        uploaded_by=acting_user,
    )
    # The file is written first; if the row then fails, the file is removed again.
    document.file.save(document.token, uploaded, save=False)
    try:
        with transaction.atomic():
            document.full_clean()
            document.save()
            audit_record(
                "document.uploaded",
                organisation=case.organisation,
                actor=acting_user,
                target=document,
                details={
                    "case_id": case.pk,
                    "title": document.title,
                    "kind": kind,
                    "original_name": document.original_name,
                    "content_type": document.content_type,
                    "size": document.size,
                },
                request=request,
            )
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def document_record_download(*, document: Document, acting_user, request=None) -> None:
    """Every download is an access to personal data: audited before the file is sent."""
    audit_record(
        "document.downloaded",
        organisation=document.organisation,
        actor=acting_user,
        target=document,
        details={"case_id": document.case_id, "original_name": document.original_name},
        request=request,
    )
