"""Row-level security policies generated from ``tables.TENANT_TABLES`` (PostgreSQL only)."""

from __future__ import annotations

from .tables import AUDIT, DIRECT, MEMBERSHIP, NETWORK_TABLES, PARENT, TENANT_TABLES, TenantTable

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


#: The networks an organisation and person may see (``NETWORK_FUNCTIONS``), in PL/pgSQL.
NETWORK_SCOPE = """
    CREATE OR REPLACE FUNCTION heard_network_scope(
        organisation bigint, person bigint, coordinated boolean
    ) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
    BEGIN
      RETURN (
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
      );
    END
    $$
    """


# The network hub's axis (ADR-0040). The bound networks are a comma-separated list of ids,
# computed when the organisation and person are bound (``heard_network_scope``) or set to
# the one network a survey link or a network token names. Unset means NULL: no row matches.
NETWORK_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION heard_current_networks() RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT string_to_array(NULLIF(current_setting('heard.network_ids', true), ''), ',')::bigint[] $$
    """,
    """
    CREATE OR REPLACE FUNCTION heard_coordinated_networks() RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT string_to_array(
         NULLIF(current_setting('heard.coordinated_network_ids', true), ''), ','
       )::bigint[] $$
    """,
    """
    CREATE OR REPLACE FUNCTION heard_current_survey_link() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT NULLIF(current_setting('heard.survey_link', true), '') $$
    """,
    """
    CREATE OR REPLACE FUNCTION heard_current_network_member() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE AS
    $$ SELECT NULLIF(current_setting('heard.network_member_id', true), '')::bigint $$
    """,
    # SECURITY DEFINER: run as the tables' owner, which row-level security does not restrict
    # (we do not FORCE it), so they read the network tables without recursing into their
    # policies. Each answers one narrow question and nothing else.
    #
    # The networks an organisation and person may see: those the organisation is an active
    # member of, and those the person coordinates through their membership of it. With
    # ``coordinated`` only the latter. Called by ``tenant_db.bind`` in its one statement, so
    # twice a request: PL/pgSQL keeps the query's plan for the connection's life, where a
    # SQL function (never inlined when SECURITY DEFINER) planned it again at every call
    # (docs/performance.md, "The manager's staff table in the database, and the binding's
    # network scope planned once").
    NETWORK_SCOPE,
    # The network of the survey a member's secret link belongs to, for exactly that token.
    """
    CREATE OR REPLACE FUNCTION heard_survey_link_network(link_token text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
      SELECT s.network_id
        FROM network_surveylink l
        JOIN network_survey s ON s.id = l.survey_id
       WHERE l.token = $1 AND $1 <> ''
    $$
    """,
    # The active member (and its network) whose network token hashes to ``hashed``.
    """
    CREATE OR REPLACE FUNCTION heard_network_token_member(hashed text)
    RETURNS TABLE (member_id bigint, network_id bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
      SELECT n.id, n.network_id
        FROM network_networkmember n
       WHERE n.token_hash = $1 AND $1 <> '' AND n.status = 'active'
       LIMIT 1
    $$
    """,
    # The hub's aggregation across members (the national picture's shared themes): the
    # summaries members chose to share with a network the transaction may see, and no
    # other column of their system issues, which stay behind each organisation's policy.
    """
    CREATE OR REPLACE FUNCTION heard_network_shared_issues(network bigint)
    RETURNS TABLE (organisation_id bigint, theme text, shared_summary jsonb)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
      SELECT i.organisation_id, i.theme::text, i.shared_summary::jsonb
        FROM system_change_systemissue i
       WHERE i.share_with_network
         AND $1 = ANY(heard_current_networks())
         AND EXISTS (SELECT 1 FROM network_networkmember n
                      WHERE n.network_id = $1 AND n.organisation_id = i.organisation_id
                        AND n.status = 'active')
       ORDER BY i.id
    $$
    """,
    # Whom to tell about something in a network the transaction may see: the users of active
    # memberships with one of ``roles`` at the network's active members (or, with
    # ``organisation``, at that one organisation with a place in it, such as an invitee).
    """
    CREATE OR REPLACE FUNCTION heard_network_recipients(
        network bigint, roles text[], organisation bigint
    ) RETURNS SETOF bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $$
      SELECT DISTINCT m.user_id
        FROM organisations_membership m
        JOIN network_networkmember n ON n.organisation_id = m.organisation_id
       WHERE $1 = ANY(heard_current_networks())
         AND n.network_id = $1
         AND m.is_active AND m.role = ANY($2)
         AND CASE WHEN $3 IS NULL THEN n.status = 'active' ELSE n.organisation_id = $3 END
    $$
    """,
]

# Only the application's roles call the functions that run as the owner (``heard db-roles``
# grants EXECUTE on every function to them), not every role that can connect.
DEFINER_FUNCTIONS = [
    "heard_network_scope(bigint, bigint, boolean)",
    "heard_survey_link_network(text)",
    "heard_network_token_member(text)",
    "heard_network_shared_issues(bigint)",
    "heard_network_recipients(bigint, text[], bigint)",
]

NETWORK_REQUIRES = {"network_networkmember", "network_surveylink", "system_change_systemissue"}


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


def _network(column: str) -> str:
    return f"{column} = ANY(heard_current_networks())"


def _coordinated(column: str) -> str:
    return f"{column} = ANY(heard_coordinated_networks())"


def _own_place(column: str) -> str:
    """The bound organisation has a place (of any status) in the row's network."""
    # Column names from this module's constants only; no input from anyone reaches this.
    return (
        "EXISTS (SELECT 1 FROM network_networkmember place WHERE place.network_id = "  # noqa: S608
        f"{column} AND place.organisation_id = heard_current_organisation())"
    )


def _parent(parent: str, column: str, extra: str = "") -> str:
    # Names from this module's constants only; no input from anyone reaches this.
    return f"EXISTS (SELECT 1 FROM {parent} parent WHERE parent.id = {column}{extra})"  # noqa: S608


_MEMBER_OF_SNAPSHOT = (
    "EXISTS (SELECT 1 FROM network_networkmember m WHERE m.id = network_aggregatesnapshot.member_id"
    " AND m.network_id = network_aggregatesnapshot.network_id"
    " AND (m.organisation_id = heard_current_organisation()"
    " OR m.network_id = ANY(heard_coordinated_networks())"
    " OR m.id = heard_current_network_member()))"
)

# ``{table: (USING, WITH CHECK)}`` for the network hub's tables (ADR-0035, ADR-0040).
# Rows are visible when their network is bound; writes that only a coordinator makes need the
# network among those the actor coordinates. Rows that belong to one member within the
# network (its survey link, its snapshot) also need that member: a coordinator of the network,
# the member's own organisation, or the secret that names it.
NETWORK_POLICIES: dict[str, tuple[str, str]] = {
    "network_network": (
        f"{_network('id')} OR {_own_place('network_network.id')}",
        _coordinated("id"),
    ),
    "network_networkcoordinator": (_network("network_id"), _coordinated("network_id")),
    "network_networkmember": (
        f"{_network('network_id')} OR organisation_id = heard_current_organisation()",
        f"{_coordinated('network_id')} OR organisation_id = heard_current_organisation()",
    ),
    "network_datasharingagreement": (
        f"{_network('network_id')} OR {_own_place('network_datasharingagreement.network_id')}",
        _coordinated("network_id"),
    ),
    "network_agreementacceptance": (
        _parent("network_networkmember", "network_agreementacceptance.member_id"),
        _parent(
            "network_networkmember",
            "network_agreementacceptance.member_id",
            " AND parent.organisation_id = heard_current_organisation()",
        ),
    ),
    "network_notification": (
        f"{_network('network_id')} OR user_id = heard_current_user()",
        f"{_network('network_id')} OR user_id = heard_current_user()",
    ),
    "network_codeofconductacceptance": (_network("network_id"), _network("network_id")),
    "network_forumtopic": (_network("network_id"), _network("network_id")),
    "network_forumthread": (
        _parent("network_forumtopic", "network_forumthread.topic_id"),
        _parent("network_forumtopic", "network_forumthread.topic_id"),
    ),
    "network_forumpost": (
        _parent("network_forumthread", "network_forumpost.thread_id"),
        _parent("network_forumthread", "network_forumpost.thread_id"),
    ),
    "network_forumreport": (
        _parent("network_forumpost", "network_forumreport.post_id"),
        _parent("network_forumpost", "network_forumreport.post_id"),
    ),
    "network_forumsuspension": (_network("network_id"), _network("network_id")),
    "network_survey": (_network("network_id"), _coordinated("network_id")),
    "network_surveyquestion": (
        _parent("network_survey", "network_surveyquestion.survey_id"),
        _parent(
            "network_survey",
            "network_surveyquestion.survey_id",
            " AND " + _coordinated("parent.network_id"),
        ),
    ),
    "network_surveylink": (
        _parent("network_survey", "network_surveylink.survey_id")
        + " AND (token = heard_current_survey_link() OR "
        + _parent(
            "network_networkmember",
            "network_surveylink.member_id",
            " AND (parent.organisation_id = heard_current_organisation() OR "
            + _coordinated("parent.network_id")
            + ")",
        )
        + ")",
        _parent(
            "network_survey",
            "network_surveylink.survey_id",
            " AND " + _coordinated("parent.network_id"),
        ),
    ),
    # Read as the network reads its survey's results; added only by whoever holds a link to
    # that survey (the anonymous answer page), and no one else.
    "network_surveyresponse": (
        _parent("network_survey", "network_surveyresponse.survey_id"),
        "EXISTS (SELECT 1 FROM network_surveylink link WHERE link.survey_id = "
        "network_surveyresponse.survey_id AND link.token = heard_current_survey_link())",
    ),
    # Figures are shared with the whole network (the national picture and benchmarks read
    # every member's); only the member itself, a coordinator or the member's token adds them.
    "network_aggregatesnapshot": (
        _network("network_id"),
        f"{_network('network_id')} AND {_MEMBER_OF_SNAPSHOT}",
    ),
    "network_resource": (_network("network_id"), _network("network_id")),
    "network_resourceversion": (
        _parent("network_resource", "network_resourceversion.resource_id"),
        _parent("network_resource", "network_resourceversion.resource_id"),
    ),
}

# Staff memberships other organisations in a network must read: a network's coordinators and
# the authors of its forum posts (their names are shown beside what they wrote). Read only.
MEMBERSHIP_IN_NETWORK = (
    " OR EXISTS (SELECT 1 FROM network_networkcoordinator c"
    " WHERE c.membership_id = organisations_membership.id)"
    " OR EXISTS (SELECT 1 FROM network_forumpost p"
    " WHERE p.author_id = organisations_membership.id)"
)


def _policy(table: str, using: str, check: str) -> list[str]:
    table = quote(table)
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {table}",
        f"CREATE POLICY {POLICY} ON {table} FOR ALL USING ({using}) WITH CHECK ({check})",
    ]


def statements(entry: TenantTable, present: set[str] | None = None) -> list[str]:
    using, check = conditions(entry)
    if entry.kind == MEMBERSHIP and present is not None and _network_ready(present):
        using = f"{using}{MEMBERSHIP_IN_NETWORK}"
    return _policy(entry.table, using, check)


def _network_ready(present: set[str]) -> bool:
    return set(NETWORK_TABLES) | NETWORK_REQUIRES <= present


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
    network = tables is None and _network_ready(present)
    if network:
        for function in NETWORK_FUNCTIONS:
            schema_editor.execute(function, params=None)
        for signature in DEFINER_FUNCTIONS:
            schema_editor.execute(
                f"REVOKE EXECUTE ON FUNCTION {signature} FROM PUBLIC", params=None
            )
    applied = 0
    for entry in tables if tables is not None else TENANT_TABLES:
        if entry.table not in present:
            continue  # created by a later migration; a later ApplyTenantPolicies covers it
        for statement in statements(entry, present if network else None):
            schema_editor.execute(statement, params=None)
        applied += 1
    if network:
        for table in NETWORK_TABLES:
            using, check = NETWORK_POLICIES[table]
            for statement in _policy(table, using, check):
                schema_editor.execute(statement, params=None)
            applied += 1
    return applied


def remove(schema_editor, tables: list[TenantTable] | None = None) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    present = existing_tables(connection)
    names = [entry.table for entry in (tables if tables is not None else TENANT_TABLES)]
    if tables is None:
        names += list(NETWORK_TABLES)
    for name in names:
        if name in present:
            table = quote(name)
            schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}", params=None)
            schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY", params=None)


def forwards(apps, schema_editor):
    """Migration code: the policies of every listed table (nothing off PostgreSQL)."""
    apply(schema_editor)


def backwards(apps, schema_editor):
    remove(schema_editor)
