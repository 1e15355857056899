"""Connecting as the application's own role, so PostgreSQL row-level security really applies.

The rest of the suite runs as the database superuser, which row-level security never
restricts. These fixtures create the application role (``heard db-roles``) for the test
database and point a connection at it.
"""

from contextlib import contextmanager

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

ON_POSTGRES = connection.vendor == "postgresql"
needs_postgres = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="row-level security is PostgreSQL's; SQLite has none, so there is nothing to test",
)


def role_name(kind: str) -> str:
    return f"heard_{kind}_{connection.settings_dict['NAME']}"[:63]


def dsn_for(role: str) -> str:
    database = connection.settings_dict
    parts = {
        "host": database.get("HOST"),
        "port": database.get("PORT"),
        "dbname": database["NAME"],
        "user": role,
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def drop_role(role: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone():
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture
def app_role(transactional_db):
    """The application's non-superuser role for this test database (dropped afterwards)."""
    role = role_name("app")
    maintenance = role_name("maint")
    call_command("db-roles", app_role=role, maintenance_role=maintenance)
    try:
        yield role
    finally:
        connection.close()
        drop_role(role)
        drop_role(maintenance)


@pytest.fixture
def as_app(app_role):
    """``as_app()``: a raw psycopg connection as the application role (autocommit off)."""
    opened = []

    def connect(role=None):
        raw = psycopg.connect(dsn_for(role or app_role))
        opened.append(raw)
        return raw

    yield connect
    for raw in opened:
        raw.close()


@contextmanager
def django_connected_as(role: str):
    """Django's own connection signs in as ``role`` for the block (pages, ORM, everything)."""
    settings_dict = connection.settings_dict
    original = settings_dict.get("USER"), settings_dict.get("PASSWORD")
    connection.close()
    settings_dict["USER"], settings_dict["PASSWORD"] = role, ""
    try:
        yield
    finally:
        connection.close()
        settings_dict["USER"], settings_dict["PASSWORD"] = original
