"""Erasing one person: asked for by one manager, approved by another; the record and its audit
history lose every personal detail, leaving a tombstone, and the sealed chain still verifies."""

import datetime as dt
import json

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.audit.sealing import seal_pending, verify
from heard.audit.services import audit_record
from heard.casework.models import Status
from heard.development.tests.factories import ReflectiveNoteFactory
from heard.organisations.models import Role
from heard.people.models import Person
from heard.rights.models import ErasureRequest, ErasureStatus
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    DocumentFactory,
    IssueFactory,
    MembershipFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db
SECRETS = ["Olwen", "Pritchard", "CF10 1AA", "Llandaff", "brother", "Tŷ Coch"]


@pytest.fixture
def second(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.ADMIN, user__full_name="Sam Second"
    )


@pytest.fixture
def history(organisation, person, manager, django_capture_on_commit_callbacks):
    """A closed case with words, a document, and audited changes that name the person."""
    # Her referral names her as she is named (a random surname such as "Jones" would make
    # the test's other search, for "Olwenna Jones", name her too).
    referral = ReferralFactory(
        organisation=organisation,
        person=person,
        first_name="Olwen",
        last_name="Pritchard",
        address="Tŷ Coch",
    )
    case = CaseFactory(organisation=organisation, person=person, referral=referral)
    case.status = Status.CLOSED
    case.save()
    issue = IssueFactory(case=case, in_their_words="I want to go home to Llandaff")
    ActivityFactory(case=case, note="Her brother phoned")
    document = DocumentFactory(case=case, title="Letter from Olwen")
    document.file.save("x", ContentFile(b"letter"), save=True)
    note = ReflectiveNoteFactory(author=manager, reflection="Mine to keep")
    note.people_named.add(person)
    earlier = timezone.now() - dt.timedelta(minutes=5)
    for target, changes in [
        (person, {"postcode": ["CF10 1AA", "CF10 1AB"], "last_name": ["Pritchard", "Pritchard"]}),
        (issue, {"in_their_words": ["", "I want to go home to Llandaff"]}),
    ]:
        audit_record(
            "person.updated",
            organisation=organisation,
            actor=manager.user,
            target=target,
            changes=changes,
            details={"what": "record", "path": "/people/1/?q=Olwen"},
            occurred_at=earlier,
        )
    audit_record(
        "person.viewed",
        organisation=organisation,
        actor=manager.user,
        target=person,
        occurred_at=earlier,
    )
    return {"case": case, "document": document, "note": note}


def ask(client, person, reason="She asked us to; nothing is open"):
    return client.post(
        "/data-protection/erasure/new/", {"person_reference": person.reference, "reason": reason}
    )


def test_the_person_who_asked_cannot_approve(signed_in, manager, person, history):
    client = signed_in(manager)
    assert ask(client, person).status_code == 302
    erasure = ErasureRequest.objects.get()
    page = client.get(f"/data-protection/erasure/{erasure.pk}/").content.decode()
    assert "a different manager or admin must approve" in page
    client.post(f"/data-protection/erasure/{erasure.pk}/", {"decision": "approve"})
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.AWAITING_APPROVAL
    assert Person.objects.get(pk=person.pk).first_name == "Olwen"


def test_an_open_case_blocks_erasure(signed_in, manager, person):
    CaseFactory(organisation=person.organisation, person=person)
    response = ask(signed_in(manager), person)
    assert "close it first" in response.content.decode()
    assert not ErasureRequest.objects.exists()


def test_a_reason_is_needed(signed_in, manager, person):
    response = ask(signed_in(manager), person, reason="")
    assert "Enter why the record should be erased" in response.content.decode()


def test_a_second_person_can_refuse_with_a_reason(client, manager, second, person, history):
    client.force_login(manager.user)
    ask(client, person)
    erasure = ErasureRequest.objects.get()
    client.force_login(second.user)
    url = f"/data-protection/erasure/{erasure.pk}/"
    assert (
        "Enter why the erasure is refused"
        in client.post(url, {"decision": "refuse"}).content.decode()
    )
    client.post(url, {"decision": "refuse", "reason": "A complaint about us is open"})
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.REFUSED and erasure.decided_by == second.user


def test_approval_erases_the_record_its_history_and_files(
    client, organisation, manager, second, person, history, django_capture_on_commit_callbacks
):
    seal_pending()  # the history is already sealed into the chain
    assert verify()[1] == []

    client.force_login(manager.user)
    ask(client, person)
    erasure = ErasureRequest.objects.get()
    client.force_login(second.user)
    storage, name = history["document"].file.storage, history["document"].file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/data-protection/erasure/{erasure.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.CARRIED_OUT and erasure.decided_by == second.user

    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.postcode) == ("Erased", "person", "")
    assert person.date_of_birth is None
    case = history["case"]
    case.refresh_from_db()
    assert case.status == Status.CLOSED  # the shape of the work stays for counts
    assert case.issues.get().in_their_words == "Erased"
    assert case.activities.get().note == ""
    document = case.documents.get()
    assert document.title == "Erased" and not document.file
    assert not storage.exists(name)
    assert list(history["note"].people_named.all()) == []
    history["note"].refresh_from_db()
    assert history["note"].reflection == "Mine to keep"

    # Nothing stored in the audit trail names the person any more...
    trail = json.dumps(
        list(AuditEvent.objects.values("target_label", "changes", "details")), ensure_ascii=False
    )
    for secret in SECRETS:
        assert secret not in trail, secret
    # ...but who did what, and when, is still there, with a tombstone.
    assert AuditEvent.objects.filter(event_type="person.viewed", actor=manager.user).exists()
    tombstone = AuditEvent.objects.get(event_type="person.erased")
    assert tombstone.actor == second.user
    assert tombstone.details["erasure"] == erasure.reference
    assert "She asked us to" not in json.dumps(tombstone.details)

    # The redacted events were committed to by the tombstone: the chain still verifies.
    seal_pending(timezone.now() + dt.timedelta(minutes=2))
    checked, problems = verify()
    assert problems == [] and checked == AuditEvent.objects.count()


def test_a_redacted_event_changed_again_is_still_caught(
    client, manager, second, person, history, django_capture_on_commit_callbacks
):
    from django.db import connection, transaction

    seal_pending()
    client.force_login(manager.user)
    ask(client, person)
    client.force_login(second.user)
    erasure = ErasureRequest.objects.get()
    client.post(f"/data-protection/erasure/{erasure.pk}/", {"decision": "approve"})
    viewed = AuditEvent.objects.get(event_type="person.viewed", target_id=str(person.pk))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL heard.audit_maintenance = 'on'")
        AuditEvent.objects.filter(pk=viewed.pk).update(actor_label="Someone else")
    problems = verify()[1]
    assert any(f"event {viewed.pk} has been changed" in str(p) for p in problems)


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.COMMISSIONER])
def test_only_managers_and_admins_erase(client_as, organisation, role):
    assert client_as(role, organisation).get("/data-protection/erasure/").status_code == 403


def test_searches_and_typed_reasons_that_name_the_person_are_redacted(
    client, organisation, manager, second, person, history, django_capture_on_commit_callbacks
):
    """A search targets nobody, but its query names whom it looked for: erasing the person
    redacts it too (and any typed reason naming them), while other searches are kept."""
    from heard.search.services import search_record

    class Results:
        class query:
            kind = "text"

        people_total = cases_total = 1
        people_more = False

    for text in ("olwen pritchard", "CF101AA", person.reference, "Olwenna Jones"):
        search_record(
            organisation=organisation, acting_user=manager.user, text=text, results=Results
        )
    audit_record(
        "system_issue.unshared",
        organisation=organisation,
        actor=manager.user,
        details={"reason": "Pritchard family asked us to stop"},
    )
    seal_pending()

    client.force_login(manager.user)
    ask(client, person)
    client.force_login(second.user)
    erasure = ErasureRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/data-protection/erasure/{erasure.pk}/", {"decision": "approve"})

    searches = AuditEvent.objects.filter(event_type="search.performed").order_by("id")
    assert [e.details.get("query") for e in searches] == [None, None, None, "Olwenna Jones"]
    assert all(e.actor == manager.user for e in searches)  # who searched, and when, stay
    unshared = AuditEvent.objects.get(event_type="system_issue.unshared")
    assert "reason" not in unshared.details
    trail = json.dumps(list(AuditEvent.objects.values("details")), ensure_ascii=False)
    assert "Pritchard" not in trail and "CF101AA" not in trail
    seal_pending(timezone.now() + dt.timedelta(minutes=2))
    assert verify()[1] == []
