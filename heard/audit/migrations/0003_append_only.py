"""On PostgreSQL, audit events and seals can be inserted and read, never changed or removed.

The triggers hold even for the table's owner; the application's own role is
also granted no UPDATE or DELETE on these tables (``heard db-roles``).
Retention of the audit trail itself, when it comes, runs as the migration role
with ``SET LOCAL heard.audit_maintenance = 'on'``.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION heard_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('heard.audit_maintenance', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    RAISE EXCEPTION 'The audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

TABLES = ["audit_auditevent", "audit_auditseal"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION heard_audit_append_only()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS heard_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_seals")]

    operations = [migrations.RunPython(forwards, backwards)]
