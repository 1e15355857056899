"""Retention: the rules list what has expired in a dry run; only a manager's approval erases,
in the background, and only what has still expired."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Status
from heard.people.models import Person
from heard.referrals.models import Referral
from heard.rights.models import RetentionReview, RetentionStatus
from tests.factories import CaseFactory, PersonFactory, ReferralFactory

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - dt.timedelta(days=365 * 7)


def closed_case(person, when):
    case = CaseFactory(organisation=person.organisation, person=person)
    type(case).objects.filter(pk=case.pk).update(status=Status.CLOSED, status_changed_at=when)
    return case


@pytest.fixture
def records(organisation):
    expired = PersonFactory(organisation=organisation, first_name="Gwenllian")
    closed_case(expired, LONG_AGO)
    recent = PersonFactory(organisation=organisation, first_name="Recentclosed")
    closed_case(recent, timezone.now() - dt.timedelta(days=30))
    still_open = PersonFactory(organisation=organisation, first_name="Stillopen")
    closed_case(still_open, LONG_AGO)
    CaseFactory(organisation=organisation, person=still_open)
    old_declined = ReferralFactory(
        organisation=organisation, first_name="Declinedlongago", status="declined"
    )
    Referral.objects.filter(pk=old_declined.pk).update(received_at=LONG_AGO)
    new_declined = ReferralFactory(
        organisation=organisation, first_name="Declinedlately", status="declined"
    )
    return {
        "expired": expired,
        "recent": recent,
        "open": still_open,
        "old_declined": old_declined,
        "new_declined": new_declined,
    }


def test_the_dry_run_lists_only_what_has_expired_and_erases_nothing(signed_in, manager, records):
    client = signed_in(manager)
    response = client.post("/data-protection/retention/")
    review = RetentionReview.objects.get()
    assert response.status_code == 302
    assert review.person_ids == [records["expired"].pk]
    assert review.referral_ids == [records["old_declined"].pk]
    page = client.get(f"/data-protection/retention/{review.pk}/").content.decode()
    assert "Gwenllian" in page and "Recentclosed" not in page and "Stillopen" not in page
    assert Person.objects.get(pk=records["expired"].pk).first_name == "Gwenllian"
    assert AuditEvent.objects.filter(event_type="retention.dry_run").exists()
    assert AuditEvent.objects.filter(event_type="retention.viewed").exists()


def test_approval_erases_in_the_background_what_has_still_expired(
    signed_in, manager, records, django_capture_on_commit_callbacks
):
    client = signed_in(manager)
    client.post("/data-protection/retention/")
    review = RetentionReview.objects.get()
    # Between the dry run and approval, the expired person is referred again.
    ReferralFactory(organisation=records["expired"].organisation, person=records["expired"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/data-protection/retention/{review.pk}/", {"decision": "approve"})
    review.refresh_from_db()
    assert review.status == RetentionStatus.CARRIED_OUT
    assert (review.people_erased, review.referrals_erased) == (0, 1)
    assert Person.objects.get(pk=records["expired"].pk).first_name == "Gwenllian"
    old = Referral.objects.get(pk=records["old_declined"].pk)
    assert old.first_name == "Erased" and old.situation == ""
    assert Referral.objects.get(pk=records["new_declined"].pk).first_name == "Declinedlately"
    tombstone = AuditEvent.objects.get(event_type="referral.erased")
    assert tombstone.actor is None and tombstone.details["erasure"] == review.reference


def test_an_approved_run_erases_the_expired_person(
    signed_in, manager, records, django_capture_on_commit_callbacks
):
    client = signed_in(manager)
    client.post("/data-protection/retention/")
    review = RetentionReview.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/data-protection/retention/{review.pk}/", {"decision": "approve"})
    erased = Person.objects.get(pk=records["expired"].pk)
    assert (erased.first_name, erased.last_name) == ("Erased", "person")
    assert AuditEvent.objects.get(event_type="person.erased").details["erasure"] == review.reference
    # Erased people do not show up in the next dry run.
    client.post("/data-protection/retention/")
    assert RetentionReview.objects.latest("pk").person_ids == []


def test_a_stale_dry_run_cannot_be_approved(signed_in, manager, records):
    client = signed_in(manager)
    client.post("/data-protection/retention/")
    review = RetentionReview.objects.get()
    RetentionReview.objects.filter(pk=review.pk).update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    client.post(f"/data-protection/retention/{review.pk}/", {"decision": "approve"})
    review.refresh_from_db()
    assert review.status == RetentionStatus.AWAITING_APPROVAL


def test_the_rules_are_the_organisations(signed_in, organisation, records):
    from heard.organisations.models import Role
    from tests.factories import MembershipFactory

    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    client = signed_in(admin)
    response = client.post(
        "/data-protection/settings/",
        {"data_protection_lead": "", "closed_case_years": "10", "declined_referral_months": "0"},
    )
    assert "govuk-error-summary" in response.content.decode()
    client.post(
        "/data-protection/settings/",
        {"data_protection_lead": "", "closed_case_years": "10", "declined_referral_months": "120"},
    )
    client.post("/data-protection/retention/")
    review = RetentionReview.objects.get()
    assert review.person_ids == [] and review.referral_ids == []
