"""django-helpdesk 2.6.1 at the same volume as Heard, for the ratio in ``make bench``.

``BENCH_HELPDESK=1 make bench`` runs this after Heard's pages, in the same run and on the same
PostgreSQL server; ``python bench/helpdesk.py`` runs it alone and prints the figures.

What it does:

1. Makes a virtualenv of its own (``BENCH_HELPDESK_VENV``, default ``var/bench-helpdesk``)
   with the pinned ``bench/helpdesk-requirements.txt``: django-helpdesk never shares Heard's
   environment.
2. Creates, migrates and seeds ``BENCH_HELPDESK_DATABASE`` (default ``heard_bench_helpdesk``)
   unless it is already seeded: ``BENCH_CASES`` tickets (default 1,000,000) in 50 queues
   sized by the same Zipf curve as Heard's 50 organisations (``organisation_sizes``), 82%
   closed over four years, about five follow-ups each, and as many staff as Heard's largest
   organisation (one per 170 of its cases: a ticket page lists every assignable user, as a
   case page lists the organisation's staff). Written by ``INSERT … SELECT`` from ``generate_series`` in the database, then
   ``VACUUM (ANALYZE)``. Helpdesk's own indexes only: a plain installation.
3. Serves it with gunicorn, 2 workers, ``DEBUG`` off (``bench/helpdesk_site``), signs in
   through its login page as a superuser, and requests its ticket list page, the list's
   first 25 rows of data (the JSON its table loads, sorted as it sorts by default) and a
   ticket page of the largest queue, ``BENCH_REPEAT`` times after one warm-up.

django-helpdesk sends no ``Server-Timing``, so every figure here is client time over
loopback; compare it with Heard's client column from the same run.
"""

from __future__ import annotations

import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from national import (  # noqa: E402
    CASES,
    REPEAT,
    SERVER,
    Browser,
    percentile,
    serve,
    wait_until_serving,
)

DATABASE = os.environ.get("BENCH_HELPDESK_DATABASE", "heard_bench_helpdesk")
VENV = Path(os.environ.get("BENCH_HELPDESK_VENV", ROOT / "var" / "bench-helpdesk"))
REQUIREMENTS = HERE / "helpdesk-requirements.txt"
SITE = HERE / "helpdesk_site"  # its own path: nothing here may shadow the helpdesk package
PASSWORD = "helpdesk-benchmark-2026"
QUEUES = 50
TICKETS_PER_STAFF = 170


def database_url() -> str:
    return f"{SERVER}/{DATABASE}"


def ensure_venv() -> Path:
    python = VENV / "bin" / "python"
    stamp = VENV / ".requirements"
    wanted = REQUIREMENTS.read_text()
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if not stamp.exists() or stamp.read_text() != wanted:
        installed = subprocess.run(
            [str(VENV / "bin" / "pip"), "install", "-q", "-r", str(REQUIREMENTS)],
            capture_output=True,  # the registry mirror's warnings, shown only on failure
            text=True,
            check=False,
        )
        if installed.returncode:
            sys.exit(f"Installing django-helpdesk failed:\n{installed.stderr}")
        stamp.write_text(wanted)
    return python


def queue_sizes(total: int) -> list[int]:
    """The same Zipf split as Heard's organisations (one rule, imported, not copied)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings.test")
    import django

    django.setup()
    from heard.demo.national import organisation_sizes

    return organisation_sizes(total, QUEUES)


def site_env(var: Path) -> dict:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", ""),
        "PYTHONPATH": str(SITE),
        "DJANGO_SETTINGS_MODULE": "settings",
        "HELPDESK_DATABASE_URL": database_url(),
        "HELPDESK_SECRET_KEY": secrets.token_urlsafe(50),
        "HELPDESK_STATIC_ROOT": str(var / "static"),
        "HELPDESK_MEDIA_ROOT": str(var / "media"),
    }


def manage(python: Path, env: dict, *args: str) -> None:
    subprocess.run([str(python), "-m", "django", *args], cwd=SITE, env=env, check=True)


STAFF_SQL = """
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                       is_staff, is_active, date_joined)
SELECT '!', false, 'staff' || n, 'Staff', 'Member ' || n, 'staff' || n || '@example.org',
       true, true, now()
FROM generate_series(1, %(staff)s) AS n
"""

# What helpdesk's post-save signal makes for each new user, as its own defaults say.
SETTINGS_SQL = """
INSERT INTO helpdesk_usersettings (user_id, email_on_ticket_assign, email_on_ticket_change,
                                   login_view_ticketlist, tickets_per_page,
                                   use_email_as_submitter, ticket_respond_layout)
SELECT id, true, true, true, 25, true, 'tabs' FROM auth_user
WHERE NOT EXISTS (SELECT 1 FROM helpdesk_usersettings s WHERE s.user_id = auth_user.id)
"""

QUEUES_SQL = """
INSERT INTO helpdesk_queue (title, slug, allow_public_submission, allow_email_submission,
                            email_box_ssl, enable_notifications_on_email_events)
SELECT 'Queue ' || q, 'queue-' || q, false, false, false, false
FROM generate_series(1, %(queues)s) AS q
"""

TICKETS_SQL = """
INSERT INTO helpdesk_ticket (title, created, modified, submitter_email, status, on_hold,
                             description, priority, assigned_to_id, queue_id, secret_key)
SELECT 'Ticket ' || n || ' about a care assessment',
       now() - (random() * interval '1460 days'),
       now() - (random() * interval '30 days'),
       'person' || n || '@example.org',
       CASE WHEN random() < 0.82 THEN 4 ELSE 1 END,
       false,
       'The person asked for help with their assessment and a review of the decision.',
       1 + floor(random() * 5)::int,
       (SELECT min(id) FROM auth_user) + floor(random() * %(staff)s)::int,
       %(queue)s,
       gen_random_uuid()::text
FROM generate_series(1, %(size)s) AS n;
"""

FOLLOWUPS_SQL = """
INSERT INTO helpdesk_followup (date, title, comment, public, ticket_id, user_id)
SELECT t.created + (f * interval '3 days'), 'Follow-up', 'Spoke to the person and the ward.',
       false, t.id, t.assigned_to_id
FROM helpdesk_ticket t, generate_series(1, 1 + t.id % 9) AS f;
"""


def prepare(python: Path, env: dict) -> str:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            admin.execute(f'CREATE DATABASE "{DATABASE}"')
    manage(python, env, "migrate", "--no-input", "-v0")
    with psycopg.connect(database_url(), autocommit=True) as db:
        tickets = db.execute("SELECT count(*) FROM helpdesk_ticket").fetchone()[0]
        if tickets:
            largest = db.execute(
                "SELECT count(*) FROM helpdesk_ticket GROUP BY queue_id ORDER BY 1 DESC LIMIT 1"
            ).fetchone()[0]
            return f"reused: {tickets:,} tickets, the largest queue {largest:,}"
        started = time.perf_counter()
        sizes = queue_sizes(CASES)
        # As many staff as Heard's largest organisation has: a ticket page lists every
        # assignable user, as a case page lists the organisation's staff.
        staff = max(8, sizes[0] // TICKETS_PER_STAFF)
        with db.transaction():
            # Every id written was just made here: skip the deferred per-row foreign key checks
            # (millions of them at commit), as Heard's seed does.
            db.execute("SET LOCAL session_replication_role = replica")
            db.execute(STAFF_SQL, {"staff": staff})
            db.execute(SETTINGS_SQL)
            db.execute(QUEUES_SQL, {"queues": QUEUES})
            queues = [row[0] for row in db.execute("SELECT id FROM helpdesk_queue ORDER BY id")]
            for queue, size in zip(queues, sizes, strict=True):
                db.execute(TICKETS_SQL, {"staff": staff, "queue": queue, "size": size})
            db.execute(FOLLOWUPS_SQL)
        db.execute("VACUUM (ANALYZE)")
        followups = db.execute("SELECT count(*) FROM helpdesk_followup").fetchone()[0]
    script = (
        "from django.contrib.auth import get_user_model;"
        "U = get_user_model();"
        "U.objects.filter(username='bench').exists() or "
        f"U.objects.create_superuser('bench', 'bench@example.org', '{PASSWORD}')"
    )
    manage(python, env, "shell", "-c", script)
    return (
        f"seeded {CASES:,} tickets in {QUEUES} queues (largest {sizes[0]:,}), "
        f"{followups:,} follow-ups and {staff:,} staff in {time.perf_counter() - started:.0f}s."
    )


def sign_in(port: int) -> Browser:
    browser = Browser(port)
    browser.request("GET", "/login/")
    response = browser.request("POST", "/login/", {"username": "bench", "password": PASSWORD})
    assert response["status"] == 302, f"helpdesk sign-in: {response['status']}"
    return browser


def timed(browser: Browser, label: str, path: str) -> dict:
    first = browser.request("GET", path)
    assert first["status"] == 200, f"{label}: {first['status']} for {path}"
    samples = [browser.request("GET", path)["client_ms"] for _ in range(REPEAT)]
    row = {
        "label": label,
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "median": statistics.median(samples),
    }
    print(f"  {label:<45} {row['p50']:8.0f} {row['p95']:8.0f} ms (client)", flush=True)
    return row


def measure(port: int) -> list[dict]:
    browser = sign_in(port)
    with psycopg.connect(database_url()) as db:
        ticket = db.execute(
            "SELECT id FROM helpdesk_ticket WHERE queue_id = (SELECT min(id) FROM helpdesk_queue)"
            " ORDER BY id DESC LIMIT 1 OFFSET 500"
        ).fetchone()[0]
    listing = browser.request("GET", "/tickets/")
    data_url = re.search(r'"url":\s*"([^"]*datatables_ticket_list/[^"]*)"', listing["body"])
    assert data_url, "the ticket list names no data URL"
    return [
        timed(browser, "helpdesk: ticket list page", "/tickets/"),
        timed(
            browser,
            "helpdesk: ticket list, first 25 rows of data",
            f"{data_url[1]}?draw=1&start=0&length=25",
        ),
        timed(browser, "helpdesk: ticket page", f"/tickets/{ticket}/"),
    ]


def run() -> tuple[str, list[dict]]:
    """Seed (or reuse), serve and measure django-helpdesk: (seed output, rows)."""
    python = ensure_venv()
    var = Path(tempfile.mkdtemp(prefix="heard-bench-helpdesk-"))
    env = site_env(var)
    print(f"django-helpdesk: seeding or reusing {DATABASE} ({CASES:,} tickets)…", flush=True)
    seeded = prepare(python, env)
    print(seeded, flush=True)
    manage(python, env, "collectstatic", "--no-input", "-v0")
    server, port = serve(
        VENV / "bin" / "gunicorn", "wsgi", cwd=SITE, env=env, log=var / "gunicorn.log"
    )
    try:
        wait_until_serving(port, "/login/")
        return seeded, measure(port)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    run()
