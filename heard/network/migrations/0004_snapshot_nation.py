import json

from django.db import migrations, models


def fill_nation(apps, schema_editor):
    """Copy each stored snapshot's nation out of its signed payload (as
    ``signing.member_nation`` does at import)."""
    AggregateSnapshot = apps.get_model("network", "AggregateSnapshot")
    changed = []
    for snapshot in AggregateSnapshot.objects.only("pk", "payload").iterator(chunk_size=200):
        try:
            member = json.loads(snapshot.payload)["payload"]["member"]
            nation = member.get("nation") if isinstance(member, dict) else None
        except (ValueError, KeyError, TypeError):
            nation = None
        if isinstance(nation, str) and nation:
            snapshot.nation = nation
            changed.append(snapshot)
    AggregateSnapshot.objects.bulk_update(changed, ["nation"], batch_size=200)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_remote_hubs"),
    ]

    operations = [
        migrations.AddField(
            model_name="aggregatesnapshot",
            name="nation",
            field=models.CharField(blank=True, default="", max_length=10),
        ),
        migrations.RunPython(fill_nation, migrations.RunPython.noop),
    ]
