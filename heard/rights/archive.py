"""Building the subject access zip: a readable HTML report, JSON of everything, and the files.

Runs in a background task (``tasks.build_subject_access_export``); progress is written
to the request as it goes so its page can show a progress bar.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import tempfile
import zipfile
from collections.abc import Callable

from django.core.files import File
from django.template.loader import render_to_string
from django.utils import timezone

from .selectors import document_name, person_data

README = """This archive holds everything {organisation} holds about the person with reference
{reference}, as at {when}.

report.html  - a readable report (open it in any web browser)
data.json    - the same information in a machine-readable form
documents/   - copies of every document stored on their cases
"""


def build_archive(sar, *, progress: Callable[[int], None]) -> None:
    """Write ``sar``'s zip to storage and record its checksum. ``progress`` gets 0-100."""
    person = sar.person
    progress(5)
    data = person_data(person, private_note_ids=sar.private_note_ids)
    progress(30)
    now = timezone.now()
    with tempfile.TemporaryFile() as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            total = max(len(data.documents), 1)
            missing = []
            for index, document in enumerate(data.documents, start=1):
                try:
                    with document.file.open("rb") as source:
                        archive.writestr(document_name(document), source.read())
                except (FileNotFoundError, OSError, ValueError):
                    missing.append(document.pk)
                progress(30 + int(50 * index / total))
            context = {
                "sar": sar,
                "organisation": sar.organisation,
                "data": data,
                "generated_at": now,
                "missing_documents": missing,
            }
            archive.writestr("report.html", render_to_string("rights/sar_report.html", context))
            progress(90)
            payload = {
                "request": sar.reference,
                "organisation": sar.organisation.name,
                "generated_at": now.isoformat(timespec="seconds"),
                **data.as_json(),
            }
            archive.writestr(
                "data.json", json.dumps(payload, indent=2, ensure_ascii=False, default=str)
            )
            archive.writestr(
                "README.txt",
                README.format(
                    organisation=sar.organisation.name,
                    reference=person.reference,
                    when=now.date().isoformat(),
                ),
            )
        handle.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
        handle.seek(0)
        if sar.archive:
            sar.archive.delete(save=False)
        sar.archive_token = secrets.token_urlsafe(24)
        sar.archive.save("archive.zip", File(handle), save=False)
    sar.archive_sha256 = digest.hexdigest()
    sar.built_at = now
