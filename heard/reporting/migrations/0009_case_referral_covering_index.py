"""The referral measures' probe of a referral's cases, answered from the index (ADR-0026).

A service's report asks, for each referral of the period, whether one of its cases is in
the services (``measures.referrals_in_scope``): one probe of the organisation's cases by
referral. With ``report_case_referral_idx`` (organisation, referral) each probe also
fetched the case row for its service; ``report_case_referral_cover_idx`` carries the
service after its key, so the probes are index-only. It replaces the other, as 0008 did.

PostgreSQL keeps the covered column out of the key (``INCLUDE``); SQLite has no
``INCLUDE``, so it trails the key there, as in 0007 and 0008.
"""

from django.db import migrations

NAME = "report_case_referral_cover_idx"
REPLACED = "report_case_referral_idx"
KEY = "organisation_id, referral_id"


def create(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    columns = f"({KEY}) INCLUDE (service_id)" if postgresql else f"({KEY}, service_id)"
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NAME} ON casework_case {columns}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {REPLACED}")


def drop(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {REPLACED} ON casework_case ({KEY})")
    schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("reporting", "0008_report_covering_indexes")]

    operations = [migrations.RunPython(create, drop)]
