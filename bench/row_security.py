"""What row-level security costs on PostgreSQL: ``DATABASE_URL=postgres://… python bench/row_security.py``.

Seeds two synthetic organisations (``BENCH_PEOPLE`` people and ``BENCH_CASES`` cases
each, every case with a restricted manager so the child table is as large as its
parent), creates the application role, then times the same reads three ways:
as the owner with the ORM's ``organisation_id = …`` filter (no policies apply to
the owner), as the application role bound to the organisation with the same
filter, and as the application role with no filter at all (the policy alone).
Medians of 31 server-side execution times from ``EXPLAIN (ANALYZE)``, after ``VACUUM ANALYZE``. Figures go in
docs/performance.md.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import setup_django  # noqa: E402

QUERIES = {
    "people list page (direct policy)": (
        "SELECT id, last_name FROM people_person {where} ORDER BY last_name, id LIMIT 50"
    ),
    "count people (direct policy)": "SELECT count(*) FROM people_person {where}",
    "restricted managers of one case (parent policy), as a case page reads them": (
        "SELECT membership_id FROM casework_case_restricted_managers"
        " WHERE case_id = (SELECT min(id) FROM casework_case {where})"
    ),
    "restricted managers of every case (parent policy, EXISTS on casework_case)": (
        "SELECT count(*) FROM casework_case_restricted_managers rm"
        " JOIN casework_case c ON c.id = rm.case_id {where_case}"
    ),
    "restricted managers, child table alone (parent policy)": (
        "SELECT count(*) FROM casework_case_restricted_managers rm"
        " WHERE rm.case_id IN (SELECT id FROM casework_case {where})"
    ),
}


def execution_ms(cursor, sql: str, repeat: int = 31) -> float:
    timings = []
    for _ in range(repeat):
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        timings.append(cursor.fetchone()[0][0]["Execution Time"])
    return statistics.median(timings)


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database made for this benchmark.")
    setup_django()
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    from heard.demo.seeding import seed_scale

    people = int(os.environ.get("BENCH_PEOPLE", "20000"))
    cases = int(os.environ.get("BENCH_CASES", "10000"))
    report = seed_scale(seed=35, organisations=2, people=people, cases=cases)
    organisation = report.organisations[0] if report.organisations else None
    if organisation is None:
        from heard.organisations.models import Organisation

        organisation = Organisation.objects.get(slug="synthetic-35-1")
    with connection.cursor() as cursor:
        # Every case gets a restricted manager, so the child table is as large as its parent.
        cursor.execute(
            "INSERT INTO casework_case_restricted_managers (case_id, membership_id)"
            " SELECT c.id, (SELECT min(m.id) FROM organisations_membership m"
            "  WHERE m.organisation_id = c.organisation_id)"
            " FROM casework_case c WHERE NOT EXISTS (SELECT 1 FROM"
            "  casework_case_restricted_managers r WHERE r.case_id = c.id)"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    role = "heard_app_bench"
    call_command("db-roles", app_role=role)
    settings = connection.settings_dict
    dsn = f"host={settings['HOST']} port={settings['PORT'] or 5432} dbname={settings['NAME']}"
    own = f"WHERE organisation_id = {organisation.pk}"
    own_case = f"WHERE c.organisation_id = {organisation.pk}"
    print(f"{people} people and {cases} cases in each of 2 organisations")
    print("| query | owner, ORM filter | app role, ORM filter | app role, policy only |")
    print("|---|---|---|---|")
    with (
        psycopg.connect(dsn + f" user={settings['USER']}") as owner,
        psycopg.connect(dsn + f" user={role}") as app,
    ):
        app.execute("SELECT set_config('heard.organisation_id', %s, false)", [str(organisation.pk)])
        for label, sql in QUERIES.items():
            filtered = sql.format(where=own, where_case=own_case)
            bare = sql.format(where="", where_case="")
            figures = [
                execution_ms(owner.cursor(), filtered),
                execution_ms(app.cursor(), filtered),
                execution_ms(app.cursor(), bare),
            ]
            print(f"| {label} | " + " | ".join(f"{ms:.2f} ms" for ms in figures) + " |")


if __name__ == "__main__":
    main()
