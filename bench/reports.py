"""Report benchmark: ``python bench/reports.py`` (figures go in docs/performance.md).

Seeds, with bulk inserts, ``BENCH_CASES`` cases (default 1,000,000) spread over
``BENCH_ORGANISATIONS`` organisations; the first organisation's first service gets
``BENCH_SERVICE_CASES`` (default 20,000) of them in the last year. Each case has its
status rows, a referral, one or two activities and an issue. Then it times, as medians:

* the quarterly contract report for that one service (every measure);
* the 12-month report for the largest organisation (all its services);
* the 12-month trends for that organisation;
* the time report page (``/cases/time/``) for that organisation, as its manager: this
  month, last quarter and the last 12 months, with the queries each page makes.

``BENCH_REUSE=1`` times again against a database seeded by an earlier run. After
seeding, the daily time summary is rebuilt (``heard rebuild-time-summary``) as a
deployment would after a bulk load.

Use PostgreSQL through ``DATABASE_URL`` with a database of your own; without it a
throwaway SQLite file is used.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import median_ms, setup_django

BATCH = 5000


def seed(total_cases: int, organisations: int, service_cases: int, today: dt.date) -> dict:
    from django.utils import timezone

    from heard.accounts.models import User
    from heard.casework.models import Activity, Case, CaseStatus, Issue
    from heard.organisations.models import Membership, Organisation, Role, Service
    from heard.people.models import Person
    from heard.referrals.models import Referral

    rng = random.Random(11)
    user = User.objects.create_user(email="bench-reports@example.org", password="x" * 20)
    orgs = []
    for index in range(organisations):
        org = Organisation.objects.create(name=f"Bench {index}", slug=f"bench-reports-{index}")
        services = [
            Service.objects.create(
                organisation=org,
                name=f"Service {index}-{n}",
                advocacy_types=["care_act", "imca"],
                local_authority_areas=["E08000035"],
            )
            for n in range(4)
        ]
        Membership.objects.create(
            user=user, organisation=org, role=Role.MANAGER
        ) if index == 0 else None
        orgs.append((org, services))
    target_org, target_services = orgs[0]
    # The largest organisation: the target service's cases plus a share of the rest.
    plan = [(target_org, target_services[0], service_cases)]
    rest = total_cases - service_cases
    per_org = rest // organisations
    for org, _services in orgs:
        plan.append((org, None, per_org))

    def aware(day, hour=10):
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    started = time.perf_counter()
    made = 0
    for org, service, count in plan:
        services = [service] if service else [s for s in dict(orgs)[org]]
        done = 0
        while done < count:
            size = min(BATCH, count - done)
            people = Person.objects.bulk_create(
                [
                    Person(
                        organisation=org,
                        reference=f"P{made + i}",
                        first_name="B",
                        last_name=f"P{made + i}",
                        ethnicity=rng.choice(
                            ["white_british", "asian_indian", "black_african", ""]
                        ),
                        date_of_birth=dt.date(1930 + rng.randrange(70), 1, 1),
                    )
                    for i in range(size)
                ]
            )
            days = [today - dt.timedelta(days=rng.randrange(730)) for _ in range(size)]
            referrals = Referral.objects.bulk_create(
                [
                    Referral(
                        organisation=org,
                        reference=f"R{made + i}",
                        idempotency_key=f"k{made + i}",
                        source=rng.choice(["public_professional", "phone", "email"]),
                        received_at=aware(days[i]),
                        first_name="B",
                        requested_types=["care_act"],
                        status="accepted",
                        local_authority="E08000035",
                    )
                    for i in range(size)
                ]
            )
            cases = Case.objects.bulk_create(
                [
                    Case(
                        organisation=org,
                        reference=f"C{made + i}",
                        person=people[i],
                        referral=referrals[i],
                        service=rng.choice(services),
                        advocacy_type="care_act",
                        priority=rng.choice(["standard", "standard", "urgent"]),
                        received_on=days[i],
                        status="active",
                        status_changed_at=aware(days[i] + dt.timedelta(days=12), 12),
                    )
                    for i in range(size)
                ]
            )
            statuses, activities, issues = [], [], []
            for i, case in enumerate(cases):
                day = days[i]
                statuses.append(
                    CaseStatus(
                        organisation=org, case=case, status="waiting", changed_at=aware(day, 9)
                    )
                )
                statuses.append(
                    CaseStatus(
                        organisation=org,
                        case=case,
                        status="allocated",
                        previous_status="waiting",
                        changed_at=aware(day + dt.timedelta(days=rng.randrange(1, 6)), 11),
                    )
                )
                statuses.append(
                    CaseStatus(
                        organisation=org,
                        case=case,
                        status="active",
                        previous_status="allocated",
                        changed_at=aware(day + dt.timedelta(days=rng.randrange(6, 12)), 12),
                    )
                )
                for n in range(rng.randrange(1, 3)):
                    activities.append(
                        Activity(
                            organisation=org,
                            case=case,
                            kind="visit",
                            with_person=True,
                            occurred_at=aware(day + dt.timedelta(days=6 + n * 5), 14),
                            minutes=rng.randrange(15, 120),
                            travel_minutes=rng.randrange(0, 60),
                            recorded_by=user,
                        )
                    )
                issues.append(
                    Issue(
                        organisation=org,
                        case=case,
                        in_their_words="x",
                        category="accommodation",
                        created_by=user,
                    )
                )
            CaseStatus.objects.bulk_create(statuses)
            Activity.objects.bulk_create(activities)
            Issue.objects.bulk_create(issues)
            done += size
            made += size
            print(f"  {made:,} cases", file=sys.stderr)
    return {
        "organisation": target_org,
        "services": target_services,
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    setup_django()
    from django.db import connection

    from heard.reporting import periods, trends
    from heard.reporting.report import build_report

    total = int(os.environ.get("BENCH_CASES", "1000000"))
    organisations = int(os.environ.get("BENCH_ORGANISATIONS", "10"))
    service_cases = int(os.environ.get("BENCH_SERVICE_CASES", "20000"))
    today = dt.date.today()
    if os.environ.get("BENCH_REUSE"):
        # Time again against data seeded by an earlier run in the same database.
        from heard.organisations.models import Organisation, Service

        org = Organisation.objects.get(slug="bench-reports-0")
        services = list(Service.objects.filter(organisation=org).order_by("name"))
        seeded = {"organisation": org, "services": services, "seconds": 0}
    else:
        seeded = seed(total, organisations, service_cases, today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    org, services = seeded["organisation"], seeded["services"]
    quarter = periods.previous_quarter(today)
    year = periods.date_range(today - dt.timedelta(days=364), today)
    print(f"database: {connection.vendor}; {total:,} cases; seeded in {seeded['seconds']:.0f} s")
    if os.environ.get("BENCH_ONLY_TIME_REPORT"):
        for label, (ms, _queries) in bench_time_report(org, today).items():
            print(f"time report, {label}: {ms:.0f} ms")
        return
    one = median_ms(
        lambda: build_report(org, [services[0]], quarter, all_services=False, suppressed=True), 7
    )
    print(f"quarterly report, one service ({service_cases:,} cases): {one:.0f} ms")
    twelve = median_ms(
        lambda: build_report(org, services, year, all_services=True, suppressed=False), 5
    )
    print(f"12-month report, largest organisation: {twelve:.0f} ms")
    trend = median_ms(
        lambda: trends.twelve_months(org, services, today, all_services=True, suppressed=False), 5
    )
    print(f"12-month trends, largest organisation: {trend:.0f} ms")
    for label, (ms, _queries) in bench_time_report(org, today).items():
        print(f"time report, {label}: {ms:.0f} ms")


def bench_time_report(org, today: dt.date) -> dict:
    """The time report page as the organisation's manager: median ms and query count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from heard.accounts.models import User
    from heard.reporting import periods
    from heard.signin.testing import MODEL_BACKEND, mark_client_verified

    client = Client(HTTP_HOST="localhost")
    manager = User.objects.get(email="bench-reports@example.org")
    client.force_login(manager, MODEL_BACKEND)
    mark_client_verified(client, manager)  # as if through the two-factor sign-in
    client.get("/")
    quarter = periods.previous_quarter(today)
    ranges = {
        "this month": (today.replace(day=1), today),
        "last quarter": (quarter.start, quarter.end),
        "12 months": (today - dt.timedelta(days=364), today),
    }
    results = {}
    for label, (start, end) in ranges.items():
        url = (
            f"/cases/time/?start-day={start.day}&start-month={start.month}"
            f"&start-year={start.year}&end-day={end.day}&end-month={end.month}"
            f"&end-year={end.year}&service="
        )
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200, response.status_code
        results[label] = (median_ms(lambda url=url: client.get(url), 7), len(queries))
    return results


if __name__ == "__main__":
    main()
