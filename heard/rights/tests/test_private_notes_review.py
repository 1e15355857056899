"""Private notes naming the person go into a subject access export only after the data
protection lead's audited review; nobody else ever reads them here."""

import io
import json
import zipfile

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.development.tests.factories import ReflectiveNoteFactory
from heard.rights.models import ExportState, SarStatus
from tests.factories import MembershipFactory

from .factories import SubjectAccessRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(organisation, person):
    author = MembershipFactory(organisation=organisation, user__full_name="Ada Advocate")
    about = ReflectiveNoteFactory(author=author, reflection="Quillberry: I doubted Olwen")
    about.people_named.add(person)
    other = ReflectiveNoteFactory(author=author, reflection="Marrowfen: about her brother")
    other.people_named.add(person)
    ReflectiveNoteFactory(author=author, reflection="Nothing to do with her")
    return about, other


@pytest.fixture
def sar(person):
    return SubjectAccessRequestFactory(
        person=person, status=SarStatus.IN_PROGRESS, identity_confirmed_on=timezone.localdate()
    )


def build(client, sar, capture):
    with capture(execute=True):
        client.post(f"/data-protection/subject-access/{sar.pk}/export/")
    sar.refresh_from_db()


def test_a_manager_who_is_not_the_lead_cannot_read_the_notes(signed_in, manager, lead, sar, notes):
    client = signed_in(manager)
    assert client.get(f"/data-protection/subject-access/{sar.pk}/review/").status_code == 403
    page = client.get(f"/data-protection/subject-access/{sar.pk}/").content.decode()
    assert "2 private notes name this person" in page
    assert "Quillberry" not in page and "Review private notes" not in page


def test_download_waits_for_the_review(
    signed_in, manager, lead, sar, notes, django_capture_on_commit_callbacks
):
    client = signed_in(manager)
    build(client, sar, django_capture_on_commit_callbacks)
    assert sar.export_state == ExportState.READY
    assert client.get(f"/data-protection/subject-access/{sar.pk}/download/").status_code == 403
    assert not AuditEvent.objects.filter(event_type="sar.downloaded").exists()


def test_the_lead_reads_releases_and_withholds_with_a_reason(
    signed_in, lead, sar, notes, django_capture_on_commit_callbacks
):
    about, other = notes
    client = signed_in(lead)
    url = f"/data-protection/subject-access/{sar.pk}/review/"
    page = client.get(url).content.decode()
    assert "Quillberry" in page and "Marrowfen" in page and "Nothing to do with her" not in page
    reads = AuditEvent.objects.filter(event_type="sar.private_note_read")
    assert {e.target_id for e in reads} == {str(about.pk), str(other.pk)}
    assert all("Quillberry" not in f"{e.target_label}{e.details}" for e in reads)

    missing_reason = client.post(url, {"release": [str(about.pk)]}).content.decode()
    assert "Enter why the notes you did not choose are withheld" in missing_reason

    response = client.post(
        url, {"release": [str(about.pk)], "withheld_reason": "It is about her brother"}
    )
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.private_note_ids == [about.pk] and sar.private_reviewed_by == lead.user
    review = AuditEvent.objects.get(event_type="sar.private_notes_reviewed")
    assert review.details["released"] == [about.pk] and review.details["withheld"] == [other.pk]

    build(client, sar, django_capture_on_commit_callbacks)
    response = client.get(f"/data-protection/subject-access/{sar.pk}/download/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert [n["reflection"] for n in data["private_notes"]] == ["Quillberry: I doubted Olwen"]
    report = archive.read("report.html").decode()
    assert "Quillberry" in report and "Marrowfen" not in report
    assert "It is about her brother" in report


def test_a_new_review_discards_an_export_built_before_it(
    signed_in, lead, sar, notes, django_capture_on_commit_callbacks
):
    client = signed_in(lead)
    build(client, sar, django_capture_on_commit_callbacks)
    name = sar.archive.name
    client.post(
        f"/data-protection/subject-access/{sar.pk}/review/",
        {"release": [str(n.pk) for n in notes]},
    )
    sar.refresh_from_db()
    assert sar.export_state == ExportState.NOT_STARTED
    assert not sar.archive.storage.exists(name)
