"""The audit trail is append-only and tamper-evident: hash chains, triggers, a least-privilege role."""

import datetime as dt
from contextlib import contextmanager

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from heard.audit.models import AuditChainHead, AuditEvent, AuditSeal
from heard.audit.sealing import GRACE, PLATFORM, seal_pending, verify
from heard.audit.services import audit_record

ON_POSTGRES = connection.vendor == "postgresql"
EARLIER = dt.timedelta(minutes=5)


def record(organisation, user, n=1, **kwargs):
    return [
        audit_record(
            "organisation.updated",
            organisation=organisation,
            actor=user,
            changes={"name": [f"old {i}", f"new {i}"]},
            occurred_at=timezone.now() - EARLIER,
            **kwargs,
        )
        for i in range(n)
    ]


@contextmanager
def as_an_attacker_with_the_owner_role():
    """On PostgreSQL the triggers refuse changes; an attacker who owns the tables turns them off."""
    with transaction.atomic():
        if ON_POSTGRES:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL heard.audit_maintenance = 'on'")
        yield


def test_committed_events_are_sealed_into_one_chain_per_organisation(
    organisation, other_organisation, user
):
    record(organisation, user, 3)
    record(other_organisation, user, 2)
    audit_record("seed.ran", system_actor="seed", occurred_at=timezone.now() - EARLIER)

    assert seal_pending() == 6
    assert seal_pending() == 0  # nothing sealed twice

    chains = dict(AuditChainHead.objects.values_list("chain", "position"))
    assert chains == {str(organisation.pk): 3, str(other_organisation.pk): 2, PLATFORM: 1}
    assert verify() == (6, [])


def test_events_younger_than_the_grace_period_wait_for_the_next_run(organisation, user):
    audit_record("organisation.updated", organisation=organisation, actor=user)
    assert seal_pending() == 0
    assert seal_pending(now=timezone.now() + GRACE + dt.timedelta(seconds=1)) == 1


def test_a_changed_event_is_detected(organisation, user):
    events = record(organisation, user, 4)
    seal_pending()
    with as_an_attacker_with_the_owner_role():
        AuditEvent.objects.filter(pk=events[1].pk).update(actor_label="Someone else")

    checked, problems = verify()
    assert checked == 4
    assert [str(p) for p in problems] == [
        f"chain {organisation.pk}, position 2: event {events[1].pk} has been changed "
        "since it was sealed"
    ]


def test_a_removed_event_is_detected(organisation, user):
    events = record(organisation, user, 4)
    seal_pending()
    with as_an_attacker_with_the_owner_role():
        AuditSeal.objects.filter(event=events[1]).delete()
        AuditEvent.objects.filter(pk=events[1].pk).delete()

    _, problems = verify()
    assert any("missing" in str(p) and "position 2" in str(p) for p in problems)


def test_events_cut_off_the_end_are_detected(organisation, user):
    events = record(organisation, user, 3)
    seal_pending()
    with as_an_attacker_with_the_owner_role():
        AuditSeal.objects.filter(event=events[-1]).delete()
        AuditEvent.objects.filter(pk=events[-1].pk).delete()

    _, problems = verify()
    assert len(problems) == 1
    assert "removed from its end" in str(problems[0])


def test_audit_verify_command_fails_on_tampering(organisation, user, capsys):
    events = record(organisation, user, 2)
    call_command("audit-verify", seal_first=True)
    assert "every chain is intact" in capsys.readouterr().out

    with as_an_attacker_with_the_owner_role():
        AuditEvent.objects.filter(pk=events[0].pk).update(details={"what": "rewritten"})
    with pytest.raises(CommandError, match="tampered"):
        call_command("audit-verify")
    assert f"event {events[0].pk} has been changed" in capsys.readouterr().err


def test_the_scheduler_enqueues_sealing(organisation, user, capsys):
    record(organisation, user, 2)
    call_command("scheduler", once=True)  # the test task backend runs it at once
    assert AuditSeal.objects.count() == 2


@pytest.mark.skipif(not ON_POSTGRES, reason="triggers and roles are PostgreSQL's")
def test_postgres_refuses_changes_to_audit_rows_even_for_the_owner(organisation, user):
    (event,) = record(organisation, user)
    seal_pending()
    for statement in (
        "UPDATE audit_auditevent SET actor_label = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "DELETE FROM audit_auditseal WHERE event_id = %s",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [event.pk])


@pytest.mark.skipif(not ON_POSTGRES, reason="roles are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_the_application_role_may_insert_audit_rows_but_never_update_or_delete_them(
    organisation, user
):
    database = settings.DATABASES["default"]
    role = f"heard_app_{database['NAME']}"[:63]
    call_command("db-roles", app_role=role)
    (event,) = record(organisation, user)
    dsn = " ".join(
        f"{key}='{value}'"
        for key, value in {
            "host": database.get("HOST"),
            "port": database.get("PORT"),
            "dbname": database["NAME"],
            "user": role,
        }.items()
        if value
    )
    try:
        with psycopg.connect(dsn, autocommit=True) as app:
            assert app.execute("SELECT current_user").fetchone()[0] == role
            app.execute(
                "INSERT INTO audit_auditevent (occurred_at, actor_label, event_type, is_access,"
                " target_type, target_id, target_label, changes, details)"
                " VALUES (now(), 'x', 'seed.ran', false, '', '', '', '{}', '{}')"
            )
            # Row-level security shows the role its bound organisation's events (and the
            # platform's own, which belong to none); bind it for the rest of this session.
            assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] == 1
            app.execute(
                "SELECT set_config('heard.organisation_id', %s, false)", [str(organisation.pk)]
            )
            assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] == 2
            for statement in (
                "UPDATE audit_auditevent SET actor_label = 'x' WHERE id = %s",
                "DELETE FROM audit_auditevent WHERE id = %s",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    app.execute(statement, [event.pk])
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute("TRUNCATE audit_auditevent CASCADE")
            # The same role can still change ordinary tables.
            app.execute(
                "UPDATE organisations_organisation SET name = name WHERE id = %s",
                [organisation.pk],
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_raise_cannot_be_placed_among_its_authors_actions(organisation, user):
    """Ids, times and (on PostgreSQL) transaction ids all say nothing about when it was raised."""
    from heard.speaking_up.models import SpeakingUpConcern
    from heard.speaking_up.services import speaking_up_raise

    def author_acts():
        return audit_record("organisation.updated", organisation=organisation, actor=user)

    before = author_acts()
    concern = speaking_up_raise(
        organisation=organisation,
        acting_user=user,
        anonymous=True,
        about="inside",
        concern="Visits are logged that never happened.",
    )
    after = author_acts()
    assert not AuditEvent.objects.filter(target_id=str(concern.pk)).exists()

    seal_pending(now=timezone.now() + dt.timedelta(days=1))

    raised = AuditEvent.objects.get(target_id=str(concern.pk), event_type="speaking_up.raised")
    assert raised.id > after.id > before.id
    assert raised.actor_id is None and raised.ip_address is None
    assert raised.occurred_at.time() == dt.time.min
    if ON_POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT xmin::text::bigint FROM speaking_up_speakingupconcern WHERE id = %s",
                [concern.pk],
            )
            concern_xmin = cursor.fetchone()[0]
            cursor.execute(
                "SELECT xmin::text::bigint FROM audit_auditevent WHERE id = %s", [after.pk]
            )
            assert concern_xmin > cursor.fetchone()[0]
    assert SpeakingUpConcern.objects.get(pk=concern.pk).raised_by_id is None
    assert verify()[1] == []
