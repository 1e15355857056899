"""The audit trail for one person or one period, for an investigation: admins only, audited."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.audit.sealing import seal_pending
from heard.audit.services import audit_record
from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/data-protection/audit-trail/"


@pytest.fixture
def admin(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.ADMIN, user__full_name="Ari Admin"
    )


def rows_of(response):
    text = b"".join([response.content]).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_one_persons_trail_includes_their_cases_and_seals(signed_in, admin, person, organisation):
    case = CaseFactory(organisation=organisation, person=person)
    other = PersonFactory(organisation=organisation)
    earlier = timezone.now() - dt.timedelta(minutes=5)
    for target in (person, case, other):
        audit_record(
            "person.viewed",
            organisation=organisation,
            actor=admin.user,
            target=target,
            occurred_at=earlier,
        )
    seal_pending()
    client = signed_in(admin)
    response = client.get(URL, {"person_reference": person.reference})
    assert response["Content-Type"].startswith("text/csv")
    rows = rows_of(response)
    assert {(r["Record type"], r["Record id"]) for r in rows} == {
        ("people.person", str(person.pk)),
        ("casework.case", str(case.pk)),
    }
    assert all(len(r["Seal hash"]) == 64 for r in rows)
    exported = AuditEvent.objects.get(event_type="audit.exported")
    assert exported.is_access and exported.target_id == str(person.pk)
    assert exported.details["rows"] == 2


def test_one_period(signed_in, admin, organisation):
    old = audit_record(
        "organisation.updated",
        organisation=organisation,
        actor=admin.user,
        occurred_at=timezone.now() - dt.timedelta(days=40),
    )
    recent = audit_record("organisation.updated", organisation=organisation, actor=admin.user)
    today = timezone.localdate()
    start = today - dt.timedelta(days=7)
    response = signed_in(admin).get(
        URL,
        {
            "start-day": start.day,
            "start-month": start.month,
            "start-year": start.year,
            "end-day": today.day,
            "end-month": today.month,
            "end-year": today.year,
        },
    )
    ids = {r["Event id"] for r in rows_of(response)}
    assert str(recent.pk) in ids and str(old.pk) not in ids


def test_bad_input_is_explained_beside_the_field(signed_in, admin, other_organisation):
    client = signed_in(admin)
    stranger = PersonFactory(organisation=other_organisation)
    page = client.get(URL, {"person_reference": stranger.reference}).content.decode()
    assert "No person in your organisation has that reference" in page
    page = client.get(URL, {"person_reference": ""}).content.decode()
    assert "Enter a person&#x27;s reference, a period, or both" in page
    assert not AuditEvent.objects.filter(event_type="audit.exported").exists()


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADVOCATE, Role.COMMISSIONER])
def test_only_admins_export_the_trail(client_as, organisation, role):
    assert client_as(role, organisation).get(URL).status_code == 403
