"""Contract report, measure by measure, on a database seeded by ``heard seed --scale national``.

``python bench/contract_report.py`` (figures go in docs/performance.md, "The contract report,
measure by measure"). Needs ``DATABASE_URL`` pointing at a PostgreSQL database already seeded
with ``heard seed --scale national --cases N``; it seeds nothing and writes nothing except
what ``--rebuild`` asks for.

For the largest organisation (``national-01``) it times, as medians of ``BENCH_REPEAT``
runs (default 7) after one warm-up:

* the quarterly contract report for that organisation's busiest service (last complete
  quarter), and the 12-month report for all its services, whole (``build_report``: median
  and 95th percentile);
* every measure of each on its own, so the slowest ones show.

``BENCH_ORGANISATION`` picks another organisation by slug. ``--rebuild`` first runs
``heard rebuild-case-milestones`` (as a deployment would after a bulk load).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import setup_django


def runs_ms(fn, repeat: int) -> list[float]:
    fn()  # warm-up
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return runs


def timed(fn, repeat: int) -> float:
    return statistics.median(runs_ms(fn, repeat))


def p95(runs: list[float]) -> float:
    """Nearest rank: with few runs, the slowest or nearly."""
    ordered = sorted(runs)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from heard.casework.models import Case
    from heard.core.planner import without_jit
    from heard.organisations.models import Organisation, Service
    from heard.reporting import measures, periods
    from heard.reporting.report import build_report, scope_for

    repeat = int(os.environ.get("BENCH_REPEAT", "7"))
    slug = os.environ.get("BENCH_ORGANISATION", "national-01")
    organisation = Organisation.objects.get(slug=slug)
    if "--rebuild" in sys.argv:
        started = time.perf_counter()
        call_command("rebuild-case-milestones", organisation=[slug])
        print(f"rebuilt case milestones in {time.perf_counter() - started:.1f} s")
    services = list(Service.objects.filter(organisation=organisation).order_by("pk"))
    busiest = (
        Service.objects.filter(organisation=organisation)
        .annotate(n=Count("cases"))
        .order_by("-n")
        .first()
    )
    today = dt.date.today()
    quarter = periods.previous_quarter(today)
    year = periods.date_range(today - dt.timedelta(days=364), today)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM casework_case")
        total = cursor.fetchone()[0]
    print(
        f"{connection.vendor}; {total:,} cases; {organisation.slug}: "
        f"{Case.objects.filter(organisation=organisation).count():,} cases; service {busiest.name}: {busiest.n:,} cases"
    )
    runs = [
        ("quarter, one service", [busiest], quarter, False),
        ("12 months, all services", services, year, True),
    ]
    for label, chosen, period, all_services in runs:
        whole = runs_ms(
            lambda chosen=chosen, period=period, all_services=all_services: build_report(
                organisation, chosen, period, all_services=all_services, suppressed=False
            ),
            repeat,
        )
        print(
            f"\n{label} ({period.start} to {period.end}): whole report "
            f"p50 {statistics.median(whole):.0f} ms, p95 {p95(whole):.0f} ms"
        )

        # A fresh scope each time: measures that share rows read them once per scope. JIT off,
        # as ``build_report`` has it.
        def one(m, chosen, period, all_services):
            with without_jit():
                m.compute(scope_for(organisation, chosen, period, all_services=all_services))

        figures = [
            (
                timed(
                    lambda m=m, chosen=chosen, period=period, all_services=all_services: one(
                        m, chosen, period, all_services
                    ),
                    repeat,
                ),
                key,
            )
            for key, m in measures.MEASURES.items()
        ]
        for ms, key in sorted(figures, reverse=True):
            print(f"  {key:<32} {ms:8.1f} ms")


if __name__ == "__main__":
    main()
