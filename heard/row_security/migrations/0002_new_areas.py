"""Row-level security for the tables of the areas added since 0001 (ADR-0035).

Voice, reports, data protection rights, imports, the case's instruction history and the
network hub's signing key. ``policies.forwards`` refreshes every listed table.
"""

from django.db import migrations

from heard.row_security import policies


class Migration(migrations.Migration):
    dependencies = [
        ("row_security", "0001_tenant_policies"),
        ("api", "0001_initial"),
        ("casework", "0011_instruction_history"),
        ("imports", "0001_initial"),
        ("network", "0002_resource_library"),
        ("reporting", "0002_report_indexes"),
        ("rights", "0004_privacy_notices"),
        ("voice", "0002_paper_feedback"),
    ]

    operations = [migrations.RunPython(policies.forwards, migrations.RunPython.noop)]
