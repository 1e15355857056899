"""Indexes the report measures read by, on other apps' tables (ADR-0026).

Created here, with plain SQL that both SQLite and PostgreSQL accept, so the apps that own
the tables need no migration of their own: reports are this app's concern.
"""

from django.db import migrations

INDEXES = [
    ("report_case_service_idx", "casework_case", "organisation_id, service_id, received_on"),
    ("report_status_time_idx", "casework_casestatus", "organisation_id, changed_at"),
    ("report_activity_time_idx", "casework_activity", "organisation_id, occurred_at"),
    ("report_referral_time_idx", "referrals_referral", "organisation_id, received_at"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("casework", "0010_merge_conflict_with_a_commissioner"),
        ("referrals", "0003_nation"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
