"""Row-level security for the reporting app's daily time summary (ADR-0035)."""

from django.db import migrations

from heard.row_security import policies


class Migration(migrations.Migration):
    dependencies = [
        ("row_security", "0002_new_areas"),
        ("reporting", "0004_daily_time"),
    ]

    operations = [migrations.RunPython(policies.forwards, migrations.RunPython.noop)]
