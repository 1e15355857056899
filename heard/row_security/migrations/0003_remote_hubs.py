"""Row-level security for the remote hubs an organisation sends its figures to (ADR-0035)."""

from django.db import migrations

from heard.row_security import policies


class Migration(migrations.Migration):
    dependencies = [
        ("row_security", "0002_new_areas"),
        ("network", "0003_remote_hubs"),
    ]

    operations = [migrations.RunPython(policies.forwards, migrations.RunPython.noop)]
