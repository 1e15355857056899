"""Row-level security policies generated from ``tables.TENANT_TABLES`` (PostgreSQL only)."""

from __future__ import annotations

from .tables import AUDIT, DIRECT, MEMBERSHIP, PARENT, TENANT_TABLES, TenantTable

POLICY = "heard_tenant"

FUNCTIONS = [
    # Inlined by the planner, so ``organisation_id = heard_current_organisation()`` uses
    # the organisation indexes. Unset or empty means NULL, which matches no row.
    """
    CREATE OR REPLACE FUNCTION heard_current_organisation() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT NULLIF(current_setting('heard.organisation_id', true), '')::bigint $$
    """,
    """
    CREATE OR REPLACE FUNCTION heard_current_user() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT NULLIF(current_setting('heard.user_id', true), '')::bigint $$
    """,
]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def conditions(entry: TenantTable) -> tuple[str, str]:
    """``(USING, WITH CHECK)`` for one table."""
    own = "organisation_id = heard_current_organisation()"
    if entry.kind == DIRECT:
        return own, own
    if entry.kind == MEMBERSHIP:
        return f"{own} OR user_id = heard_current_user()", own
    if entry.kind == AUDIT:
        both = f"{own} OR organisation_id IS NULL"
        return both, both
    if entry.kind == PARENT:
        # The parent's own policy applies inside EXISTS, so chains of parents hold too.
        # Names from TENANT_TABLES, quoted; no input from anyone reaches this.
        parent, table, column = quote(entry.parent), quote(entry.table), quote(entry.column)
        exists = "EXISTS (SELECT 1 FROM " + parent + " parent WHERE parent.id = "  # noqa: S608
        exists += table + "." + column + ")"
        return exists, exists
    raise ValueError(f"Unknown kind of tenant table: {entry.kind}")


def statements(entry: TenantTable) -> list[str]:
    using, check = conditions(entry)
    table = quote(entry.table)
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {table}",
        f"CREATE POLICY {POLICY} ON {table} FOR ALL USING ({using}) WITH CHECK ({check})",
    ]


def existing_tables(connection) -> set[str]:
    return set(connection.introspection.table_names())


def apply(schema_editor, tables: list[TenantTable] | None = None) -> int:
    """Create or refresh the policy of every listed table that exists. Idempotent."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return 0
    for function in FUNCTIONS:
        schema_editor.execute(function, params=None)
    present = existing_tables(connection)
    applied = 0
    for entry in tables if tables is not None else TENANT_TABLES:
        if entry.table not in present:
            continue  # created by a later migration; a later ApplyTenantPolicies covers it
        for statement in statements(entry):
            schema_editor.execute(statement, params=None)
        applied += 1
    return applied


def remove(schema_editor, tables: list[TenantTable] | None = None) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    present = existing_tables(connection)
    for entry in tables if tables is not None else TENANT_TABLES:
        if entry.table in present:
            table = quote(entry.table)
            schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}", params=None)
            schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY", params=None)


def forwards(apps, schema_editor):
    """Migration code: the policies of every listed table (nothing off PostgreSQL)."""
    apply(schema_editor)


def backwards(apps, schema_editor):
    remove(schema_editor)
