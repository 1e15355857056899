"""Row-level security on every tenant-owned table (PostgreSQL only; nothing on SQLite).

Generated from ``heard.row_security.tables.TENANT_TABLES`` (ADR-0035).
"""

from django.db import migrations

from heard.row_security import policies


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_pending_anonymous_events"),
        ("casework", "0010_merge_conflict_with_a_commissioner"),
        ("challenges", "0001_initial"),
        ("development", "0001_initial"),
        ("organisations", "0005_merge_0004_nation_0004_reference_prefix"),
        ("people", "0003_search_indexes"),
        ("referrals", "0003_nation"),
        ("safeguarding", "0001_initial"),
        ("speaking_up", "0001_initial"),
        ("system_change", "0001_initial"),
    ]

    operations = [migrations.RunPython(policies.forwards, policies.backwards)]
