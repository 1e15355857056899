"""A huge upload is refused while it streams in: the rest of the body is never read."""

import io

import pytest
from django.core.handlers.wsgi import WSGIRequest

BOUNDARY = "heardboundary"


class HugeBody(io.RawIOBase):
    """A multipart body with one file of ``size`` bytes, made as it is read and counted."""

    def __init__(self, size: int):
        self.head = (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            "token\r\n"
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="huge.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        remaining = self.length - self.position
        count = min(len(buffer), remaining)
        if count <= 0:
            return 0
        chunk = bytearray(b"0" * count)
        for offset in range(count):
            at = self.position + offset
            if at < len(self.head):
                chunk[offset] = self.head[at]
            elif at >= self.length - len(self.tail):
                chunk[offset] = self.tail[at - (self.length - len(self.tail))]
        buffer[:count] = chunk
        self.position += count
        return count


def huge_request(size: int) -> tuple[WSGIRequest, HugeBody]:
    body = HugeBody(size)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/cases/1/documents/new/",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": body,
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
    }
    return WSGIRequest(environ), body


def test_a_1_gb_upload_stops_being_read_just_past_the_limit(settings):
    settings.HEARD_DOCUMENT_MAX_BYTES = 1024 * 1024
    request, body = huge_request(1024**3)
    assert request.POST["csrfmiddlewaretoken"] == "token"
    assert "file" not in request.FILES
    assert request.upload_refused is True
    # Read at most the limit plus a couple of parser chunks, never the gigabyte.
    assert body.position < 2 * 1024 * 1024


def test_a_file_within_the_limit_is_received_whole(settings):
    settings.HEARD_DOCUMENT_MAX_BYTES = 1024 * 1024
    request, body = huge_request(1000)
    assert request.FILES["file"].size == 1000
    assert not getattr(request, "upload_refused", False)
    assert body.position == body.length


@pytest.mark.django_db
def test_the_upload_page_says_the_file_is_too_big_beside_the_field(client, organisation, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from heard.organisations.models import Role
    from tests.factories import CaseFactory, MembershipFactory

    settings.HEARD_DOCUMENT_MAX_BYTES = 1024
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    case = CaseFactory(organisation=organisation, allocated_to=advocate)
    client.force_login(advocate.user)
    response = client.post(
        f"/cases/{case.pk}/documents/new/",
        {
            "title": "Keep this title",
            "kind": "letter",
            "file": SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 200_000),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The selected file must be smaller than 1 KB" in body
    assert "Select a file" not in body
    assert "Keep this title" in body
