"""The read-replica router against a real PostgreSQL streaming replica (scripts/replica-setup).

CI (.ci/run) makes a local replica of the test server on port 5433 and sets
``DATABASE_REPLICA_URL``. The ``replica`` alias then mirrors the test database: the same
database name, on the replica's server, so every row these tests commit on the primary
reaches it by streaming replication. Nothing is faked: each test waits until the replica
has replayed the primary's WAL up to the write, then reads.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heard.casework.models import Case
from heard.core import tenant_db
from heard.core.replica import REPLICA, STAMP_COOKIE, reading_from_replica
from heard.organisations.models import Role
from heard.reporting.periods import date_range
from heard.reporting.report import build_report
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory, ServiceFactory


def _why_not() -> str:
    if connection.vendor != "postgresql":
        return "a read replica is PostgreSQL's; the embedded SQLite database has none"
    if REPLICA not in django_settings.DATABASES:
        return os.environ.get("HEARD_REPLICA_UNAVAILABLE") or (
            "DATABASE_REPLICA_URL is not set: scripts/replica-setup makes a local replica "
            "(.ci/run runs it and sets the variable)"
        )
    return ""


pytestmark = [
    pytest.mark.skipif(bool(_why_not()), reason=_why_not() or "-"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


def on_replica_server() -> tuple[bool, int]:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        return cursor.fetchone()


def wait_for_replay(timeout: float = 60) -> None:
    """Wait until the replica has replayed everything the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with connections[REPLICA].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target])
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"the replica did not replay up to {target} in {timeout}s")


def touched(queries, table: str) -> bool:
    return any(f'"{table}"' in query["sql"] for query in queries)


@pytest.fixture
def replica(settings):
    """Replica reads switched on (the rest of the suite reads reports from the primary)."""
    settings.HEARD_READ_REPLICA = REPLICA
    in_recovery, port = on_replica_server()
    assert in_recovery, "the replica alias must reach a standby, not the primary"
    assert port == int(django_settings.DATABASES[REPLICA]["PORT"])
    yield connections[REPLICA]
    connections[REPLICA].close()


def test_a_write_on_the_primary_is_read_through_the_router_once_replayed(replica):
    """A committed case reaches the replica, and only reads inside the block go there."""
    case = CaseFactory()
    wait_for_replay()
    assert Case.objects.all().db == "default"
    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
        reading_from_replica(),
    ):
        assert Case.objects.all().db == REPLICA
        found = Case.objects.filter(pk=case.pk).values_list("reference", flat=True).first()
    assert found == case.reference
    assert touched(on_replica.captured_queries, "casework_case")
    assert not touched(on_primary.captured_queries, "casework_case")


def test_a_report_selector_queries_the_replica(replica, settings):
    """``build_report`` computes every measure on the standby, with the primary's figures."""
    service = ServiceFactory()
    for _ in range(3):
        CaseFactory(organisation=service.organisation, service=service)
    period = date_range(dt.date(2000, 1, 1), dt.date.today())
    wait_for_replay()

    def report():
        return build_report(
            service.organisation, [service], period, all_services=False, suppressed=False
        )

    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        from_replica = report()
    assert touched(on_replica.captured_queries, "casework_case")
    assert on_primary.captured_queries == []

    settings.HEARD_READ_REPLICA = ""
    from_primary = report()
    values = [[row.values for row in table.rows] for table in from_replica.tables]
    assert values == [[row.values for row in table.rows] for table in from_primary.tables]
    assert any(value == 3 for table in values for row in table for value in row.values())


def test_read_your_writes_after_a_change_reads_from_the_primary(replica, client, settings):
    """A manager who has just asked for an export reads the next report from the primary."""
    service = ServiceFactory()
    CaseFactory(organisation=service.organisation, service=service)
    manager = MembershipFactory(organisation=service.organisation, role=Role.MANAGER).user
    client.force_login(manager)
    report_url = reverse("reporting:service", args=[service.pk])
    wait_for_replay()

    with CaptureQueriesContext(replica) as before:
        assert client.get(report_url).status_code == 200
    assert touched(before.captured_queries, "casework_case"), "no recent write: the replica"

    response = client.post(
        reverse("reporting:export_create"),
        {"service": service.pk, "start": "2026-01-01", "end": "2026-03-31", "format": "csv"},
    )
    assert response.status_code == 302
    assert STAMP_COOKIE in response.cookies

    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(replica) as on_replica,
    ):
        assert client.get(report_url).status_code == 200
    assert on_replica.captured_queries == []
    assert touched(on_primary.captured_queries, "casework_case")

    # Once the stamp has run out, reports go back to the replica.
    settings.HEARD_REPLICA_STICKY_SECONDS = 0
    client.post(reverse("reporting:export_create"), {"service": service.pk, "format": "csv"})
    with CaptureQueriesContext(replica) as after:
        assert client.get(report_url).status_code == 200
    assert touched(after.captured_queries, "casework_case")


def _drop_role(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def replica_as_app_role(replica):
    """The replica connection signs in as the application role, which row-level security binds."""
    role = f"heard_app_{connection.settings_dict['NAME']}"[:63]
    call_command("db-roles", app_role=role)
    wait_for_replay()  # the role reaches the replica before anyone signs in as it
    replica.close()
    original = replica.settings_dict.get("USER")
    replica.settings_dict["USER"] = role
    try:
        yield replica
    finally:
        replica.close()
        replica.settings_dict["USER"] = original
        _drop_role(role)


def test_the_organisation_binding_holds_on_the_replica(replica_as_app_role):
    """Reading from the replica shows only the organisation the primary's transaction is for."""
    ours, theirs = OrganisationFactory(), OrganisationFactory()
    CaseFactory(organisation=ours)
    CaseFactory(organisation=theirs)
    wait_for_replay()

    with tenant_db.organisation_context(ours), reading_from_replica():
        assert tenant_db.current(using=REPLICA)[0] == str(ours.pk)
        # No organisation filter: the replica's row-level security does the scoping.
        seen = set(Case.objects.values_list("organisation_id", flat=True))
    assert seen == {ours.pk}

    with reading_from_replica():  # nothing bound: the policies deny, as on the primary
        assert Case.objects.count() == 0
