"""The time report's and the hours measures' index on activities covers what they sum.

Replaces ``report_activity_time_idx`` (ADR-0026) with one on the same keys that also
carries every column those queries read, so a date range of one organisation's
activities is read from the index alone (an index-only scan on PostgreSQL) instead of
fetching each row. PostgreSQL keeps the extra columns out of the key (``INCLUDE``);
SQLite has no ``INCLUDE``, so they trail the key there.
"""

from django.db import migrations

NAME = "report_activity_time_cover_idx"
KEY = "organisation_id, occurred_at"
COVERED = "entered_in_error_at, case_id, recorded_by_id, kind, minutes, travel_minutes, with_person"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        sql = f"CREATE INDEX IF NOT EXISTS {NAME} ON casework_activity ({KEY}) INCLUDE ({COVERED})"
    else:
        sql = f"CREATE INDEX IF NOT EXISTS {NAME} ON casework_activity ({KEY}, {COVERED})"
    schema_editor.execute(sql)
    schema_editor.execute("DROP INDEX IF EXISTS report_activity_time_idx")


def drop(apps, schema_editor):
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS report_activity_time_idx ON casework_activity ({KEY})"
    )
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_report_indexes")]

    operations = [migrations.RunPython(create, drop)]
