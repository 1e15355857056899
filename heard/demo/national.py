"""``heard seed --scale national``: a network of 50 synthetic organisations at benchmark size.

Organisation sizes follow a Zipf-like curve (the largest holds about a fifth of the cases,
with about 1,200 staff at a million cases), so the benchmark sees the skew a national
provider brings. Each case has its referral, status history, about five activities, an
issue and, while open, a task or two; about 1% of open cases are restricted.

Speed is the point (a million cases in minutes): rows are written as PostgreSQL ``COPY``
text, built from pre-escaped pools with one ``random()`` draw per choice, ids are reserved
from the tables' sequences so nothing is read back, and foreign keys are not re-checked
row by row when the database user may switch that off (every id written here was just
made). The daily time summary is filled by one grouping query after the load.
Planner statistics and the network's signed figures are computed after the commit, outside
the transaction, on two connections. Without PostgreSQL (SQLite) the same rows are written
with ``bulk_create``. No row is a real person.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import random
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from heard.audit.services import audit_record
from heard.casework import models as casework
from heard.core import local_authorities
from heard.core.advocacy_types import Nation
from heard.network.seed import seed_network
from heard.organisations.models import Membership, Organisation, Role, Service
from heard.organisations.sequences import reserve
from heard.people.models import Person
from heard.referrals.models import Referral
from heard.reporting.models import DailyTime
from heard.reporting.seed import seed_time_summary
from heard.signin.services import give_benchmark_authenticator

from . import seeding

ORGANISATIONS = 50
ZIPF_EXPONENT = 0.95  # the largest of 50 organisations holds about 20% of the cases
CASES_PER_STAFF = 170  # about 1,200 staff for the largest organisation at a million cases
PEOPLE_PER_CASE = 0.8  # some people come back with a second case
SLUG = "national-{:02d}"
BATCH = 20_000  # cases per COPY round
PARALLEL = 2  # connections for ANALYZE and the network's figures (after the commit)
BIG_TABLES = ("casework_activity", "casework_casestatus", "people_person")
NULL = "\\N"  # COPY text's null
#: PostgreSQL settings for the seed's transaction (``SET LOCAL``: gone at its end). The
#: summary's grouping (half a million groups at 200,000 cases) spilled to disk in the
#: default 4 MB of work_mem, and its cost then crossed the threshold for compiling it with
#: JIT; the index builds' sorts stay in memory at a million cases (each of a B-tree build's
#: parallel participants gets a share of maintenance_work_mem).
SEED_SESSION_SETTINGS = {
    "work_mem": "256MB",
    "maintenance_work_mem": "1GB",
    "max_parallel_maintenance_workers": "2",
    "jit": "off",
}

BENCHMARK_PASSWORD = "heard-benchmark-2026"  # noqa: S105 - documented, refused in production
BENCHMARK_LOGINS = [
    ("manager1@national-01.example", "Service manager of the largest organisation"),
    ("advocate1@national-01.example", "Advocate in the largest organisation"),
    ("network@national-01.example", "Network coordinator of the 50 organisations"),
]
#: The contract report's target speaks of a service of this many cases (bench/national.py).
TARGET_SERVICE_CASES = 20_000


class BenchmarkLoginsRefused(Exception):
    """Sign-in-able benchmark staff were asked for where production settings are in force."""


def benchmark_logins_allowed() -> bool:
    """Only a development (DEBUG) or explicitly benchmark (HEARD_BENCHMARK_LOGINS=1) install."""
    return bool(settings.DEBUG or getattr(settings, "HEARD_BENCHMARK_LOGINS", False))


def services_per_organisation() -> int:
    """How many services the seed gives each organisation (the same in both nations)."""
    (count,) = {len(contracts) for contracts in seeding.SERVICE_CONTRACTS.values()}
    return count


def near_target_organisation(cases: int) -> int:
    """The (1-based) rank of the organisation whose services are nearest
    ``TARGET_SERVICE_CASES`` cases each, from the seed's own sizes (national-04 at a million)."""
    sizes = organisation_sizes(cases)
    per_service = [size / services_per_organisation() for size in sizes]
    return min(
        range(1, len(sizes) + 1),
        key=lambda rank: (abs(per_service[rank - 1] - TARGET_SERVICE_CASES), rank),
    )


def benchmark_logins_for(cases: int) -> list[tuple[str, str]]:
    """The logins ``--benchmark-logins`` gives: the largest organisation's three, and the
    manager of the organisation whose services are nearest 20,000 cases when that is another
    (the bench's report of "a service of about 20,000 cases" signs in as them)."""
    near = near_target_organisation(cases)
    if near == 1:
        return list(BENCHMARK_LOGINS)
    return [
        *BENCHMARK_LOGINS,
        (
            f"manager1@{SLUG.format(near)}.example",
            "Service manager of the organisation whose services are nearest 20,000 cases",
        ),
    ]


def organisation_sizes(total: int, count: int = ORGANISATIONS) -> list[int]:
    """``total`` cases split over ``count`` organisations by rank, largest first."""
    weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, count + 1)]
    scale = total / sum(weights)
    sizes = [int(w * scale) for w in weights]
    sizes[0] += total - sum(sizes)
    return sizes


@dataclass
class NationalReport:
    organisations: list[Organisation] = field(default_factory=list)
    skipped: bool = False
    rows: dict[str, int] = field(default_factory=dict)
    staff: int = 0
    seconds_writing: float = 0.0
    seconds_analyzing: float = 0.0
    seconds_network: float = 0.0
    seconds_indexing: float = 0.0
    seconds_summary: float = 0.0
    copy_seconds: dict[str, float] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)


# --- COPY text -------------------------------------------------------------------------------


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _db_text(field, value) -> str:
    """A model default as COPY text, as Django would store it."""
    if value is None:
        return "\\N"
    value = field.get_db_prep_save(value, connection)
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if hasattr(value, "dumps"):  # psycopg's Jsonb wrapper
        return _text(json.dumps(value.obj))
    if isinstance(value, dict | list):
        return _text(json.dumps(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return _text(str(value))


class CopyTable:
    """Rows for one table: the columns a row sets, then every other column's default once."""

    def __init__(self, model, columns: list[str], **fixed):
        self.model = model
        now = timezone.now()
        names, tail = list(columns), []
        for f in model._meta.concrete_fields:
            if f.primary_key or f.attname in columns:
                continue
            if f.attname in fixed:
                value = fixed[f.attname]
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default() if (f.has_default() or f.null) else ""
            names.append(f.attname)
            tail.append(_db_text(f, value))
        self.names = names
        column_of = {f.attname: f.column for f in model._meta.concrete_fields}
        quote = connection.ops.quote_name
        self.sql = "COPY {} ({}) FROM STDIN".format(
            quote(model._meta.db_table),
            ", ".join(quote(column_of[n]) for n in names),
        )
        self.suffix = ("\t" + "\t".join(tail) if tail else "") + "\n"
        self.lines: list[str] = []
        self.written = 0
        self.seconds = 0.0  # in COPY, mostly the database's share

    def flush(self, copier: _Copier) -> None:
        if self.lines:
            copier.put(self, "".join(self.lines))
            self.written += len(self.lines)
            self.lines = []


class _Copier:
    """Sends COPY rounds from a thread, so Python builds the next round while the database
    loads this one (psycopg serialises the connection's use between the two threads)."""

    def __init__(self, raw_connection):
        self.raw = raw_connection
        self.queue: queue.Queue = queue.Queue(maxsize=3)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def put(self, table: CopyTable, text: str) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((table, text))

    def _run(self) -> None:
        while True:
            item = self.queue.get()
            try:
                if item is None:
                    return
                table, text = item
                if self.error is None:
                    started = time.perf_counter()
                    with self.raw.cursor() as cursor, cursor.copy(table.sql) as copy:
                        copy.write(text)
                    table.seconds += time.perf_counter() - started
            except BaseException as error:  # handed to the main thread at the next put/drain
                self.error = error
            finally:
                self.queue.task_done()

    def drain(self) -> None:
        """Wait for every round sent so far (before the main thread uses the connection)."""
        self.queue.join()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()


_UNESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"t": "\t", "n": "\n", "\\": "\\"}


class _OrmWriter:
    """The same rounds saved with ``bulk_create`` (SQLite, or any database without COPY).

    Each COPY line is read back into the model's values, so both paths write exactly the
    same rows; slower, and meant for small seeds (tests, a laptop's SQLite)."""

    BATCH_SIZE = 500

    def __init__(self):
        self.plans: dict[CopyTable, list] = {}

    def _plan(self, table: CopyTable) -> list:
        if table not in self.plans:
            by_name = {f.attname: f for f in table.model._meta.concrete_fields}
            plan = []
            for name in table.names:
                f = by_name.get(name) or table.model._meta.pk
                if isinstance(f, models.JSONField):
                    convert = json.loads
                elif isinstance(f, models.DateTimeField):
                    convert = _aware
                else:
                    convert = f.to_python
                plan.append((name, convert))
            self.plans[table] = plan
        return self.plans[table]

    def put(self, table: CopyTable, text: str) -> None:
        plan = self._plan(table)
        objects = []
        for line in text.split("\n")[:-1]:
            values = {}
            for (name, convert), raw in zip(plan, line.split("\t"), strict=True):
                if raw == NULL:
                    values[name] = None
                else:
                    values[name] = convert(_UNESCAPE.sub(lambda m: _UNESCAPED.get(m[1], m[1]), raw))
            objects.append(table.model(**values))
        table.model.objects.bulk_create(objects, batch_size=self.BATCH_SIZE)

    def drain(self) -> None:
        pass

    def close(self) -> None:
        pass


def _aware(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class _Ids:
    """Primary keys handed out here, the tables locked against other writers meanwhile; the
    sequences are moved past them at the end."""

    def __init__(self, cursor, models):
        self.next = {}
        self.postgresql = connection.vendor == "postgresql"
        for model in models:
            table = connection.ops.quote_name(model._meta.db_table)
            if self.postgresql:
                cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [model._meta.db_table]
                )
            else:  # SQLite: one writer at a time, and AUTOINCREMENT follows explicit ids
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
            self.next[model] = cursor.fetchone()[0]

    def take(self, model, count: int) -> int:
        first = self.next[model]
        self.next[model] = first + count
        return first

    def finish(self, cursor) -> None:
        if not self.postgresql:
            return
        for model, value in self.next.items():
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                [model._meta.db_table, value],
            )


def _weighted_list(weights, size: int = 200) -> list:
    """Values repeated in proportion to their weights, so one random index picks one."""
    total = sum(w for _v, w in weights)
    out = []
    for value, weight in weights:
        out += [value] * max(1, round(weight * size / total))
    return out


# --- The seed --------------------------------------------------------------------------------


def seed_national(
    *,
    seed: int = 2026,
    cases: int = 1_000_000,
    benchmark_logins: bool = False,
    copy: bool | None = None,
    now: dt.datetime | None = None,
):
    """Seed the national network, or leave it be if it is already there.

    ``copy``: write with PostgreSQL's ``COPY`` (the default there) or, if false, with
    ``bulk_create`` (the only way on SQLite); both write the same rows. ``now``: the
    moment the history ends (the same ``seed`` and ``now``, the same rows).
    """
    if benchmark_logins and not benchmark_logins_allowed():
        raise BenchmarkLoginsRefused(
            "Benchmark logins have a published password: they are refused under production "
            "settings. Use development settings or set HEARD_BENCHMARK_LOGINS=1 on a "
            "benchmark-only installation."
        )
    if copy is None:
        copy = connection.vendor == "postgresql"
    elif copy and connection.vendor != "postgresql":
        raise NotImplementedError("COPY needs PostgreSQL.")
    report = NationalReport()
    if Organisation.objects.filter(slug=SLUG.format(1)).exists():
        report.skipped = True
    else:
        started = time.perf_counter()
        _write(
            report, seed=seed, cases=cases, benchmark_logins=benchmark_logins, copy=copy, now=now
        )
        report.seconds_writing = time.perf_counter() - started
        # Committed: other connections see the rows, unless an outer transaction (a test)
        # still holds them.
        workers = PARALLEL if parallel_allowed() else 1
        started = time.perf_counter()
        analyze(workers=workers)
        report.seconds_analyzing = time.perf_counter() - started
        # The network's signed quarterly figures are the members' own reports: computed once
        # the statistics are fresh, so each takes the plans a running site would.
        started = time.perf_counter()
        with transaction.atomic():
            seed_network(report.organisations, workers=workers)
        report.seconds_network = time.perf_counter() - started
    if benchmark_logins:
        report.logins = benchmark_logins_for(cases)
    return report


def parallel_allowed() -> bool:
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def analyze(*, workers: int = 1) -> None:
    """Fresh planner statistics and visibility maps for the tables just filled (after the
    commit, so a parallel seed or the running site is not held up behind it); a table per
    connection at once when ``workers`` > 1."""
    tables = [
        m._meta.db_table
        for m in (
            Person,
            Referral,
            casework.Case,
            casework.CaseStatus,
            casework.Activity,
            casework.Issue,
            casework.Task,
            DailyTime,
            Membership,
            get_user_model(),
        )
    ]
    quote = connection.ops.quote_name
    # Outside a transaction PostgreSQL also vacuums: a bulk load leaves the visibility map
    # empty, so until autovacuum gets round to the tables no index-only scan is costed as
    # one, and the report queries that a running site answers from a covering index (the
    # activities of a date range) read every row of the organisation instead.
    command = "VACUUM (ANALYZE) " if parallel_allowed() else "ANALYZE "

    def one(table):
        with connection.cursor() as cursor:
            cursor.execute(command + quote(table))

    if workers <= 1:
        for table in tables:
            one(table)
        return

    def on_own_connection(table):
        try:
            one(table)
        finally:
            connection.close()  # this thread's connection

    # Biggest first (activities, statuses), so the small ones fill in around them.
    order = sorted(tables, key=lambda t: t not in BIG_TABLES)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(on_own_connection, order))


def _write(report, *, seed, cases, benchmark_logins, copy, now=None) -> None:
    signers = {e for e, _d in benchmark_logins_for(cases)} if benchmark_logins else set()
    rng = random.Random(seed)
    pools = seeding.NamePools(seed)
    all_areas = [code for code, _ in local_authorities.choices()]
    english = [code for code in all_areas if code.startswith("E")]
    welsh = [code for code in all_areas if code.startswith("W")]
    with transaction.atomic(), connection.cursor() as cursor:
        indexes = []
        if copy:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                # Every id written is one this seed just made: skip the per-row foreign key
                # checks.
                cursor.execute("SET LOCAL session_replication_role = replica")
            # For this transaction only (``SEED_SESSION_SETTINGS``).
            for name, value in SEED_SESSION_SETTINGS.items():
                cursor.execute("SELECT set_config(%s, %s, true)", [name, str(value)])
            # Loading into bare tables and building each index once at the end is several
            # times faster than updating a dozen indexes (five of them GIN on people) row by
            # row. Dropped and rebuilt inside this transaction from their own definitions:
            # no one else sees them missing, and a failed seed keeps them.
            indexes = _drop_secondary_indexes(cursor, BULK_TABLES)
        ids = _Ids(cursor, [*BULK_TABLES, casework.Case.restricted_managers.through])
        copier = _Copier(cursor.cursor.connection) if copy else _OrmWriter()
        now = now or timezone.now()
        writer = _Writer(rng, pools, copier, ids, today=timezone.localdate(now), now=now)
        for index, size in enumerate(organisation_sizes(cases), start=1):
            wales = index % 7 == 0  # a few Welsh organisations, as in the real sector
            areas = rng.sample(welsh if wales else english, 2)
            organisation = Organisation.objects.create(
                name=f"National Advocacy {index:02d}",
                slug=SLUG.format(index),
                nation=Nation.WALES if wales else Nation.ENGLAND,
                settings={"demo_areas": areas},
            )
            report.organisations.append(organisation)
            copier.drain()
            seeding._seed_services(organisation, areas)
            staff = _staff(
                organisation,
                max(8, round(size / CASES_PER_STAFF)),
                rng=rng,
                pools=pools,
                signers=signers,
            )
            report.staff += len(staff)
            writer.organisation(organisation, size, staff, areas)
        for table in writer.tables.values():
            table.flush(copier)
        copier.drain()
        copier.close()
        ids.finish(cursor)
        # The seed bypasses the activity services that keep the daily time summary: one
        # grouping INSERT … SELECT over what was just written (before the index builds).
        started = time.perf_counter()
        seed_time_summary([o.pk for o in report.organisations])
        report.seconds_summary = time.perf_counter() - started
        report.rows = {name: table.written for name, table in writer.tables.items()}
        report.copy_seconds = {name: table.seconds for name, table in writer.tables.items()}
        started = time.perf_counter()
        for definition in indexes:
            cursor.execute(definition)
        report.seconds_indexing = time.perf_counter() - started
        audit_record(
            "seed.ran",
            system_actor="seed",
            details={"mode": "national", "seed": seed, "cases": cases, "staff": report.staff},
        )


BULK_TABLES = [
    Person,
    Referral,
    casework.Case,
    casework.CaseStatus,
    casework.Activity,
    casework.Issue,
    casework.Task,
    DailyTime,
]


def _drop_secondary_indexes(cursor, models) -> list[str]:
    """Drop the tables' indexes that back no constraint; return how to build them again.

    Inside the seed's transaction, so a failed seed puts them back as they were.
    """
    tables = [m._meta.db_table for m in models]
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
        "FROM pg_index i WHERE i.indrelid = ANY(%s::regclass[]) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
        [tables],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _name, definition in found]


def _staff(organisation, count, *, rng, pools, signers=frozenset()) -> list[Membership]:
    """An admin, a manager for every 25 staff, advocates; a network coordinator where one of
    ``signers`` (the benchmark logins' emails) is. Only ``signers`` can sign in."""
    User = get_user_model()
    unusable = make_password(None)
    roles = [Role.ADMIN] + [Role.MANAGER] * max(1, count // 25)
    roles += [Role.ADVOCATE] * (count - len(roles))
    logins = {email for email in signers if email.endswith(f"@{organisation.slug}.example")}
    if f"network@{organisation.slug}.example" in logins:
        roles.append(Role.NETWORK_COORDINATOR)
    numbers: dict[str, int] = {}
    users, members = [], []
    for role in roles:
        numbers[role] = numbers.get(role, 0) + 1
        local = "network" if role == Role.NETWORK_COORDINATOR else f"{role}{numbers[role]}"
        first = rng.choice(pools.first_female + pools.first_male)
        users.append(
            User(
                email=f"{local}@{organisation.slug}.example",
                full_name=f"{first} {rng.choice(pools.last)}",
                password=unusable,
            )
        )
    users = User.objects.bulk_create(users)
    for user, role in zip(users, roles, strict=True):
        members.append(
            Membership(
                user=user,
                organisation=organisation,
                role=role,
                caseload_capacity=rng.choice([20, 25, 30]) if role == Role.ADVOCATE else 0,
            )
        )
    members = Membership.objects.bulk_create(members)
    if logins:
        password = make_password(BENCHMARK_PASSWORD)  # one slow hash for the organisation's
        for user in users:
            if user.email in logins:
                user.password = password
                user.save(update_fields=["password"])
                give_benchmark_authenticator(user)
    return members


class _Writer:
    """Builds every organisation's rows as COPY text and sends them in rounds."""

    def __init__(self, rng, pools, copier, ids, *, today, now):
        self.rng, self.copier, self.ids = rng, copier, ids
        self.today = today
        cw = casework
        self.tables = {
            "people": CopyTable(
                Person,
                [
                    "id",
                    "organisation_id",
                    "reference",
                    "first_name",
                    "last_name",
                    "date_of_birth",
                    "address",
                    "postcode",
                    "phone",
                    "local_authority",
                    "sex",
                    "ethnicity",
                    "disability",
                    "needs_easy_read",
                ],
            ),
            "referrals": CopyTable(
                Referral,
                [
                    "id",
                    "organisation_id",
                    "reference",
                    "idempotency_key",
                    "source",
                    "status",
                    "received_at",
                    "first_name",
                    "last_name",
                    "date_of_birth",
                    "postcode",
                    "local_authority",
                    "requested_types",
                    "situation",
                    "is_urgent",
                    "person_id",
                ],
            ),
            "cases": CopyTable(
                cw.Case,
                [
                    "id",
                    "organisation_id",
                    "reference",
                    "person_id",
                    "referral_id",
                    "service_id",
                    "advocacy_type",
                    "priority",
                    "received_on",
                    "status",
                    "status_changed_at",
                    "allocated_to_id",
                    "is_restricted",
                    "first_contact_on",
                    "allocated_on",
                ],
            ),
            "statuses": CopyTable(
                cw.CaseStatus,
                [
                    "id",
                    "organisation_id",
                    "case_id",
                    "status",
                    "previous_status",
                    "reason",
                    "changed_at",
                    "advocate_id",
                    "changed_by_id",
                ],
            ),
            "activities": CopyTable(
                cw.Activity,
                [
                    "id",
                    "organisation_id",
                    "case_id",
                    "kind",
                    "occurred_at",
                    "minutes",
                    "travel_minutes",
                    "with_person",
                    "note",
                    "recorded_by_id",
                ],
            ),
            "issues": CopyTable(
                cw.Issue,
                [
                    "id",
                    "organisation_id",
                    "case_id",
                    "in_their_words",
                    "said_by",
                    "category",
                    "outcome",
                    "created_by_id",
                ],
            ),
            "tasks": CopyTable(
                cw.Task,
                ["id", "organisation_id", "case_id", "kind", "title", "due_on", "assigned_to_id"],
            ),
            "restricted": CopyTable(
                cw.Case.restricted_managers.through, ["id", "case_id", "membership_id"]
            ),
        }
        # Moments are whole minutes since ``origin`` (midnight UTC, four years ago).
        self.origin = today - dt.timedelta(days=4 * 365)
        span = (today - self.origin).days + 1
        self.days = [(self.origin + dt.timedelta(days=d)).isoformat() for d in range(span)]
        self.minutes = [f" {m // 60:02d}:{m % 60:02d}:00+00" for m in range(1440)]
        self.now = (today - self.origin).days * 1440 + now.hour * 60 + now.minute
        self.today_index = span - 1
        # The case milestones are local days (as ``TruncDate`` reads them): each hour's
        # offset from UTC, since clocks change on the hour, and one day past today.
        zone = timezone.get_default_timezone()
        midnight = dt.datetime.combine(self.origin, dt.time(), tzinfo=dt.UTC)
        self.hour_offsets = [
            int((midnight + dt.timedelta(hours=h)).astimezone(zone).utcoffset().total_seconds())
            // 60
            for h in range((span + 1) * 24)
        ]
        self.local_days = [*self.days, (self.origin + dt.timedelta(days=span)).isoformat()]
        esc = _text
        self.first = [esc(n) for n in pools.first_female + pools.first_male]
        self.last = [esc(n) for n in pools.last]
        self.streets = [esc(s) for s in pools.streets]
        self.towns = [esc(t) for t in pools.towns]
        self.postcodes = pools.postcodes
        self.ethnicity = _weighted_list(seeding.ETHNICITY_WEIGHTS)
        self.status_mix = _weighted_list(seeding.SCALE_CASE_MIX, 1000)
        self.kinds = _weighted_list(seeding.ACTIVITY_KIND_WEIGHTS)
        self.notes = [esc(n) for n in seeding.ACTIVITY_NOTES]
        self.issue_words = [(esc(w), c) for c, w in seeding.ISSUE_WORDS]
        self.outcomes = _weighted_list(seeding.ISSUE_OUTCOME_WEIGHTS)
        self.closures = _weighted_list(seeding.CLOSURE_REASON_WEIGHTS)
        self.tasks_titles = [esc(t) for t in seeding.MANUAL_TASKS]
        self.sources = ["public_professional"] * 5 + ["phone"] * 3 + ["email", "public_family"]
        self.situations = [
            "Needs support to have a say in a care review.",
            "Being discharged from hospital; wants to go home.",
            "Wants to complain about treatment on the ward.",
            "Detained under the Mental Health Act and wants to know their rights.",
            "",
        ]

    def ts(self, minute: int) -> str:
        return self.days[minute // 1440] + self.minutes[minute % 1440]

    def local_day(self, minute: int) -> str:
        """The organisation's local day of a moment, as the stored case milestones hold it."""
        return self.local_days[(minute + self.hour_offsets[minute // 60]) // 1440]

    def organisation(self, organisation, count, staff, areas) -> None:
        r = self.rng.random
        copier, take = self.copier, self.ids.take
        t = self.tables
        org = organisation.pk
        services = list(Service.objects.filter(organisation=organisation).order_by("pk"))
        service_types = [
            (s.pk, [json.dumps([a]) for a in s.advocacy_types], s.advocacy_types) for s in services
        ]
        advocates = [
            (m.pk, m.user_id)
            for m in staff
            if m.role == Role.ADVOCATE  # every advocate takes cases, evenly
        ]
        managers = [m.pk for m in staff if m.role == Role.MANAGER]
        n_people = max(1, int(count * PEOPLE_PER_CASE))

        # People.
        person_first = take(Person, n_people)
        first, last, streets, towns = self.first, self.last, self.streets, self.towns
        postcodes, eth = self.postcodes, self.ethnicity
        days, today_index = self.days, self.today_index
        sexes = ("female", "male")
        disabilities = ("yes_a_lot", "yes_a_lot", "yes_a_little", "no", "")
        numbers = reserve(organisation, "person_sequence", n_people)
        people = t["people"]
        lines = people.lines
        suffix = people.suffix
        names = []
        for offset, number in enumerate(numbers):
            fn, ln = first[int(r() * len(first))], last[int(r() * len(last))]
            dob = self.origin - dt.timedelta(days=int(r() * 80 * 365) + 365 * 12)
            postcode = postcodes[int(r() * len(postcodes))]
            la = areas[int(r() * 2)]
            names.append((fn, ln, dob, postcode, la))
            lines.append(
                f"{person_first + offset}\t{org}\tP{number:06d}\t{fn}\t{ln}\t{dob.isoformat()}\t"
                f"{int(r() * 220) + 1} {streets[int(r() * len(streets))]}\\n"
                f"{towns[int(r() * len(towns))]}\t{postcode}\t07700 900{int(r() * 1000):03d}\t"
                f"{la}\t{sexes[int(r() * 2)]}\t{eth[int(r() * len(eth))]}\t"
                f"{disabilities[int(r() * 5)]}\t{'t' if r() < 0.12 else 'f'}{suffix}"
            )
            if len(lines) >= BATCH * 2:
                people.flush(copier)
                lines = people.lines

        # Cases, in rounds: ids and references reserved up front, children written with them.
        case_first = take(casework.Case, count)
        referral_first = take(Referral, count)
        case_numbers = reserve(organisation, "case_sequence", count)
        referral_numbers = reserve(organisation, "referral_sequence", count)
        prefix = organisation.reference_prefix
        mix, n_mix = self.status_mix, len(self.status_mix)
        age = seeding.CASE_AGE_DAYS
        n_adv = len(advocates)
        cases_t, refs_t = t["cases"], t["referrals"]
        stat_t, act_t, iss_t, task_t, res_t = (
            t["statuses"],
            t["activities"],
            t["issues"],
            t["tasks"],
            t["restricted"],
        )
        kinds, n_kinds, notes = self.kinds, len(self.kinds), self.notes
        words, outcomes, closures = self.issue_words, self.outcomes, self.closures
        ts, now, local_day = self.ts, self.now, self.local_day
        activity_minutes = seeding.ACTIVITY_MINUTES
        pending_statuses = []  # (case id, status, previous, reason, minute, advocate, user)
        pending_acts = []  # (case id, kind, minute, user, with_person)
        pending_issues = []
        pending_tasks = []
        pending_restricted = []
        for offset in range(count):
            case_id = case_first + offset
            referral_id = referral_first + offset
            status = mix[int(r() * n_mix)]
            low, high = age[status]
            if status == "closed":
                high = 4 * 365 - 10
            received_day = today_index - low - int(r() * (high - low + 1))
            received = received_day * 1440 + 540 + int(r() * 480)
            service, type_json, types = service_types[int(r() * len(service_types))]
            pick = int(r() * len(types))
            person_offset = int(r() * n_people)
            fn, ln, dob, postcode, la = names[person_offset]
            urgent = r() < 0.15
            refs_t.lines.append(
                f"{referral_id}\t{org}\t{prefix}-{days[received_day][:4]}-"
                f"{referral_numbers[offset]:06d}\tnational-{case_id}\t"
                f"{self.sources[int(r() * 10)]}\taccepted\t{ts(received - 60)}\t{fn}\t{ln}\t"
                f"{dob.isoformat()}\t{postcode}\t{la}\t{type_json[pick]}\t"
                f"{self.situations[int(r() * 5)]}\t{'t' if urgent else 'f'}\t"
                f"{person_first + person_offset}{refs_t.suffix}"
            )
            pending_statuses.append((case_id, "waiting", "", "referral_accepted", received, 0, 0))
            advocate = user = 0
            changed = received
            restricted = False
            # The case's milestones (heard.casework.milestones), known here, so the seed
            # writes them with the case instead of computing them from its records after.
            allocated_on = first_contact_on = NULL
            if status != "waiting" and not (status == "closed" and r() < 0.12):
                advocate, user = advocates[int(r() * n_adv)]
                allocated = min(received + int(r() * 10 * 1440), now - 1)
                pending_statuses.append(
                    (case_id, "allocated", "waiting", "allocated", allocated, advocate, user)
                )
                changed = allocated
                allocated_on = local_day(allocated)
                if status != "allocated":
                    contact = min(allocated + int(r() * 7 * 1440), now - 1)
                    pending_statuses.append(
                        (case_id, "active", "allocated", "first_contact", contact, advocate, user)
                    )
                    end = now - 1
                    if status == "closed":
                        end = min(contact + int(r() * 120 * 1440), now - 1)
                    elif status == "on_hold":
                        end = contact + int(r() * (now - contact))
                    changed = contact
                    # The first activity is a visit at ``contact`` with the person; the
                    # rest come later, so it is the first contact.
                    first_contact_on = local_day(contact)
                    for n in range(2 + int(r() * 8)):
                        moment = contact if n == 0 else contact + int(r() * (end - contact))
                        kind = "visit" if n == 0 else kinds[int(r() * n_kinds)]
                        pending_acts.append(
                            (case_id, kind, moment, user, n == 0 or r() < 0.85, r(), r())
                        )
                    text, category = words[int(r() * len(words))]
                    outcome = outcomes[int(r() * len(outcomes))] if status == "closed" else ""
                    pending_issues.append((case_id, text, category, outcome, user))
                    if status == "on_hold":
                        pending_statuses.append(
                            (case_id, "on_hold", "active", "on_hold", end, advocate, user)
                        )
                        changed = end
                    elif status == "closed":
                        reason = closures[int(r() * len(closures))]
                        pending_statuses.append(
                            (case_id, "closed", "active", reason, end, advocate, user)
                        )
                        changed = end
                if status != "closed":
                    for _n in range(1 + int(r() * 2)):
                        pending_tasks.append((case_id, advocate, int(r() * 49) - 21))
                    if managers and r() < 0.01:
                        restricted = True
                        pending_restricted.append((case_id, managers[int(r() * len(managers))]))
            elif status == "closed":
                changed = min(received + int(r() * 20 * 1440), now - 1)
                pending_statuses.append(
                    (case_id, "closed", "waiting", "no_longer_eligible", changed, 0, 0)
                )
            cases_t.lines.append(
                f"{case_id}\t{org}\tC{case_numbers[offset]:06d}\t{person_first + person_offset}\t"
                f"{referral_id}\t{service}\t{types[pick]}\t{'urgent' if urgent else 'standard'}\t"
                f"{days[received_day]}\t{status}\t{ts(changed)}\t{advocate or NULL}\t"
                f"{'t' if restricted else 'f'}\t{first_contact_on}\t{allocated_on}{cases_t.suffix}"
            )
            if len(cases_t.lines) >= BATCH or offset == count - 1:
                self._children(
                    org,
                    pending_statuses,
                    pending_acts,
                    pending_issues,
                    pending_tasks,
                    pending_restricted,
                    activity_minutes,
                    notes,
                )
                pending_statuses, pending_acts, pending_issues = [], [], []
                pending_tasks, pending_restricted = [], []
                # Parents before children, so the rows are consistent at every round.
                for table in (
                    t["people"],
                    refs_t,
                    cases_t,
                    stat_t,
                    act_t,
                    iss_t,
                    task_t,
                    res_t,
                ):
                    table.flush(copier)

    def _children(self, org, statuses, acts, issues, tasks, restricted, minutes, notes) -> None:
        take, ts, t = self.ids.take, self.ts, self.tables
        stat_t, act_t, iss_t, task_t, res_t = (
            t["statuses"],
            t["activities"],
            t["issues"],
            t["tasks"],
            t["restricted"],
        )
        first = take(casework.CaseStatus, len(statuses))
        suffix = stat_t.suffix
        stat_t.lines += [
            f"{first + i}\t{org}\t{case}\t{status}\t{previous}\t{reason}\t{ts(at)}\t"
            f"{advocate or NULL}\t{user or NULL}{suffix}"
            for i, (case, status, previous, reason, at, advocate, user) in enumerate(statuses)
        ]
        first = take(casework.Activity, len(acts))
        suffix = act_t.suffix
        n_min, n_notes = len(minutes), len(notes)
        act_t.lines += [
            f"{first + i}\t{org}\t{case}\t{kind}\t{ts(at)}\t"
            f"{0 if kind == 'travel' else minutes[int(a * n_min)]}\t"
            f"{int(b * 60) + 10 if kind in ('visit', 'travel') else 0}\t"
            f"{'t' if with_person else 'f'}\t{notes[int(b * n_notes)]}\t{user}{suffix}"
            for i, (case, kind, at, user, with_person, a, b) in enumerate(acts)
        ]
        if issues:
            first = take(casework.Issue, len(issues))
            suffix = iss_t.suffix
            iss_t.lines += [
                f"{first + i}\t{org}\t{case}\t{text}\tperson\t{category}\t{outcome}\t{user}{suffix}"
                for i, (case, text, category, outcome, user) in enumerate(issues)
            ]
        if tasks:
            first = take(casework.Task, len(tasks))
            suffix = task_t.suffix
            titles = self.tasks_titles
            today = self.today
            task_t.lines += [
                f"{first + i}\t{org}\t{case}\tmanual\t{titles[(case + i) % len(titles)]}\t"
                f"{(today + dt.timedelta(days=due)).isoformat()}\t{advocate}{suffix}"
                for i, (case, advocate, due) in enumerate(tasks)
            ]
        if restricted:
            first = take(casework.Case.restricted_managers.through, len(restricted))
            res_t.lines += [
                f"{first + i}\t{case}\t{manager}\n" for i, (case, manager) in enumerate(restricted)
            ]
