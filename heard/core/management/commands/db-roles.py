"""Create or refresh the PostgreSQL roles the application runs as (least privilege).

Migrations and this command run as the database owner; the web servers, the
worker and the scheduler connect as the application role, which may read and
write the tenant tables but may only insert and read the audit trail, and
which row-level security holds to one organisation per transaction
(``NOBYPASSRLS``). With ``--maintenance-role`` it also makes the one role that
bypasses row-level security (``BYPASSRLS``), for cross-organisation work only:
the worker of the ``maintenance`` queue (audit sealing), the seed, backups and
the network hub's aggregation. It too may only insert and read the audit trail.
Run it again after every ``migrate`` (new tables also pick up the default
privileges it sets).
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

APPEND_ONLY_TABLES = ["audit_auditevent", "audit_auditseal"]


class Command(BaseCommand):
    help = "Create or refresh the application's PostgreSQL roles with least privilege."

    def add_arguments(self, parser):
        parser.add_argument("--app-role", default="heard_app")
        parser.add_argument(
            "--password-env",
            help="Environment variable holding the role's password (set on creation and refresh).",
        )
        parser.add_argument(
            "--maintenance-role",
            help="Also create or refresh this role, which bypasses row-level security.",
        )
        parser.add_argument(
            "--maintenance-password-env",
            help="Environment variable holding the maintenance role's password.",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Database roles apply to PostgreSQL only.")
        if options["maintenance_role"] and options["maintenance_role"] == options["app_role"]:
            raise CommandError("The maintenance role must be a different role from the app role.")
        database = self.refresh(
            options["app_role"], options["password_env"], bypass_row_security=False
        )
        self.stdout.write(
            f"Role {options['app_role']} can use {database}; the audit trail is insert-only for "
            "it and row-level security holds it to one organisation at a time."
        )
        if options["maintenance_role"]:
            self.refresh(
                options["maintenance_role"],
                options["maintenance_password_env"],
                bypass_row_security=True,
            )
            self.stdout.write(
                f"Role {options['maintenance_role']} can use {database} across organisations "
                "(it bypasses row-level security); the audit trail is insert-only for it."
            )

    def refresh(self, name: str, password_env: str | None, *, bypass_row_security: bool) -> str:
        role = sql.Identifier(name)
        password = os.environ.get(password_env) if password_env else None
        bypass = "BYPASSRLS" if bypass_row_security else "NOBYPASSRLS"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
            if not cursor.fetchone():
                cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
            cursor.execute(
                sql.SQL("ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE " + bypass).format(role)
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
                "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {role}",
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
        return database
