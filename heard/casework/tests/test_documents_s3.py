"""Documents on S3-compatible object storage (``HEARD_S3_BUCKET``), so app servers keep no files.

A real S3 API server (moto's, started in this process on a free port) stands in for the
provider; the production storage settings (``heard.settings.base.s3_storage``) point at it,
and the document pages upload and download through it as they would in production.
"""

from __future__ import annotations

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from storages.backends.s3 import S3Storage

from heard.casework.models import Document
from heard.organisations.models import Role
from heard.settings.base import s3_storage
from tests.factories import CaseFactory, MembershipFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
BUCKET = "heard-documents-test"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings, monkeypatch):
    """The default storage is the bucket, configured from the environment as in production."""
    for name, value in {
        "HEARD_S3_ENDPOINT_URL": s3_server,
        "HEARD_S3_REGION": "eu-west-2",
        "HEARD_S3_ACCESS_KEY_ID": "heard-test-key",
        "HEARD_S3_SECRET_ACCESS_KEY": "heard-test-secret",
        "HEARD_S3_PREFIX": "uploads",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-2",
        aws_access_key_id="heard-test-key",
        aws_secret_access_key="heard-test-secret",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage(BUCKET)}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


@pytest.fixture
def case(organisation, advocate):
    return CaseFactory(organisation=organisation, allocated_to=advocate)


def test_a_document_goes_to_the_bucket_privately_and_comes_back_through_heard(
    s3, client, advocate, case
):
    """Uploaded through the page, stored as a private object, downloaded through the view."""
    assert isinstance(default_storage, S3Storage)
    client.force_login(advocate.user)
    response = client.post(
        reverse("casework:document_upload", args=[case.pk]),
        {
            "title": "Best interests report",
            "kind": "report",
            "file": SimpleUploadedFile("Aisha letter.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(case=case)

    key = f"uploads/documents/{case.organisation_id}/{case.pk}/{document.token}"
    assert [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]] == [key]
    assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == PDF
    grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    grantees = {grant["Grantee"].get("URI") for grant in grants}
    assert ALL_USERS not in grantees and AUTHENTICATED_USERS not in grantees
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner only

    case_page = client.get(reverse("casework:case_detail", args=[case.pk])).content.decode()
    assert "Best interests report" in case_page
    assert BUCKET not in case_page and document.token not in case_page  # no storage address

    download = client.get(reverse("casework:document_download", args=[case.pk, document.pk]))
    assert download.status_code == 200  # served by Heard, not a redirect to the bucket
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
