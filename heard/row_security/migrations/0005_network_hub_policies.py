"""Row-level security for the network hub's tables, keyed on the bound networks (ADR-0035).

Also creates the functions the hub's binding and its two unsigned paths need (the survey
link and the network token lookups), and lets a network's coordinators and forum authors'
memberships be read across the network.
"""

from django.db import migrations

from heard.row_security import policies


class Migration(migrations.Migration):
    dependencies = [
        ("row_security", "0004_merge_daily_time_import_keys_remote_hubs"),
        ("network", "0003_remote_hubs"),
        ("organisations", "0006_language"),
        ("system_change", "0001_initial"),
    ]

    operations = [migrations.RunPython(policies.forwards, migrations.RunPython.noop)]
