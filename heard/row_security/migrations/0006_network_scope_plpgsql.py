"""The binding's network scope in PL/pgSQL, whose plan is kept for the connection's life.

``heard_network_scope`` runs twice in every request's binding statement. As a SQL function
it is never inlined (it is SECURITY DEFINER), so PostgreSQL planned its query again at each
call; PL/pgSQL prepares it once per connection. Same signature, same answer, same
privileges (``CREATE OR REPLACE`` keeps them). Reversing puts the SQL function back.
"""

from django.db import migrations

from heard.row_security import policies

SQL_FUNCTION = """
    CREATE OR REPLACE FUNCTION heard_network_scope(
        organisation bigint, person bigint, coordinated boolean
    ) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
      SELECT coalesce(string_agg(DISTINCT scope.id::text, ','), '') FROM (
        SELECT c.network_id AS id
          FROM network_networkcoordinator c
          JOIN organisations_membership m ON m.id = c.membership_id
         WHERE m.user_id = $2 AND m.organisation_id = $1 AND m.is_active
        UNION
        SELECT n.network_id
          FROM network_networkmember n
         WHERE NOT $3 AND n.organisation_id = $1 AND n.status = 'active'
      ) scope
    $$
"""


def _replace(definition: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(definition, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("row_security", "0005_network_hub_policies")]

    operations = [
        migrations.RunPython(_replace(policies.NETWORK_SCOPE), _replace(SQL_FUNCTION)),
    ]
