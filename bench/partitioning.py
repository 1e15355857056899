"""Does monthly partitioning of the activity and audit tables pay? (docs/scaling.md)

For each of the two tables, builds two copies of its shape in a scratch PostgreSQL
database, one plain and one partitioned by month on ``occurred_at``, with the same rows
and the same indexes as Heard's, then times the 12-month aggregate for the largest
organisation and for every organisation, a typical indexed lookup, and removing the
oldest month (``DELETE`` against ``DETACH`` and ``DROP`` of its partition). Usage::

    .venv/bin/python bench/partitioning.py [rows per table]

The scratch database (``heard_partition_bench`` on 127.0.0.1:5432) is dropped at the end.
"""

from __future__ import annotations

import statistics
import sys
import time

import psycopg

SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "heard_partition_bench"
MONTHS = 36  # of history, plus the current month
ORGANISATIONS = 50
# Zipf-like organisation sizes: organisation 1 holds about a sixth of the rows.
ORGANISATION = f"1 + floor({ORGANISATIONS} * power(random(), 2.2))::int"
WHEN = (
    f"date_trunc('month', now()) - interval '{MONTHS} months' + random() * "
    f"(interval '{MONTHS} months' + (now() - date_trunc('month', now())))"
)
SINCE = "occurred_at >= date_trunc('month', now()) - interval '11 months'"

TABLES = {
    "activity": {
        "columns": """id bigint NOT NULL, organisation_id bigint NOT NULL,
            case_id bigint NOT NULL, recorded_by_id bigint NOT NULL, kind varchar(20) NOT NULL,
            occurred_at timestamptz NOT NULL, minutes integer NOT NULL,
            travel_minutes integer NOT NULL, note text NOT NULL""",
        "values": f"""g, org, org * 1000000 + (g % 40000), org * 1000 + (g % 40),
            (ARRAY['visit','call','meeting','letter','report'])[1 + g % 5], {WHEN},
            15 + (g % 90), g % 45, repeat('x', 60)""",
        "indexes": [
            "(organisation_id, occurred_at)",
            "(organisation_id, case_id, occurred_at DESC)",
            "(organisation_id, recorded_by_id, occurred_at DESC)",
        ],
        "aggregate": f"""SELECT date_trunc('month', occurred_at), sum(minutes + travel_minutes),
            count(DISTINCT case_id) FROM {{name}} WHERE {{where}} {SINCE} GROUP BY 1 ORDER BY 1""",
        "lookup": """SELECT * FROM {name} WHERE organisation_id = {org}
            AND case_id = {org} * 1000000 + 7 ORDER BY occurred_at DESC LIMIT 25""",
        "lookup_label": "one case's latest 25 activities",
    },
    "audit": {
        "columns": """id bigint NOT NULL, organisation_id bigint, occurred_at timestamptz NOT NULL,
            actor_id bigint, event_type varchar(60) NOT NULL, is_access boolean NOT NULL,
            target_type varchar(100) NOT NULL, target_id varchar(64) NOT NULL,
            details jsonb NOT NULL""",
        "values": f"""g, org, {WHEN}, org * 1000 + (g % 40),
            (ARRAY['person.viewed','case.viewed','activity.recorded','document.downloaded'])[1 + g % 4],
            g % 4 <> 2, (ARRAY['person','case'])[1 + g % 2], (g % 60000)::text,
            '{{"case_id": 1, "title": "a visit"}}'::jsonb""",
        "indexes": [
            "(organisation_id, target_type, target_id, occurred_at DESC)",
            "(organisation_id, event_type, occurred_at DESC)",
            "(actor_id, occurred_at DESC)",
            "(occurred_at)",
        ],
        "aggregate": f"""SELECT date_trunc('month', occurred_at), count(*) FILTER (WHERE is_access),
            count(*) FROM {{name}} WHERE {{where}} {SINCE} GROUP BY 1 ORDER BY 1""",
        "lookup": """SELECT * FROM {name} WHERE organisation_id = {org} AND target_type = 'person'
            AND target_id = '1234' ORDER BY occurred_at DESC LIMIT 50""",
        "lookup_label": "one person's latest 50 audit events",
    },
}


def timed(cursor, sql: str, runs: int = 5) -> float:
    """Median milliseconds of ``runs`` executions after one warm-up."""
    cursor.execute(sql)
    cursor.fetchall()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        cursor.execute(sql)
        cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def build(cursor, table: str, spec: dict, rows: int, months: list) -> None:
    plain, monthly = f"{table}_plain", f"{table}_monthly"
    cursor.execute(f"CREATE TABLE {plain} ({spec['columns']})")
    cursor.execute(f"CREATE TABLE {monthly} ({spec['columns']}) PARTITION BY RANGE (occurred_at)")
    for start in months:
        at = start.isoformat()  # DDL takes no parameters; a timestamp made here
        cursor.execute(
            f"CREATE TABLE {table}_m{start:%Y%m} PARTITION OF {monthly} "
            f"FOR VALUES FROM ('{at}') TO ('{at}'::timestamptz + interval '1 month')"
        )
    cursor.execute(
        f"INSERT INTO {plain} SELECT {spec['values']} FROM "
        f"(SELECT g, {ORGANISATION} AS org FROM generate_series(1, {rows}) AS g) s"
    )
    cursor.execute(f"INSERT INTO {monthly} SELECT * FROM {plain}")
    for name in (plain, monthly):
        for columns in spec["indexes"]:
            cursor.execute(f"CREATE INDEX ON {name} {columns}")
        cursor.execute(f"VACUUM ANALYZE {name}")


def measure(cursor, table: str, spec: dict, oldest) -> dict:
    plain, monthly = f"{table}_plain", f"{table}_monthly"
    cursor.execute(
        f"SELECT organisation_id, count(*) FROM {plain} GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    largest, largest_rows = cursor.fetchone()
    cursor.execute(f"SELECT pg_size_pretty(pg_total_relation_size('{plain}'))")
    found = {"largest_rows": largest_rows, "size": cursor.fetchone()[0]}
    for name in (plain, monthly):
        found[(name, "largest")] = timed(
            cursor, spec["aggregate"].format(name=name, where=f"organisation_id = {largest} AND")
        )
        found[(name, "all")] = timed(cursor, spec["aggregate"].format(name=name, where=""))
        found[(name, "lookup")] = timed(cursor, spec["lookup"].format(name=name, org=largest))
    started = time.perf_counter()
    cursor.execute(
        f"DELETE FROM {plain} WHERE occurred_at < %s::timestamptz + interval '1 month'", [oldest]
    )
    found["deleted"] = cursor.rowcount
    found[(plain, "drop")] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    cursor.execute(f"ALTER TABLE {monthly} DETACH PARTITION {table}_m{oldest:%Y%m}")
    cursor.execute(f"DROP TABLE {table}_m{oldest:%Y%m}")
    found[(monthly, "drop")] = (time.perf_counter() - started) * 1000
    return found


def report(table: str, spec: dict, rows: int, found: dict) -> None:
    print(
        f"\n{table}: {rows:,} rows over {MONTHS + 1} months, {ORGANISATIONS} organisations; "
        f"the largest has {found['largest_rows']:,}; plain table with indexes {found['size']}"
    )
    print("\n| | plain | monthly partitions |")
    print("|---|---|---|")
    for key, label in (
        ("largest", "12-month aggregate, largest organisation"),
        ("all", "12-month aggregate, every organisation"),
        ("lookup", spec["lookup_label"]),
        ("drop", f"remove the oldest month ({found['deleted']:,} rows)"),
    ):
        plain, monthly = found[(f"{table}_plain", key)], found[(f"{table}_monthly", key)]
        print(f"| {label} (ms) | {plain:,.1f} | {monthly:,.1f} |")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 3_000_000
    url = SERVER.rsplit("/", 1)[0] + "/" + DATABASE
    with psycopg.connect(SERVER, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        with psycopg.connect(url, autocommit=True) as db, db.cursor() as cursor:
            cursor.execute(
                "SELECT m FROM generate_series(date_trunc('month', now()) - interval "
                f"'{MONTHS} months', date_trunc('month', now()), interval '1 month') AS m"
            )
            months = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT version(), current_setting('jit')")
            version, jit = cursor.fetchone()
            print(f"{version.split(' on ')[0]}, jit={jit}; medians of 5 runs after a warm-up")
            for table, spec in TABLES.items():
                build(cursor, table, spec, rows, months)
                report(table, spec, rows, measure(cursor, table, spec, months[0]))
    finally:
        with psycopg.connect(SERVER, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')


if __name__ == "__main__":
    main()
