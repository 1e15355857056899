"""Create or refresh the PostgreSQL role the application runs as (least privilege).

Migrations and this command run as the database owner; the web servers, the
worker and the scheduler connect as the application role, which may read and
write the tenant tables but may only insert and read the audit trail.
Run it again after every ``migrate`` (new tables also pick up the default
privileges it sets).
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

APPEND_ONLY_TABLES = ["audit_auditevent", "audit_auditseal"]


class Command(BaseCommand):
    help = "Create or refresh the application's PostgreSQL role with least privilege."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="heard_app")
        parser.add_argument(
            "--password-env",
            help="Environment variable holding the role's password (set on creation and refresh).",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles apply to PostgreSQL only.")
        role = sql.Identifier(options["app_role"])
        password = os.environ.get(options["password_env"]) if options["password_env"] else None
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [options["app_role"]])
            if not cursor.fetchone():
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
            cursor.execute(
                sql.SQL("ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS").format(
                    role
                )
            )
            if password:
                cursor.execute(
                    sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(password))
                )
            cursor.execute("SELECT current_database(), current_schema()")
            database, schema = cursor.fetchone()
            statements = [
                "GRANT CONNECT ON DATABASE {database} TO {role}",
                "GRANT USAGE ON SCHEMA {schema} TO {role}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
                "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
                "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
                "GRANT USAGE, SELECT ON SEQUENCES TO {role}",
            ]
            names = {
                "database": sql.Identifier(database),
                "schema": sql.Identifier(schema),
                "role": role,
            }
            for statement in statements:
                cursor.execute(sql.SQL(statement).format(**names))
            for table in APPEND_ONLY_TABLES:
                cursor.execute(
                    sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(
                        sql.Identifier(table), role
                    )
                )
        self.stdout.write(
            f"Role {options['app_role']} can use {database}; the audit trail is insert-only for it."
        )
