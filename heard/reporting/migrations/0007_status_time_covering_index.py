"""The case-count measures' index on status rows covers what they read (ADR-0026).

Replaces ``report_status_time_idx`` (organisation, changed at) with one on the same keys
that also carries the case, the status and the previous status, so "cases opened" and
"cases closed" read a period's status rows from the index alone (an index-only scan on
PostgreSQL). Without it the planner read every status row of the organisation through
the organisation-only index and filtered them by date. PostgreSQL keeps the extra columns
out of the key (``INCLUDE``); SQLite has no ``INCLUDE``, so they trail the key there.
"""

from django.db import migrations

NAME = "report_status_time_cover_idx"
KEY = "organisation_id, changed_at"
COVERED = "case_id, status, previous_status"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        sql = (
            f"CREATE INDEX IF NOT EXISTS {NAME} ON casework_casestatus ({KEY}) INCLUDE ({COVERED})"
        )
    else:
        sql = f"CREATE INDEX IF NOT EXISTS {NAME} ON casework_casestatus ({KEY}, {COVERED})"
    schema_editor.execute(sql)
    schema_editor.execute("DROP INDEX IF EXISTS report_status_time_idx")


def drop(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS report_status_time_idx ON casework_casestatus ({KEY})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0006_case_referral_index")]

    operations = [migrations.RunPython(create, drop)]
