"""``make bench``: Heard at national scale, served as in production, driven over loopback.

Seeds (or reuses) the PostgreSQL database ``BENCH_DATABASE`` (default ``heard_bench``) with
``heard seed --scale national --cases BENCH_CASES --benchmark-logins``, makes the
application role, serves it with gunicorn (production settings, 2 workers, connected as
that role so row-level security applies), signs in through the real password and
two-factor steps, then requests each page ``BENCH_REPEAT`` times in turn (server time from
``Server-Timing``, statements from ``X-Heard-Queries``: HEARD_BENCHMARK_HEADERS) and with
``BENCH_CLIENTS`` clients at once for ``BENCH_SECONDS``. Results and the machine go into
docs/performance.md between the generated markers. ``BENCH_HELPDESK=1`` also seeds and times
django-helpdesk at the same volume (bench/helpdesk.py), so the ratio comes from one run.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import http.client
import os
import platform
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SERVER = os.environ.get("BENCH_SERVER", "postgresql://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("BENCH_DATABASE", "heard_bench")
CASES = int(os.environ.get("BENCH_CASES", "1000000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
# Unmeasured requests of each page first, shared by gunicorn's two workers (``measure``).
WARM_REQUESTS = int(os.environ.get("BENCH_WARM", "24"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
REFERRALS = int(os.environ.get("BENCH_REFERRALS", "400"))  # final POSTs, over CLIENTS clients
EXPORTS = int(os.environ.get("BENCH_EXPORTS", "3"))  # of each export, request to file ready
WRITE = os.environ.get("BENCH_WRITE", "1") != "0"  # 0: print only (a dry run)
# 1: also seed and time django-helpdesk at the same volume (bench/helpdesk.py), for the ratio.
HELPDESK = os.environ.get("BENCH_HELPDESK", "0") == "1"
PASSWORD = "heard-benchmark-2026"
TOTP_SECRET = "HEARDBENCHMARKSECRETFORLOADTESTS"
# BENCH_MARKER names the generated block, so runs with other settings keep their own.
MARKER = os.environ.get("BENCH_MARKER", "national")
# BENCH_PAGES="search,case list": only the pages whose label contains one of these words,
# sequentially, and nothing else (no concurrent run, referrals, exports or docs): for
# profiling one page against a copy of the benchmark database.
ONLY = [word.strip() for word in os.environ.get("BENCH_PAGES", "").split(",") if word.strip()]
# BENCH_ONLY=referrals: only the public referral's final POST (step 5), printed, nothing
# written: for profiling it against a small database of one's own.
ONLY_STEP = os.environ.get("BENCH_ONLY", "")
LAST_PAGE = "case list, the last page"
START, END = f"<!-- bench:{MARKER}:start -->", f"<!-- bench:{MARKER}:end -->"


def url(database: str) -> str:
    return f"{SERVER}/{database}"


def run(*args, env) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(env) -> str:
    """Create, migrate and seed the database unless it is already seeded; the seed's output."""
    with psycopg.connect(url("postgres"), autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
    owner = {**env, "DATABASE_URL": url(DATABASE), "HEARD_BENCHMARK_LOGINS": "1"}
    run(str(BIN / "heard"), "migrate", "--no-input", "-v0", env=owner)
    run(str(BIN / "heard"), "createcachetable", env=owner)
    started = time.perf_counter()
    out = run(
        str(BIN / "heard"),
        "seed",
        "--scale",
        "national",
        "--cases",
        str(CASES),
        "--benchmark-logins",
        env=owner,
    )
    if "already exist" not in out:
        out += f"(wall clock {time.perf_counter() - started:.0f}s)\n"
    run(str(BIN / "heard"), "db-roles", "--app-role", "heard_bench_app", env=owner)
    return out


def totp(at: float) -> str:
    key = base64.b32decode(TOTP_SECRET)
    digest = hmac.new(key, int(at // 30).to_bytes(8, "big"), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(int.from_bytes(digest[offset : offset + 4], 'big') & 0x7FFFFFFF) % 1_000_000:06d}"


class Browser:
    """Cookies, and HTTPS as the TLS proxy in front of gunicorn would say."""

    def __init__(self, port: int, headers=None):
        self.port, self.origin, self.cookies = port, f"https://127.0.0.1:{port}", {}
        self.local = threading.local()
        self.headers = headers or {}

    def request(self, method, path, form=None):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "Referer": self.origin + path,
            "X-Forwarded-Proto": "https",
            **self.headers,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        timing = re.search(r"dur=([\d.]+)", response.headers.get("Server-Timing", ""))
        return {
            "status": response.status,
            "location": response.headers.get("Location", ""),
            "body": content.decode("utf-8", "replace"),
            "client_ms": elapsed,
            "server_ms": float(timing[1]) if timing else elapsed,
            "queries": int(response.headers.get("X-Heard-Queries", "-1")),
        }


def serve(gunicorn: Path, app: str, *, cwd: Path, env: dict, log: Path):
    """gunicorn as in production (2 sync workers) on a free loopback port: (process, port)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [str(gunicorn), app, "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    server = subprocess.Popen(
        [*command, "--timeout", "300"],
        cwd=cwd,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    return server, port


def wait_until_serving(port: int, path: str) -> None:
    """Up to a minute for the workers to answer ``path`` without a server error."""
    for _ in range(120):
        try:
            if Browser(port).request("GET", path)["status"] < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)


def sign_in(port: int, email: str) -> Browser:
    browser = Browser(port)
    browser.request("GET", "/accounts/login/")
    r = browser.request("POST", "/accounts/login/", {"username": email, "password": PASSWORD})
    assert r["status"] == 302, f"sign-in of {email}: {r['status']}"
    for _attempt in range(3):  # a code is good once: wait for the next one if it was just used
        r = browser.request("POST", "/sign-in/two-factor/", {"code": totp(time.time())})
        if r["status"] == 302:
            return browser
        time.sleep(31)
    raise SystemExit(f"two-factor sign-in of {email} failed")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


#: The contract report's target speaks of a service of this many cases.
TARGET_SERVICE_CASES = 20_000


def service_near_target(c, org: int) -> tuple[int, int, str]:
    """(service, its cases, who signs in) for the report of "a service of about 20,000 cases":
    the largest organisation's service nearest ``TARGET_SERVICE_CASES``; when none is within a
    quarter of it, the nearest in any organisation whose first manager has the benchmark
    password (``heard seed --benchmark-logins`` gives it to the largest organisation's and to
    the organisation's whose services are nearest 20,000 cases: national-04 at a million).
    """
    sizes = c.execute(
        "SELECT s.id, count(c.id), s.organisation_id, o.slug FROM organisations_service s"
        " JOIN organisations_organisation o ON o.id = s.organisation_id"
        " JOIN casework_case c ON c.service_id = s.id AND c.organisation_id = s.organisation_id"
        " GROUP BY s.id, o.slug ORDER BY abs(count(c.id) - %s), s.id",
        [TARGET_SERVICE_CASES],
    ).fetchall()
    signed = {
        email
        for (email,) in c.execute(
            "SELECT email FROM accounts_user WHERE email LIKE 'manager1@%%' AND password NOT LIKE '!%%'"
        ).fetchall()
    }
    own = [row for row in sizes if row[2] == org]
    if own and abs(own[0][1] - TARGET_SERVICE_CASES) <= TARGET_SERVICE_CASES / 4:
        service, n, _org, slug = own[0]
    else:
        service, n, _org, slug = next(
            (row for row in sizes if f"manager1@{row[3]}.example" in signed), own[0]
        )
    return service, n, f"manager1@{slug}.example"


def pages(db) -> list[tuple[str, str, str]]:
    """(label, who, path) for the largest organisation (and the report of a service of about
    20,000 cases, signed in as that service's organisation's manager: ``service_near_target``)."""
    with psycopg.connect(db) as c:
        org = c.execute(
            "SELECT id FROM organisations_organisation WHERE slug='national-01'"
        ).fetchone()[0]
        service = c.execute(
            "SELECT service_id FROM casework_case WHERE organisation_id=%s GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [org],
        ).fetchone()[0]
        size = c.execute(
            "SELECT count(*) FROM people_person WHERE organisation_id=%s", [org]
        ).fetchone()[0]
        case = c.execute(
            "SELECT id FROM casework_case WHERE organisation_id=%s AND NOT is_restricted ORDER BY id DESC LIMIT 1 OFFSET %s",
            [org, min(500, size // 2)],
        ).fetchone()[0]
        first, last = c.execute(
            "SELECT first_name, last_name FROM people_person WHERE organisation_id=%s ORDER BY id LIMIT 1 OFFSET %s",
            [org, min(777, size // 2)],  # a tiny dry run has fewer people
        ).fetchone()
        network = c.execute("SELECT id FROM network_network ORDER BY id LIMIT 1").fetchone()
        near, near_cases, near_who = service_near_target(c, org)
        print(f"Report of about 20,000 cases: service {near}, {near_cases:,} cases, {near_who}")
        # The case list pages by keyset cursor (ADR-0052): its last page, as "Next" reaches it,
        # starts after the 51st oldest open case (the manager's list is the open cases).
        oldest = c.execute(
            "SELECT received_on, id FROM casework_case WHERE organisation_id=%s AND status <> 'closed'"
            " ORDER BY received_on, id LIMIT 1 OFFSET 50",
            [org],
        ).fetchone()
    today = dt.date.today()
    month = today.replace(day=1)
    q_end = dt.date(today.year, ((today.month - 1) // 3) * 3 + 1, 1) - dt.timedelta(days=1)
    q_start = dt.date(q_end.year, q_end.month - 2, 1)
    year = today - dt.timedelta(days=365)

    def period(a, b, service_id=None):
        s = f"?start-day={a.day}&start-month={a.month}&start-year={a.year}&end-day={b.day}&end-month={b.month}&end-year={b.year}"
        return s + (f"&service={service_id}" if service_id else "")

    rows = [
        ("home (manager)", "manager", "/"),
        ("manager view", "manager", "/cases/manager/"),
        ("case list, first page", "manager", "/cases/"),
        (
            "case list, filtered by status and service",
            "manager",
            f"/cases/?status=active&service={service}",
        ),
        (
            LAST_PAGE,
            "manager",
            f"/cases/?{urlencode({'after': f'{oldest[0].isoformat()}.{oldest[1]}'})}"
            if oldest
            else "/cases/",
        ),
        ("case detail", "manager", f"/cases/{case}/"),
        ("my day (advocate)", "advocate", "/cases/my-day/"),
        ("advocate's own case list", "advocate", "/cases/"),
        ("search, surname", "manager", f"/search/?{urlencode({'q': last})}"),
        ("search, full name", "manager", f"/search/?{urlencode({'q': f'{first} {last}'})}"),
        ("time report, this month", "manager", "/cases/time/" + period(month, today)),
        (
            "time report, last quarter, one service",
            "manager",
            "/cases/time/" + period(q_start, q_end, service),
        ),
        ("time report, 12 months", "manager", "/cases/time/" + period(year, today)),
        ("waiting list", "manager", "/cases/waiting/"),
        (
            "report, one service, last quarter",
            "manager",
            f"/reports/services/{service}/?start={q_start}&end={q_end}",
        ),
        (
            "report, a service of about 20,000 cases, last quarter",
            "manager" if near_who == "manager1@national-01.example" else near_who,
            f"/reports/services/{near}/?start={q_start}&end={q_end}",
        ),
        (
            "report, all services, 12 months",
            "manager",
            f"/reports/all-services/?start={year}&end={today}",
        ),
    ]
    if network:
        rows.append(
            ("network aggregate (national picture)", "network", f"/network/{network[0]}/picture/")
        )
    return rows


def measure(browsers, rows):
    results = []
    for label, who, path in rows:
        browser = browsers[who]
        # Warm, as a running site is: caches read, and each worker's statements prepared with
        # their plans kept (five runs on a connection to be prepared, five more before
        # PostgreSQL keeps a generic plan). Reports plan each statement afresh: one will do.
        warm = 1 if "/reports/" in path else WARM_REQUESTS
        first = browser.request("GET", path)
        for _ in range(warm - 1):
            browser.request("GET", path)
        if label == LAST_PAGE and "after=" in path:
            # The real last page: it offers "Previous" and no "Next".
            assert 'rel="prev"' in first["body"] and 'rel="next"' not in first["body"], path
        samples = [browser.request("GET", path) for _ in range(REPEAT)]
        server = [s["server_ms"] for s in samples]
        results.append(
            {
                "label": label,
                "status": first["status"],
                "queries": first["queries"],
                "p50": percentile(server, 50),
                "p95": percentile(server, 95),
                "p99": percentile(server, 99),
                "client_p50": statistics.median(s["client_ms"] for s in samples),
            }
        )
        print(
            f"  {label:<45} {results[-1]['p50']:8.0f} {results[-1]['p95']:8.0f} ms  {first['queries']} q  [{first['status']}]",
            flush=True,
        )
    return results


def concurrent(browsers, rows):
    mix = [(who, path) for _l, who, path in rows if "time" not in path and "reports/" not in path]
    done, lock, stop = [], threading.Lock(), time.time() + SECONDS

    def client(n):
        i = n
        while time.time() < stop:
            who, path = mix[i % len(mix)]
            r = browsers[who].request("GET", path)
            with lock:
                done.append(r["client_ms"])
            i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started
    return {
        "requests": len(done),
        "per_second": len(done) / elapsed,
        "p50": percentile(done, 50),
        "p95": percentile(done, 95),
        "p99": percentile(done, 99),
    }


# --- CPU by process (Linux's /proc), for the referral POST's budget ---------------------------


def _cpu_seconds(pid: int | str) -> float:
    """User and system CPU of one process so far; 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_cpu(server: int, worker: int) -> dict[str, float] | None:
    """CPU seconds so far of gunicorn's workers (the server's children), the task worker,
    every PostgreSQL process on the machine and this benchmark's own threads; None without
    /proc."""
    if not Path("/proc/self/stat").exists():
        return None
    web = postgres = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = stat.split("(", 1)[1].rsplit(")", 1)
        if rest.split()[1] == str(server):
            web += _cpu_seconds(entry.name)
        elif name == "postgres":
            postgres += _cpu_seconds(entry.name)
    mine = os.times()
    return {
        "web workers": web,
        "task worker": _cpu_seconds(worker),
        "PostgreSQL": postgres,
        "benchmark clients": mine.user + mine.system,
    }


def wait_for_notifications(db: str, seconds: int = 600, *, owed: bool = False) -> None:
    """Until the task worker has sent every queued referral's emails (or ``seconds`` pass).

    ``owed``: also until no referral owes its emails (a batch may be sending, its task row
    RUNNING). Not before a run: a worker stopped mid-task leaves its row RUNNING and its
    referrals owed until the next referral queues a task."""
    with psycopg.connect(db, autocommit=True) as c:
        for _ in range(seconds * 4):
            waiting = c.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path LIKE %s AND status = 'READY'",
                ["%referral_notifications"],
            ).fetchone()[0]
            if owed and not waiting:
                waiting = c.execute("SELECT count(*) FROM referrals_owedemails").fetchone()[0]
            if not waiting:
                return
            time.sleep(0.25)


# --- The public referral's final POST -------------------------------------------------------

REFERRAL_STEPS = [
    ("/", {"who": "professional"}),
    (
        "/about-you/",
        {
            "referrer_name": "Sam Benchmark",
            "referrer_role": "Social worker",
            "referrer_organisation": "Benchmark adult social care",
            "referrer_email": "sam@example.org",
        },
    ),
    (
        "/about-the-person/",
        {
            "first_name": "Ann",
            "last_name": "Bench",
            "date_of_birth-day": "1",
            "date_of_birth-month": "2",
            "date_of_birth-year": "1950",
            "postcode": "LS1 4AP",
        },
    ),
    (
        "/situation/",
        {"topics": ["care"], "situation": "Needs assessment next week", "is_urgent": "no"},
    ),
    (
        "/questions/",
        {
            "process": "needs_assessment",
            "difficulty": ["understanding"],
            "appropriate_individual": "no",
        },
    ),
    ("/communication/", {"needs": ["easy_read"], "contact_preference": "phone"}),
    ("/agreement/", {"basis": "statutory_duty"}),
]


def referral_visitor(port: int, base: str, number: int):
    """A member of the public (their own address and session) at the check page: (browser,
    token)."""
    address = f"198.18.{number // 250}.{number % 250 + 1}"  # a benchmarking network range
    browser = Browser(port, {"X-Forwarded-For": address})
    browser.request("GET", base + "/")
    for step, form in REFERRAL_STEPS:
        r = browser.request("POST", base + step, form)
        assert r["status"] == 302, f"referral step {step}: HTTP {r['status']}"
    check = browser.request("GET", base + "/check-your-answers/")
    token = re.search(r'name="token" value="([0-9a-f]{32})"', check["body"])
    assert token, f"no check page: HTTP {check['status']}"
    return browser, token[1]


def forget_referrals(c, tokens: list[str]) -> None:
    """Delete the referrals a run sent (once counted and their emails sent), so the next
    run's reports read the seeded year and not every earlier run's visitors too. Their audit
    events stay: the trail is append-only."""
    c.execute(
        "DELETE FROM referrals_owedemails WHERE referral_id IN "
        "(SELECT id FROM referrals_referral WHERE idempotency_key = ANY(%s))",
        [tokens],
    )
    c.execute("DELETE FROM referrals_referral WHERE idempotency_key = ANY(%s)", [tokens])


def referrals(port: int, db: str, processes: tuple[int, int] | None = None) -> dict:
    """``CLIENTS`` clients send ``REFERRALS`` final POSTs at once to the largest organisation's
    public form (each visitor's earlier steps done first, untimed); every fifth visitor
    sends it twice, as a double click. Acknowledged (redirected to "sent") against stored.

    With ``processes`` (gunicorn's and the task worker's ids): the CPU each kind of process
    spent per POST, from the first POST until the task worker has sent the last emails."""
    base = "/refer/national-01"
    per_client = max(1, REFERRALS // CLIENTS)
    ready: list[list] = [[] for _ in range(CLIENTS)]

    def prepare(n):
        for i in range(per_client):
            ready[n].append(referral_visitor(port, base, n * per_client + i))

    threads = [threading.Thread(target=prepare, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    acknowledged, latencies, lock = [], [], threading.Lock()
    refused = []

    def send(n):
        for i, (browser, token) in enumerate(ready[n]):
            for _attempt in range(2 if i % 5 == 0 else 1):
                r = browser.request(
                    "POST", base + "/check-your-answers/", {"token": token, "website": ""}
                )
                with lock:
                    latencies.append(r["client_ms"])
                    if r["status"] == 302 and r["location"].endswith("/sent/"):
                        acknowledged.append(token)
                    else:
                        refused.append(r["status"])

    threads = [threading.Thread(target=send, args=(n,)) for n in range(CLIENTS)]
    if processes:
        wait_for_notifications(db)  # a backlog from earlier runs is not this run's work
    before = process_cpu(*processes) if processes else None
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cpu = {}
    if before is not None:
        wait_for_notifications(db, owed=True)
        after = process_cpu(*processes)
        cpu = {kind: (after[kind] - before[kind]) * 1000 / len(latencies) for kind in before}
    tokens = sorted({token for client in ready for _b, token in client})
    with psycopg.connect(db) as c:
        stored, distinct = c.execute(
            "SELECT count(*), count(DISTINCT idempotency_key) FROM referrals_referral "
            "WHERE idempotency_key = ANY(%s)",
            [tokens],
        ).fetchone()
        forget_referrals(c, tokens)  # leave the benchmark database as it was seeded
    return {
        "posts": len(latencies),
        "visitors": len(tokens),
        "acknowledged": len(acknowledged),
        "acknowledged_unique": len(set(acknowledged)),
        "stored": stored,
        "stored_unique": distinct,
        "refused": refused,
        "per_second": len(latencies) / elapsed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "lost": len(set(acknowledged)) - distinct,
        "cpu_ms_per_post": cpu,
    }


# --- Report exports: from the request to the file being ready --------------------------------


def exports(browser: Browser, db: str) -> list[dict]:
    """The contract report as XLSX and PDF (background tasks run by the worker): time from
    the POST that asks for it until its page offers the download."""
    with psycopg.connect(db) as c:
        org = c.execute(
            "SELECT id FROM organisations_organisation WHERE slug='national-01'"
        ).fetchone()[0]
        service = c.execute(
            "SELECT service_id FROM casework_case WHERE organisation_id=%s "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
            [org],
        ).fetchone()[0]
    today = dt.date.today()
    q_end = dt.date(today.year, ((today.month - 1) // 3) * 3 + 1, 1) - dt.timedelta(days=1)
    q_start = dt.date(q_end.year, q_end.month - 2, 1)
    year = today - dt.timedelta(days=365)
    kinds = [
        ("one service, last quarter", str(service), q_start, q_end),
        ("all services, 12 months", "all", year, today),
    ]
    results = []
    for label, which, start, end in kinds:
        for fmt in ("xlsx", "pdf"):
            seconds = []
            for _ in range(EXPORTS):
                page = f"/reports/services/{which}/" if which != "all" else "/reports/all-services/"
                browser.request("GET", page)  # the page the button is on (and its CSRF cookie)
                started = time.perf_counter()
                r = browser.request(
                    "POST",
                    "/reports/exports/new/",
                    {"format": fmt, "service": which, "start": start, "end": end},
                )
                assert r["status"] == 302 and "/exports/" in r["location"], r["status"]
                status_page = r["location"].replace(browser.origin, "")
                while True:
                    body = browser.request("GET", status_page)["body"]
                    if 'id="export-ready"' in body:
                        break
                    if "Something went wrong" in body or time.perf_counter() - started > 600:
                        raise SystemExit(f"export {label} {fmt} did not finish")
                    time.sleep(0.1)
                seconds.append(time.perf_counter() - started)
            results.append(
                {
                    "label": f"contract report {fmt.upper()}, {label}",
                    "median": statistics.median(seconds),
                    "max": max(seconds),
                    "runs": len(seconds),
                }
            )
            print(
                f"  {results[-1]['label']:<50} median {results[-1]['median']:.1f}s "
                f"max {results[-1]['max']:.1f}s",
                flush=True,
            )
    return results


def machine(db) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        // 1024
        // 1024
    )
    with psycopg.connect(db) as c:
        version = c.execute("SHOW server_version").fetchone()[0]
        settings = {
            n: c.execute(f"SHOW {n}").fetchone()[0]
            for n in (
                "shared_buffers",
                "work_mem",
                "jit",
                "random_page_cost",
                "effective_cache_size",
            )
        }
        size = c.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[
            0
        ]
        counts = {
            t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("casework_case", "casework_activity", "people_person", "referrals_referral")
        }
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "postgres": version,
        "settings": settings,
        "size": size,
        "counts": counts,
        "load": os.getloadavg(),
        "python": platform.python_version(),
    }


# The Heard page each django-helpdesk page is compared with (bench/helpdesk.py).
HELPDESK_COUNTERPARTS = {
    "helpdesk: ticket list page": "case list, first page",
    "helpdesk: ticket list, first 25 rows of data": "case list, first page",
    "helpdesk: ticket page": "case detail",
}


def helpdesk_lines(compared, results) -> list[str]:
    """django-helpdesk's pages beside Heard's, client time from the same run."""
    if compared is None:
        return []
    seeded, rows = compared
    heard = {r["label"]: r["client_p50"] for r in results}
    lines = [
        "",
        f"django-helpdesk 2.6.1 at the same volume (`BENCH_HELPDESK=1`; {seeded.strip().rstrip('.')}). "
        "Client time over loopback, since it sends no `Server-Timing`; the ratio is "
        "helpdesk's p50 over Heard's client p50 for the page beside it, from this run:",
        "",
        "| django-helpdesk page | p50 ms | p95 ms | Heard page | Heard client p50 ms | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        page = HELPDESK_COUNTERPARTS[row["label"]]
        ours = heard.get(page)
        mine = f"{ours:.0f} | {row['p50'] / ours:.1f}×" if ours else "– | –"
        lines.append(
            f"| {row['label'].removeprefix('helpdesk: ')} | {row['p50']:.0f} | {row['p95']:.0f} "
            f"| {page} | {mine} |"
        )
    return lines


def write_docs(seed_out, info, results, load, label, sent, made, compared=None) -> None:
    lines = [
        START,
        "",
        f"Generated by `make bench` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC ({label}).",
        "",
    ]
    lines += [
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory_gib']} GiB; load average at the start {info['load'][0]:.1f} (shared with other work)",
        f"- PostgreSQL {info['postgres']} on the same machine ({', '.join(f'{k}={v}' for k, v in info['settings'].items())}); database {info['size']}",
        f"- Data: {', '.join(f'{v:,} {k}' for k, v in info['counts'].items())}; the largest organisation (national-01)",
        f"- Served by gunicorn, production settings, 2 workers, as the application role (row-level security on); Python {info['python']}",
        f"- Seed: `{seed_out.strip().splitlines()[0]}`",
        "",
        f"Sequential ({REPEAT} requests a page after one warm-up; server time from `Server-Timing`):",
        "",
        "| page | p50 ms | p95 ms | p99 ms | client p50 ms | queries |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['client_p50']:.0f} | {r['queries']} |"
            + ("" if r["status"] == 200 else f" (HTTP {r['status']})")
        )
    lines += [
        "",
        f"Concurrent ({CLIENTS} clients for {SECONDS} s over the list, dashboard, detail and search pages): "
        f"{load['requests']} requests, {load['per_second']:.1f}/s; client latency p50 {load['p50']:.0f} ms, p95 {load['p95']:.0f} ms, p99 {load['p99']:.0f} ms.",
        "",
        f"Public referral, final POST ({CLIENTS} clients; each visitor's earlier steps done first, "
        f"every fifth POST sent twice as a double click): {sent['posts']} POSTs, "
        f"{sent['per_second']:.0f}/s, p50 {sent['p50']:.0f} ms, p95 {sent['p95']:.0f} ms; "
        f"{sent['acknowledged_unique']:,} referrals acknowledged, {sent['stored']:,} stored "
        f"({sent['stored_unique']:,} distinct), {sent['lost']} lost"
        + (f", {len(sent['refused'])} refused" if sent["refused"] else "")
        + "."
        + (
            " CPU per POST, until the task worker had sent the last emails: "
            + ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in sent["cpu_ms_per_post"].items())
            + f" (the machine has {info['cores']} cores)."
            if sent.get("cpu_ms_per_post")
            else ""
        ),
        "",
        f"Report exports, from the request to the file being ready (the worker polls every "
        f"second; {EXPORTS} of each):",
        "",
        "| export | median s | max s |",
        "|---|---|---|",
    ]
    lines += [f"| {m['label']} | {m['median']:.1f} | {m['max']:.1f} |" for m in made]
    lines += helpdesk_lines(compared, results)
    lines += ["", END]
    path = ROOT / "docs" / "performance.md"
    text = path.read_text()
    block = "\n".join(lines)
    text = (
        re.sub(re.escape(START) + ".*?" + re.escape(END), block, text, flags=re.S)
        if START in text
        else text + "\n" + block + "\n"
    )
    path.write_text(text)


def main() -> None:
    # PYTHONPATH passes through, so the heard commands run the code being measured too.
    env = {
        k: v
        for k, v in os.environ.items()
        # HEARD_DATABASE_READERS: compare reading one statement at a time with side by side.
        if k in ("PATH", "HOME", "LANG", "TMPDIR", "PYTHONPATH", "HEARD_DATABASE_READERS")
    }
    print(f"Seeding or reusing {DATABASE} ({CASES:,} cases)…", flush=True)
    seed_out = prepare(env)
    print(seed_out, flush=True)
    var = Path(tempfile.mkdtemp(prefix="heard-bench-"))
    app_url = url(DATABASE).replace("postgres@", "heard_bench_app@")
    prod = {
        **env,
        "HEARD_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "HEARD_VAR_DIR": str(var),
        "DATABASE_URL": app_url,
        "HEARD_BENCHMARK_LOGINS": "1",
        "HEARD_BENCHMARK_HEADERS": "1",
        "TRUSTED_PROXIES": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    run(str(BIN / "heard"), "collectstatic", "--no-input", "-v0", env=prod)
    server, port = serve(
        BIN / "gunicorn", "heard.wsgi", cwd=ROOT, env=prod, log=var / "gunicorn.log"
    )
    # The background worker that makes report exports, as in production (its own process).
    worker = subprocess.Popen(
        [str(BIN / "heard"), "db_worker", "--queue-name", "default"],
        cwd=ROOT,
        env=prod,
        stdout=(var / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(port, "/healthz/")
        if ONLY_STEP == "referrals":
            print(
                f"Public referral final POST, {CLIENTS} clients, {REFERRALS} visitors…", flush=True
            )
            sent = referrals(port, url(DATABASE), (server.pid, worker.pid))
            print(sent, flush=True)
            if sent["lost"] or sent["stored"] != sent["stored_unique"]:
                print("REFERRALS LOST OR DUPLICATED", flush=True)
            return
        browsers = {
            "manager": sign_in(port, "manager1@national-01.example"),
            "advocate": sign_in(port, "advocate1@national-01.example"),
            "network": sign_in(port, "network@national-01.example"),
        }
        rows = pages(url(DATABASE))
        for _label, who, _path in rows:  # another organisation's manager (service_near_target)
            if who not in browsers:
                browsers[who] = sign_in(port, who)
        if ONLY:
            rows = [row for row in rows if any(word in row[0] for word in ONLY)]
        info = machine(url(DATABASE))
        print("Sequential (server ms p50, p95; queries):", flush=True)
        results = measure(browsers, rows)
        if ONLY:
            if HELPDESK:  # the ratio for the pages asked for, printed, nothing written
                import helpdesk

                print("\n".join(helpdesk_lines(helpdesk.run(), results)), flush=True)
            return
        print(f"Concurrent, {CLIENTS} clients for {SECONDS}s…", flush=True)
        load = concurrent(browsers, rows)
        print(load, flush=True)
        print(f"Public referral final POST, {CLIENTS} clients, {REFERRALS} visitors…", flush=True)
        sent = referrals(port, url(DATABASE), (server.pid, worker.pid))
        print(sent, flush=True)
        print("Report exports (request to file ready):", flush=True)
        made = exports(browsers["manager"], url(DATABASE))
        compared = None
        if HELPDESK:
            import helpdesk  # bench/helpdesk.py: its own virtualenv and database

            compared = helpdesk.run()
        if sent["lost"] or sent["stored"] != sent["stored_unique"]:
            print("REFERRALS LOST OR DUPLICATED", flush=True)
        if WRITE:
            write_docs(
                seed_out,
                info,
                results,
                load,
                os.environ.get("BENCH_LABEL", "PostgreSQL settings as found"),
                sent,
                made,
                compared,
            )
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait()


if __name__ == "__main__":
    main()
