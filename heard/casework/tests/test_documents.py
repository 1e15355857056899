"""Documents: type and size checked, stored by token, downloaded only through a checked, audited view."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from heard.audit.models import AuditEvent
from heard.casework.models import Document
from heard.casework.services.documents import check_upload, document_upload, safe_original_name
from heard.organisations.models import Role
from tests.factories import CaseFactory, DocumentFactory, MembershipFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Documents go to a temporary folder, never the real media directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


@pytest.fixture
def case(organisation, advocate):
    return CaseFactory(organisation=organisation, allocated_to=advocate)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [
        ("letter.pdf", PDF, "application/pdf"),
        ("photo.PNG", PNG, "image/png"),
        ("scan.jpeg", JPEG, "image/jpeg"),
        (
            "report.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("figures.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("notes.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("notes.txt", "Café visit notes – 3 May\n".encode(), "text/plain; charset=utf-8"),
        ("list.csv", b"name,date\nvisit,2025-05-03\n", "text/csv; charset=utf-8"),
    ],
)
def test_accepted_types_are_recognised_by_name_and_content(name, content, stored_type):
    """Each accepted type passes when its first bytes agree with its extension."""
    assert check_upload(upload(name, content)).content_type == stored_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", EXE, "is not a real PDF"),
        ("report.docx", zipped({"a.txt": b"x"}), "is not a real Word document"),
        ("report.docx", PDF, "is not a real Word document"),
        ("notes.odt", DOCX, "is not a real OpenDocument text"),
        ("notes.txt", b"\xff\xfe\x00h\x00i", "is not a real text file"),
        ("setup.exe", EXE, "must be a PDF, Word"),
        ("noextension", PDF, "must be a PDF, Word"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_wrong_types_are_refused_with_a_clear_message(name, content, message):
    """An executable renamed .pdf is caught by its first bytes."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content))
    assert message in error.value.messages[0]


def test_too_big_is_refused(settings):
    """Over the limit (a setting): a message with the limit in it."""
    settings.HEARD_DOCUMENT_MAX_BYTES = 1024 * 1024
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        check_upload(upload("big.pdf", PDF + b"0" * (1024 * 1024)))
    assert error.value.messages == ["The selected file must be smaller than 1 MB"]


def test_safe_original_name_drops_folders_and_control_characters():
    """Only the file's own name is kept, for the download's Content-Disposition."""
    assert safe_original_name("C:\\Users\\ann\\letter.pdf") == "letter.pdf"
    assert safe_original_name("../../etc/passwd") == "passwd"
    assert safe_original_name("bad\r\nname.pdf") == "badname.pdf"
    assert safe_original_name("") == "document"


def test_stored_by_token_never_by_the_uploaded_name(case, advocate, media):
    """The path is documents/<org>/<case>/<token>; the name stays only in the row."""
    document = document_upload(
        case=case,
        title="Letter to the ward",
        kind="letter",
        uploaded=upload("Aisha Khan – letter.pdf", PDF),
        acting_user=advocate.user,
    )
    assert document.file.name == f"documents/{case.organisation_id}/{case.pk}/{document.token}"
    assert "Aisha" not in document.file.name
    assert len(document.token) >= 40
    assert (media / document.file.name).read_bytes() == PDF
    assert document.original_name == "Aisha Khan – letter.pdf"
    assert document.size == len(PDF)
    event = AuditEvent.objects.get(event_type="document.uploaded")
    assert event.details["original_name"] == "Aisha Khan – letter.pdf"


# Pages --------------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, advocate):
    client.force_login(advocate.user)
    return client


def test_upload_page_saves_and_returns_to_the_case(signed_in, case):
    """A real PDF with a title and kind is stored, and the case page is next."""
    response = signed_in.post(
        f"/cases/{case.pk}/documents/new/",
        {"title": "Best interests report", "kind": "report", "file": upload("report.pdf", PDF)},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#case-documents"
    assert Document.objects.get(case=case).title == "Best interests report"


def test_upload_page_shows_the_type_error_beside_the_field(signed_in, case):
    """A renamed executable: the message is beside the file input, the title is kept."""
    response = signed_in.post(
        f"/cases/{case.pk}/documents/new/",
        {"title": "Keep this title", "kind": "letter", "file": upload("letter.pdf", EXE)},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-file-upload--error" in body
    assert "is not a real PDF" in body
    assert "Keep this title" in body
    assert not Document.objects.exists()


def test_upload_page_too_big(signed_in, case, settings):
    """Over the limit: the message beside the field, nothing stored."""
    settings.HEARD_DOCUMENT_MAX_BYTES = 100
    response = signed_in.post(
        f"/cases/{case.pk}/documents/new/",
        {"title": "Big", "kind": "letter", "file": upload("big.pdf", PDF + b"0" * 200)},
    )
    assert "The selected file must be smaller than" in response.content.decode()
    assert not Document.objects.exists()


def test_upload_without_a_file(signed_in, case):
    """No file chosen: "Select a file"."""
    response = signed_in.post(
        f"/cases/{case.pk}/documents/new/", {"title": "Nothing", "kind": "letter"}
    )
    assert "Select a file" in response.content.decode()


@pytest.fixture
def stored(case, advocate):
    return document_upload(
        case=case,
        title="Letter",
        kind="letter",
        uploaded=upload('Lettre à Zoë "final".pdf', PDF),
        acting_user=advocate.user,
    )


def test_download_sends_an_attachment_and_is_audited(signed_in, case, stored, advocate):
    """Attachment with the original name encoded, nosniff, no caching, and an audit event."""
    response = signed_in.get(f"/cases/{case.pk}/documents/{stored.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Lettre%20%C3%A0%20Zo%C3%AB%20%22final%22.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(event_type="document.downloaded")
    assert event.actor == advocate.user
    assert event.target_id == str(stored.pk)
    assert event.is_access


def test_download_by_another_organisations_user_is_not_found(
    client, other_organisation, case, stored
):
    """Another organisation's member gets 404 and no audit of a download."""
    outsider = MembershipFactory(organisation=other_organisation, role=Role.ADMIN)
    client.force_login(outsider.user)
    assert client.get(f"/cases/{case.pk}/documents/{stored.pk}/download/").status_code == 404
    assert not AuditEvent.objects.filter(event_type="document.downloaded").exists()


def test_restricted_case_download_by_another_advocate_is_refused_and_audited(
    client, organisation, case, stored
):
    """Not the allocated advocate nor a named manager: 403, and the attempt is audited."""
    case.is_restricted = True
    case.save()
    colleague = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    client.force_login(colleague.user)
    assert client.get(f"/cases/{case.pk}/documents/{stored.pk}/download/").status_code == 403
    refused = AuditEvent.objects.get(event_type="case.restricted_access_refused")
    assert refused.actor == colleague.user
    assert refused.details["path"].endswith("/download/")
    assert not AuditEvent.objects.filter(event_type="document.downloaded").exists()


def test_restricted_case_download_by_its_advocate_works(signed_in, case, stored):
    """The allocated advocate may open their restricted case's documents."""
    case.is_restricted = True
    case.save()
    assert signed_in.get(f"/cases/{case.pk}/documents/{stored.pk}/download/").status_code == 200


def test_document_of_another_case_is_not_found(signed_in, organisation, case):
    """A document is reached only through its own case."""
    elsewhere = DocumentFactory(case=CaseFactory(organisation=organisation))
    assert signed_in.get(f"/cases/{case.pk}/documents/{elsewhere.pk}/download/").status_code == 404


def test_a_missing_file_is_not_found_not_an_error(signed_in, case, stored):
    """The row without its file (storage lost it): 404, no traceback, no download audited."""
    default_storage.delete(stored.file.name)
    assert signed_in.get(f"/cases/{case.pk}/documents/{stored.pk}/download/").status_code == 404
    assert not AuditEvent.objects.filter(event_type="document.downloaded").exists()


def test_downloads_are_get_only(signed_in, case, stored):
    """A POST to the download URL is refused."""
    assert signed_in.post(f"/cases/{case.pk}/documents/{stored.pk}/download/").status_code == 405
