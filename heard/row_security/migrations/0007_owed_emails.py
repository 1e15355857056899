"""Row-level security for the referrals app's owed and queued emails (ADR-0035)."""

from django.db import migrations

from heard.row_security import policies


class Migration(migrations.Migration):
    dependencies = [
        ("row_security", "0006_network_scope_plpgsql"),
        ("referrals", "0009_owed_emails"),
    ]

    operations = [migrations.RunPython(policies.forwards, migrations.RunPython.noop)]
