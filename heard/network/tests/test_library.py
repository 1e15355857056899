"""The resource library: members propose, coordinators publish, members are notified, files
go through the same checks as case documents, versions and the date last checked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from heard.network.models import Notification, Resource, ResourceStatus
from tests.pages import text_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def propose(client, network, **extra):
    data = {
        "title": "Mythbuster: DoLS and care homes",
        "kind": "mythbuster",
        "audience": "advocates",
        "nation": "england",
        "language": "en",
        "easy_read": "on",
        "tags": "DoLS, care homes, dols",
        "file": SimpleUploadedFile("mythbuster.pdf", PDF, content_type="application/pdf"),
        **extra,
    }
    return client.post(f"/network/{network.pk}/library/propose/", data)


def test_a_member_proposes_and_a_coordinator_publishes(
    network, member, advocate, coordinator, sign_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = propose(sign_in(advocate), network)
    resource = Resource.objects.get()
    assert response.url == f"/network/library/{resource.pk}/"
    assert resource.status == ResourceStatus.PROPOSED
    assert resource.tags == ["DoLS", "care homes"]
    assert Notification.objects.filter(user=coordinator.user).exists()

    client = sign_in(coordinator)
    client.post(f"/network/library/{resource.pk}/publish/", {"action": "publish"})
    resource.refresh_from_db()
    assert resource.status == ResourceStatus.PUBLISHED
    assert Notification.objects.filter(user=advocate.user, message__contains="New in the library")

    page = text_of(sign_in(advocate).get(f"/network/{network.pk}/library/?easy_read=on"))
    assert "Mythbuster: DoLS and care homes" in page
    version = resource.versions.get()
    download = sign_in(advocate).get(f"/network/library/files/{version.pk}/")
    assert b"".join(download.streaming_content) == PDF


def test_a_renamed_program_is_refused_like_a_case_document(
    network, member, advocate, sign_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = propose(
        sign_in(advocate), network, file=SimpleUploadedFile("guide.pdf", b"MZ\x90\x00binary")
    )
    assert "is not a real PDF" in text_of(response)
    assert not Resource.objects.exists()


def test_proposals_are_hidden_from_other_members_until_published(
    network, member, advocate, coordinator, sign_in, settings, tmp_path
):
    from heard.organisations.models import Role
    from tests.factories import MembershipFactory

    settings.MEDIA_ROOT = tmp_path
    propose(sign_in(advocate), network)
    resource = Resource.objects.get()
    colleague = MembershipFactory(organisation=advocate.organisation, role=Role.ADVOCATE)
    assert sign_in(colleague).get(f"/network/library/{resource.pk}/").status_code == 404
    assert sign_in(coordinator).get(f"/network/library/{resource.pk}/").status_code == 200


def test_a_new_version_and_last_checked(
    network, member, advocate, coordinator, sign_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    propose(sign_in(advocate), network)
    resource = Resource.objects.get()
    client = sign_in(coordinator)
    client.post(
        f"/network/library/{resource.pk}/versions/new/",
        {"file": SimpleUploadedFile("v2.pdf", PDF), "note": "Updated for the new code"},
    )
    assert resource.versions.count() == 2
    page = text_of(client.get(f"/network/library/{resource.pk}/"))
    assert "Version 2: v2.pdf" in page and "Updated for the new code" in page
    client.post(f"/network/library/{resource.pk}/publish/", {"action": "checked"})
    assert "Last checked" in page
