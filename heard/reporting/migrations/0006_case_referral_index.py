"""The referral measures' index on cases by organisation and referral (ADR-0026).

A service's referrals are those that became one of its cases, or have no case yet: both
are probes of the organisation's cases by referral. Without this index PostgreSQL hashed
every organisation's cases to answer them. Plain SQL both databases accept, as in 0002.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0005_merge_0003_export_language_0004_daily_time"),
        ("casework", "0013_case_milestones"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX IF NOT EXISTS report_case_referral_idx "
            "ON casework_case (organisation_id, referral_id)",
            reverse_sql="DROP INDEX IF EXISTS report_case_referral_idx",
        )
    ]
