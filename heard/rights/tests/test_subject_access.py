"""Subject access requests: tracked from receipt to answer, with an audited zip of everything."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.rights.models import ExportState, SarStatus, SubjectAccessRequest
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    DocumentFactory,
    IssueFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db


def record_request(client, person, **extra):
    today = timezone.localdate()
    data = {
        "person_reference": person.reference,
        "requester": "person",
        "representative_name": "",
        "received_on-day": today.day,
        "received_on-month": today.month,
        "received_on-year": today.year,
        **extra,
    }
    return client.post("/data-protection/subject-access/new/", data)


def confirm_identity(client, sar, on=None):
    on = on or timezone.localdate()
    return client.post(
        f"/data-protection/subject-access/{sar.pk}/identity/",
        {
            "method": "seen_id",
            "confirmed_on-day": on.day,
            "confirmed_on-month": on.month,
            "confirmed_on-year": on.year,
        },
    )


def build(client, sar, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/data-protection/subject-access/{sar.pk}/export/")
    assert response.status_code == 302
    sar.refresh_from_db()
    return sar


@pytest.fixture
def held(organisation, person, manager):
    """A person with a referral, a case, an issue, an activity and a stored document."""
    referral = ReferralFactory(organisation=organisation, person=person, first_name="Olwen")
    case = CaseFactory(organisation=organisation, person=person, referral=referral)
    IssueFactory(case=case, in_their_words="I want to go home to Llandaff")
    ActivityFactory(case=case, note="Visited on the ward; Olwen was clear")
    document = DocumentFactory(case=case, title="Care plan", original_name="care plan.pdf")
    document.file.save("x", ContentFile(b"%PDF-1.4 care plan bytes"), save=True)
    AuditEvent.objects.create(
        organisation=organisation,
        occurred_at=timezone.now(),
        actor=manager.user,
        actor_label="Mona Manager",
        event_type="person.viewed",
        is_access=True,
        target_type="people.person",
        target_id=str(person.pk),
        target_label=str(person),
    )
    return {"case": case, "document": document}


def test_a_request_is_recorded_with_a_one_month_deadline(signed_in, manager, person):
    client = signed_in(manager)
    response = record_request(client, person)
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    assert sar.person == person and sar.status == SarStatus.AWAITING_IDENTITY
    assert sar.due_on >= timezone.localdate() + dt.timedelta(days=28)
    assert AuditEvent.objects.filter(event_type="sar.received", target_id=str(sar.pk)).exists()
    page = client.get(f"/data-protection/subject-access/{sar.pk}/").content.decode()
    assert "Olwen Pritchard" in page and "Confirm identity" in page


def test_an_unknown_reference_is_refused_beside_the_field(signed_in, manager, other_organisation):
    stranger = PersonFactory(organisation=other_organisation)
    response = record_request(signed_in(manager), stranger)
    assert response.status_code == 200
    assert "No person in your organisation has that reference" in response.content.decode()
    assert not SubjectAccessRequest.objects.exists()


def test_a_representative_must_be_named(signed_in, manager, person):
    response = record_request(signed_in(manager), person, requester="representative")
    assert "Enter the name of the person acting for them" in response.content.decode()


def test_identity_confirmed_later_restarts_the_month(manager, person):
    from heard.rights import services

    received = timezone.localdate() - dt.timedelta(days=10)
    sar = services.sar_create(
        organisation=person.organisation,
        person=person,
        requester="person",
        received_on=received,
        acting_user=manager.user,
    )
    first_due = sar.due_on
    services.sar_confirm_identity(
        sar=sar, method="seen_id", confirmed_on=timezone.localdate(), acting_user=manager.user
    )
    assert sar.due_on > first_due
    assert sar.status == SarStatus.IN_PROGRESS


def test_extension_needs_a_reason_and_is_allowed_once(signed_in, manager, person):
    client = signed_in(manager)
    record_request(client, person)
    sar = SubjectAccessRequest.objects.get()
    url = f"/data-protection/subject-access/{sar.pk}/extend/"
    assert "Enter why more time is needed" in client.post(url, {"reason": " "}).content.decode()
    due = sar.due_on
    assert client.post(url, {"reason": "Twelve years of records"}).status_code == 302
    sar.refresh_from_db()
    assert sar.extended and sar.due_on > due + dt.timedelta(days=55)
    event = AuditEvent.objects.get(event_type="sar.extended")
    assert event.details["reason"] == "Twelve years of records"
    again = client.post(url, {"reason": "More"}).content.decode()
    assert "already been extended" in again


def test_the_export_waits_for_the_identity_check(
    signed_in, manager, person, django_capture_on_commit_callbacks
):
    client = signed_in(manager)
    record_request(client, person)
    sar = build(client, SubjectAccessRequest.objects.get(), django_capture_on_commit_callbacks)
    assert sar.export_state == ExportState.NOT_STARTED


def test_the_zip_holds_a_report_json_and_the_files(
    signed_in, manager, person, held, django_capture_on_commit_callbacks
):
    client = signed_in(manager)
    record_request(client, person)
    sar = SubjectAccessRequest.objects.get()
    confirm_identity(client, sar)
    sar = build(client, sar, django_capture_on_commit_callbacks)
    assert sar.export_state == ExportState.READY and sar.progress == 100
    assert len(sar.archive_sha256) == 64

    response = client.get(f"/data-protection/subject-access/{sar.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert {"report.html", "data.json", "README.txt"} <= set(names)
    document_files = [n for n in names if n.startswith("documents/")]
    assert document_files == [f"documents/{held['document'].pk}-care_plan.pdf"]
    assert archive.read(document_files[0]) == b"%PDF-1.4 care plan bytes"

    data = json.loads(archive.read("data.json"))
    assert data["person"]["postcode"] == "CF10 1AA"
    assert len(data["referrals"]) == 1 and len(data["cases"]) == 1
    assert data["issues"][0]["in their words"] == "I want to go home to Llandaff"
    assert data["activities"][0]["note"] == "Visited on the ward; Olwen was clear"
    assert data["documents"][0]["file in this archive"] == document_files[0]
    assert any(row["who"] == "Mona Manager" for row in data["who_viewed_the_record"])
    assert data["private_notes"] == []

    report = archive.read("report.html").decode()
    assert "Olwen" in report and "I want to go home to Llandaff" in report
    assert "Who has looked at your information" in report

    # The download is an audited export of the person's record.
    assert AuditEvent.objects.filter(event_type="sar.downloaded").count() == 1
    exported = AuditEvent.objects.get(event_type="person.exported", target_id=str(person.pk))
    assert exported.details["what"] == "subject access"
    assert AuditEvent.objects.filter(event_type="sar.export_built").exists()


def test_answering_deletes_the_stored_copy(
    signed_in, manager, person, django_capture_on_commit_callbacks
):
    client = signed_in(manager)
    record_request(client, person)
    sar = SubjectAccessRequest.objects.get()
    confirm_identity(client, sar)
    sar = build(client, sar, django_capture_on_commit_callbacks)
    storage, name = sar.archive.storage, sar.archive.name
    assert storage.exists(name)
    today = timezone.localdate()
    response = client.post(
        f"/data-protection/subject-access/{sar.pk}/answered/",
        {
            "completed_on-day": today.day,
            "completed_on-month": today.month,
            "completed_on-year": today.year,
        },
    )
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.status == SarStatus.COMPLETED and not sar.archive
    assert not storage.exists(name)


def test_progress_is_polled_by_htmx_and_plain_requests_go_to_the_page(signed_in, manager, person):
    from tests.factories import UserFactory  # noqa: F401

    from .factories import SubjectAccessRequestFactory

    sar = SubjectAccessRequestFactory(
        person=person, status=SarStatus.IN_PROGRESS, export_state=ExportState.BUILDING, progress=40
    )
    client = signed_in(manager)
    url = f"/data-protection/subject-access/{sar.pk}/progress/"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'value="40"' in fragment and 'hx-trigger="every 2s"' in fragment
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.COMMISSIONER])
def test_only_managers_and_admins_handle_requests(client_as, organisation, role):
    assert client_as(role, organisation).get("/data-protection/subject-access/").status_code == 403


def test_reminders_go_once_a_week_before_the_deadline(manager, person, lead, mailoutbox):
    from heard.rights.services import send_deadline_reminders

    from .factories import SubjectAccessRequestFactory

    today = timezone.localdate()
    soon = SubjectAccessRequestFactory(
        person=person, created_by=manager.user, due_on=today + dt.timedelta(days=5)
    )
    SubjectAccessRequestFactory(person=person, due_on=today + dt.timedelta(days=20))
    assert send_deadline_reminders(today) == 1
    assert send_deadline_reminders(today) == 0
    (email,) = mailoutbox
    assert soon.reference in email.subject
    assert set(email.to) == {manager.user.email, lead.user.email}
    assert "Olwen" not in email.body and "Pritchard" not in email.body


def test_the_list_shows_overdue_requests(signed_in, manager, person):
    from .factories import SubjectAccessRequestFactory

    SubjectAccessRequestFactory(person=person, due_on=timezone.localdate() - dt.timedelta(days=2))
    page = signed_in(manager).get("/data-protection/subject-access/").content.decode()
    assert "Overdue" in page and "2 days overdue" in page


def test_other_roles_memberships_cannot_be_named_lead(signed_in, organisation):
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    response = signed_in(admin).post(
        "/data-protection/settings/", {"data_protection_lead": advocate.pk}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
