"""Row-level security for the IDs in the source that imports remember (ADR-0035, ADR-0051).

``policies.forwards`` refreshes every listed table.
"""

from django.db import migrations

from heard.row_security import policies


class Migration(migrations.Migration):
    dependencies = [
        ("row_security", "0002_new_areas"),
        ("imports", "0002_source_keys_cases_issues"),
    ]

    operations = [migrations.RunPython(policies.forwards, migrations.RunPython.noop)]
