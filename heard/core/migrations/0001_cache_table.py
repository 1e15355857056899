"""The shared cache's table (rate-limit counters), made by ``migrate`` so nobody forgets it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Named, so it exists even while the cache is Redis (switching back needs nothing more).
    # Does nothing when the table already exists.
    call_command(
        "createcachetable", "heard_cache", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
