"""On-demand benchmarks: ``make bench``. Figures go in docs/performance.md.

Each benchmark runs in a throwaway SQLite database under var/bench/ (or the
PostgreSQL database in ``DATABASE_URL``) so it never touches demo data. Speed is
reported as medians of repeated runs; nothing here is a pass/fail test.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        workdir = Path(tempfile.mkdtemp(prefix="heard-bench-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def median_ms(fn, repeat: int = 15) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def bench_seed(people: int, seed: int) -> dict:
    from heard.demo.seeding import seed_scale

    started = time.perf_counter()
    report = seed_scale(seed=seed, organisations=1, people=people)
    elapsed = time.perf_counter() - started
    return {"people": report.people, "seconds": elapsed, "organisation": report.organisations[0]}


def bench_people_pages(organisation) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from heard.organisations.models import Membership, Role
    from heard.people.models import Person

    membership = Membership.objects.filter(organisation=organisation, role=Role.ADVOCATE).first()
    client = Client(HTTP_HOST="localhost")
    client.force_login(membership.user)
    client.get("/")
    person = Person.objects.filter(organisation=organisation).order_by("-id").first()
    urls = {
        "people list, page 1": "/people/",
        "people list, last page": "/people/?page=last",
        "search by surname": f"/people/?q={person.last_name}",
        "search by date of birth": f"/people/?q={person.date_of_birth:%d/%m/%Y}",
        "person detail": f"/people/{person.pk}/",
    }
    results = {}
    for label, url in urls.items():
        connection.queries_log.clear()  # the seed filled the bounded log; start counting afresh
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        results[label] = (median_ms(lambda url=url: client.get(url)), len(queries.captured_queries))
    return results


def main() -> None:
    setup_django()
    from django.db import connection

    people = int(os.environ.get("BENCH_PEOPLE", "100000"))
    print(f"Database: {connection.vendor}")
    seeded = bench_seed(people, seed=int(time.time()) % 100000)
    rate = seeded["people"] / seeded["seconds"]
    print(
        f"heard seed: {seeded['people']:,} people in {seeded['seconds']:.1f}s ({rate:,.0f} people/s)"
    )
    print("Page timings (median of 15, milliseconds) and queries per page:")
    for label, (ms, queries) in bench_people_pages(seeded["organisation"]).items():
        print(f"  {label:<28} {ms:8.1f} ms  {queries} queries")


if __name__ == "__main__":
    main()
