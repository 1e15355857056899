"""On PostgreSQL, the application's role cannot redact the audit trail itself: an erasure made
as that role commits to its redactions, and ``heard audit-redact`` (the owner) applies them."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.audit.redaction import apply_redactions
from heard.audit.sealing import seal_pending, verify
from heard.audit.services import audit_record
from heard.core import tenant_db
from heard.rights.erasure import erase_person

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's")


@pytest.mark.django_db(transaction=True)
def test_redactions_wait_for_the_owner_when_erased_as_the_app_role(organisation, person, manager):
    role = f"heard_app_{settings.DATABASES['default']['NAME']}"[:63]
    call_command("db-roles", app_role=role)
    audit_record(
        "person.updated",
        organisation=organisation,
        actor=manager.user,
        target=person,
        changes={"postcode": ["CF10 1AA", "CF10 1AB"]},
        occurred_at=timezone.now() - dt.timedelta(minutes=5),
    )
    seal_pending()
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f'SET LOCAL ROLE "{role}"')
            tenant_db.bind(organisation=organisation, user=manager.user)  # as a request does
            erase_person(person, tombstone_actor=manager.user)
        updated = AuditEvent.objects.get(event_type="person.updated")
        assert "CF10 1AA" in str(updated.changes)  # the app role could not change it
        assert apply_redactions() == (1, 0)  # the owner can
        updated.refresh_from_db()
        assert "CF10 1AA" not in str(updated.changes)
        seal_pending(timezone.now() + dt.timedelta(minutes=2))
        assert verify()[1] == []
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE IF EXISTS "{role}"')
