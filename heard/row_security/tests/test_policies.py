"""Row-level security: every tenant table is listed, guarded, and guards as the app's own role."""

import psycopg
import pytest
from django.apps import apps
from django.db import connection, models

from heard.audit.services import audit_record
from heard.organisations.models import Organisation, Role
from heard.row_security.tables import EXEMPT, NETWORK_TABLES, PARENT, TENANT_TABLES
from tests.factories import CaseFactory, MembershipFactory, PersonFactory

from .conftest import needs_postgres

LISTED = {entry.table: entry for entry in TENANT_TABLES}


def tenant_models() -> dict[str, str]:
    """Every table holding an organisation's rows: ``{table: why}``, found from the models.

    A table is tenant-owned when it has a foreign key to an organisation, or to a
    table that is itself tenant-owned (a child row, such as a many-to-many link).
    """
    every = apps.get_models(include_auto_created=True)
    found = {}
    changed = True
    while changed:
        changed = False
        for model in every:
            table = model._meta.db_table
            if table in found:
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.ForeignKey):
                    continue
                target = field.related_model._meta.db_table
                if field.related_model is Organisation or target in found:
                    found[table] = f"{field.name} -> {target}"
                    changed = True
                    break
    return found


def test_every_tenant_table_is_listed_or_exempted_with_a_reason():
    missing = {
        table: why
        for table, why in tenant_models().items()
        if table not in LISTED and table not in EXEMPT and table not in NETWORK_TABLES
    }
    assert not missing, (
        "These tables hold an organisation's rows but have no row-level security policy. "
        "Add them to heard/row_security/tables.py (TENANT_TABLES) and add a row_security "
        f"migration that runs policies.forwards: {missing}"
    )


def test_the_list_names_only_real_tables_with_the_columns_it_relies_on():
    by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    assert len(LISTED) == len(TENANT_TABLES), "a table is listed twice"
    assert not set(LISTED) & set(EXEMPT)
    for entry in TENANT_TABLES:
        model = by_table.get(entry.table)
        assert model is not None, f"{entry.table} is not a table of any model"
        columns = {f.column: f for f in model._meta.concrete_fields}
        if entry.kind == PARENT:
            field = columns.get(entry.column)
            assert field is not None, f"{entry.table} has no column {entry.column}"
            assert field.related_model._meta.db_table == entry.parent
            assert entry.parent in LISTED, f"{entry.parent} must itself be guarded"
        else:
            assert "organisation_id" in columns, f"{entry.table} has no organisation_id"


@needs_postgres
@pytest.mark.django_db
def test_every_listed_table_has_row_level_security_and_its_policy():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_policies p "
            "ON p.tablename = c.relname AND p.policyname = 'heard_tenant' "
            "WHERE c.relrowsecurity AND c.relnamespace = current_schema()::regnamespace"
        )
        guarded = {row[0] for row in cursor.fetchall()}
    assert set(LISTED) - guarded == set(), "run the row_security migrations"
    assert set(NETWORK_TABLES) - guarded == set(), "run the row_security migrations"


# --- As the application's own role -----------------------------------------------------------


@pytest.fixture
def two_organisations(organisation, other_organisation):
    ours = PersonFactory(organisation=organisation, last_name="Oursperson")
    theirs = PersonFactory(organisation=other_organisation, last_name="Theirsperson")
    our_case = CaseFactory(organisation=organisation, person=ours)
    their_case = CaseFactory(organisation=other_organisation, person=theirs)
    manager = MembershipFactory(organisation=other_organisation, role=Role.MANAGER)
    their_case.restricted_managers.add(manager)
    return {
        "ours": ours,
        "theirs": theirs,
        "our_case": our_case,
        "their_case": their_case,
        "their_manager": manager,
    }


def bound(raw, organisation_id=None, user_id=None):
    cursor = raw.cursor()
    cursor.execute(
        "SELECT set_config('heard.organisation_id', %s, true),"
        " set_config('heard.user_id', %s, true)",
        [str(organisation_id or ""), str(user_id or "")],
    )
    return cursor


@needs_postgres
def test_a_raw_query_sees_only_the_bound_organisations_rows(
    as_app, organisation, two_organisations
):
    raw = as_app()
    cursor = bound(raw, organisation.pk)
    assert cursor.execute("SELECT current_user").fetchone()[0] != "postgres"
    names = [row[0] for row in cursor.execute("SELECT last_name FROM people_person")]
    assert names == ["Oursperson"]
    # No WHERE clause, a join, and a lookup by the other organisation's id: nothing of theirs.
    theirs = two_organisations["theirs"]
    assert cursor.execute("SELECT * FROM people_person WHERE id = %s", [theirs.pk]).fetchall() == []
    joined = cursor.execute(
        "SELECT p.last_name FROM casework_case c JOIN people_person p ON p.id = c.person_id"
    ).fetchall()
    assert joined == [("Oursperson",)]
    # A child table with no organisation column, guarded through its parent case.
    assert cursor.execute("SELECT count(*) FROM casework_case_restricted_managers").fetchone() == (
        0,
    )
    raw.rollback()
    cursor = bound(raw, two_organisations["their_case"].organisation_id)
    assert cursor.execute("SELECT count(*) FROM casework_case_restricted_managers").fetchone() == (
        1,
    )


@needs_postgres
def test_with_no_organisation_bound_every_tenant_table_is_empty(as_app, two_organisations):
    audit_record("seed.ran", system_actor="seed")  # a platform event: no organisation
    raw = as_app()
    cursor = raw.cursor()
    for entry in TENANT_TABLES:
        count = cursor.execute(f'SELECT count(*) FROM "{entry.table}"').fetchone()[0]  # noqa: S608
        if entry.table == "audit_auditevent":
            assert count == 1, "only the platform's own events, which belong to no organisation"
        else:
            assert count == 0, f"{entry.table} showed {count} rows with no organisation bound"
    # Outside a transaction the setting does not hold: autocommit sees nothing either.
    raw.rollback()
    raw.autocommit = True
    raw.execute(
        "SELECT set_config('heard.organisation_id', %s, true)",
        [str(two_organisations["ours"].organisation_id)],
    )
    assert raw.execute("SELECT count(*) FROM people_person").fetchone()[0] == 0


@needs_postgres
def test_writing_into_another_organisation_is_refused(as_app, organisation, two_organisations):
    raw = as_app()
    cursor = bound(raw, organisation.pk)
    theirs = two_organisations["theirs"]
    # Updating or deleting their rows touches nothing: they are invisible.
    assert (
        cursor.execute(
            "UPDATE people_person SET last_name = 'Changed' WHERE id = %s", [theirs.pk]
        ).rowcount
        == 0
    )
    assert (
        cursor.execute(
            "DELETE FROM casework_case WHERE id = %s", [two_organisations["their_case"].pk]
        ).rowcount
        == 0
    )
    # Moving our row into their organisation, or inserting into it, is refused outright.
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        cursor.execute(
            "UPDATE people_person SET organisation_id = %s WHERE id = %s",
            [theirs.organisation_id, two_organisations["ours"].pk],
        )
    raw.rollback()
    cursor = bound(raw, organisation.pk)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        cursor.execute(
            "INSERT INTO casework_case_restricted_managers (case_id, membership_id)"
            " VALUES (%s, %s)",
            [two_organisations["their_case"].pk, two_organisations["their_manager"].pk],
        )


@needs_postgres
def test_a_person_sees_their_own_memberships_everywhere_but_nobody_elses(
    as_app, organisation, other_organisation
):
    member = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    MembershipFactory(organisation=other_organisation, user=member.user, role=Role.MANAGER)
    MembershipFactory(organisation=other_organisation, role=Role.ADMIN)  # someone else
    raw = as_app()
    cursor = bound(raw, user_id=member.user_id)
    rows = cursor.execute(
        "SELECT organisation_id, user_id FROM organisations_membership"
    ).fetchall()
    assert sorted(rows) == sorted(
        [(organisation.pk, member.user_id), (other_organisation.pk, member.user_id)]
    )


@needs_postgres
def test_audit_rows_are_held_to_their_organisation(as_app, organisation, other_organisation, user):
    audit_record("organisation.updated", organisation=organisation, actor=user)
    audit_record("organisation.updated", organisation=other_organisation, actor=user)
    raw = as_app()
    cursor = bound(raw, organisation.pk)
    rows = cursor.execute("SELECT organisation_id FROM audit_auditevent").fetchall()
    assert rows == [(organisation.pk,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        cursor.execute(
            "INSERT INTO audit_auditevent (organisation_id, occurred_at, actor_label, event_type,"
            " is_access, target_type, target_id, target_label, changes, details)"
            " VALUES (%s, now(), 'x', 'seed.ran', false, '', '', '', '{}', '{}')",
            [other_organisation.pk],
        )


@needs_postgres
def test_the_maintenance_role_works_across_organisations(as_app, two_organisations):
    from .conftest import role_name

    raw = as_app(role_name("maint"))
    cursor = raw.cursor()
    assert cursor.execute("SELECT count(*) FROM people_person").fetchone()[0] == 2
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        cursor.execute("DELETE FROM audit_auditevent")
