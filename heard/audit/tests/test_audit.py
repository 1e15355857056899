"""The auditor: a registered vocabulary, an actor always present, snapshots and diffs."""

import datetime as dt

import pytest
from django.test import RequestFactory

from heard.audit import events
from heard.audit.models import AuditEvent
from heard.audit.services import audit_record, diff, snapshot
from tests.factories import ServiceFactory


@pytest.fixture
def request_from():
    def make(ip="192.0.2.10"):
        return RequestFactory().get("/somewhere/", REMOTE_ADDR=ip)

    return make


def test_unregistered_event_type_is_refused(organisation, user):
    """A typo in an event name is a programming error and writes nothing."""
    with pytest.raises(LookupError, match=r"person\.veiwed"):
        audit_record("person.veiwed", organisation=organisation, actor=user)
    assert not AuditEvent.objects.exists()


def test_event_without_an_actor_is_refused(organisation):
    """Every event needs someone (or a named process) responsible for it."""
    with pytest.raises(ValueError, match="needs an actor"):
        audit_record("organisation.updated", organisation=organisation)
    assert not AuditEvent.objects.exists()


def test_unknown_system_actor_is_refused(db):
    """Only the registered system actors may act without a signed-in person."""
    with pytest.raises(ValueError, match="Unknown system actor 'cron'"):
        audit_record("seed.ran", system_actor="cron")
    assert not AuditEvent.objects.exists()


def test_system_actor_is_labelled_by_its_registered_name(db):
    """A system event has no user but says which process did it."""
    event = audit_record("seed.ran", system_actor="seed", details={"mode": "demo"})
    assert event.actor is None
    assert event.actor_label == events.SYSTEM_ACTORS["seed"]
    assert event.details == {"mode": "demo"}


def test_user_event_records_actor_target_and_ip(organisation, user, person, request_from):
    """A user's event keeps who, what record (as label and id) and the client address."""
    event = audit_record(
        "person.viewed",
        organisation=organisation,
        actor=user,
        target=person,
        request=request_from("192.0.2.10"),
    )
    event.refresh_from_db()
    assert event.actor == user
    assert event.actor_label == str(user)
    assert event.target_type == "people.person"
    assert event.target_id == str(person.pk)
    assert event.target_label == str(person)
    assert event.ip_address == "192.0.2.10"
    assert event.is_access is True  # person.viewed is registered as an access event
    assert list(AuditEvent.objects.about(person).access()) == [event]


def test_record_ip_false_stores_no_ip(organisation, user, request_from):
    """``record_ip=False`` keeps the address out of the log even when a request is given."""
    event = audit_record(
        "organisation.updated",
        organisation=organisation,
        actor=user,
        request=request_from("192.0.2.77"),
        record_ip=False,
    )
    event.refresh_from_db()
    assert event.ip_address is None
    assert event.is_access is False


def test_snapshot_is_json_safe(organisation):
    """Dates become ISO strings, related objects their label; timestamps are left out."""
    service = ServiceFactory(
        organisation=organisation, name="IMHA", start_date=dt.date(2025, 4, 1), end_date=None
    )
    values = snapshot(service)
    assert values["name"] == "IMHA"
    assert values["start_date"] == "2025-04-01"
    assert values["end_date"] is None
    assert values["organisation"] == "Riverside Advocacy"
    assert values["advocacy_types"] == ["care_act", "imca"]
    assert "created_at" not in values
    assert snapshot(service, ["name", "start_date"]) == {
        "name": "IMHA",
        "start_date": "2025-04-01",
    }


def test_diff_lists_only_changed_fields_as_old_and_new():
    """``diff`` gives ``{field: [old, new]}`` for changed fields and nothing for the rest."""
    before = {"name": "IMHA", "reopen_window_days": 91, "end_date": None}
    after = {"name": "IMHA (Leeds)", "reopen_window_days": 91, "end_date": "2028-03-31"}
    assert diff(before, after) == {
        "name": ["IMHA", "IMHA (Leeds)"],
        "end_date": [None, "2028-03-31"],
    }
    assert diff(after, dict(after)) == {}
    assert diff({}, {"name": "New"}) == {"name": [None, "New"]}


def test_snapshot_then_diff_captures_a_model_change(organisation):
    """Snapshot before and after a change; the diff is exactly the change."""
    service = ServiceFactory(organisation=organisation, name="Before", reopen_window_days=91)
    before = snapshot(service)
    service.name = "After"
    service.end_date = dt.date(2027, 1, 31)
    service.save()
    assert diff(before, snapshot(service)) == {
        "name": ["Before", "After"],
        "end_date": [None, "2027-01-31"],
    }


def test_every_registered_event_has_a_description():
    """The registry is the vocabulary: each event type has a name and a human description."""
    names = [event.name for event in events.all_event_types()]
    assert names == sorted(names)
    assert {"auth.logged_in", "person.viewed", "seed.ran"} <= set(names)
    assert all(event.description for event in events.all_event_types())


def test_an_event_can_ride_with_the_next_statement(organisation, user, request_from):
    """The same row as ``audit_record`` writes; on PostgreSQL in the next read's round trip."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from heard.audit.services import audit_recorded_with_next_statement

    service = ServiceFactory(organisation=organisation)
    with (
        CaptureQueriesContext(connection) as context,
        audit_recorded_with_next_statement(
            "organisation.updated",
            organisation=organisation,
            actor=user,
            target=service,
            details={"path": "/100%/"},
            request=request_from(),
        ),
    ):
        assert AuditEvent.objects.filter(target_id=str(service.pk)).count() == 1
    sent = [query["sql"] for query in context.captured_queries]
    if connection.vendor == "postgresql":
        # One round trip: the insert has no statement of its own (a query string shared with
        # the read, or one pipeline with it under server-side binding), and the read saw it.
        assert len(sent) == 1 and "SELECT COUNT" in sent[0]
    else:
        assert len(sent) == 2 and sent[0].startswith("INSERT")
    event = AuditEvent.objects.get(target_id=str(service.pk))
    assert (event.actor, event.actor_label, event.event_type) == (
        user,
        str(user),
        "organisation.updated",
    )
    assert event.details == {"path": "/100%/"} and event.ip_address == "192.0.2.10"
    assert event.target_type == "organisations.service" and event.target_label == str(service)


def test_an_event_with_nothing_after_it_is_written_on_leaving(organisation, user):
    from heard.audit.services import audit_recorded_with_next_statement

    with audit_recorded_with_next_statement(
        "organisation.updated", organisation=organisation, actor=user
    ):
        pass
    assert AuditEvent.objects.filter(event_type="organisation.updated").count() == 1
