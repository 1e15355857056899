"""Lists and search at scale: ``DATABASE_URL=postgres://… python bench/lists.py``.

Times the pages whose cost used to grow with the organisation's size — the
case list (first page, a deep page, filtered), "my day", an advocate's own
cases, search, the waiting list and the people list — for the **largest**
organisation in an already seeded database (``heard seed --organisations 2
--people 30000 --cases 50000``, or more). Requests go through the whole Django
stack with the test client, signed in as a manager and as the advocate with
the most cases. Reports the median and 95th percentile of ``BENCH_REPEAT``
requests (default 25) and the queries each page makes. Figures go in
docs/performance.md ("Lists and search at scale").

A deep page is asked for both ways (``page=`` for offset pages, ``after=`` for
keyset pages), so the same script measures the list before and after keyset
pagination.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import setup_django  # noqa: E402


def timings_ms(client, url: str, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def signed_in(user):
    from django.test import Client

    from heard.signin.testing import MODEL_BACKEND, mark_client_verified

    client = Client(HTTP_HOST="localhost")
    client.force_login(user, MODEL_BACKEND)
    mark_client_verified(client, user)
    client.get("/")  # the first request stores the current organisation in the session
    return client


def pages(organisation) -> tuple[dict, dict]:
    """The manager's and the advocate's pages, as label -> URL."""
    from django.db.models import Count, Q

    from heard.casework.models import Case
    from heard.organisations.models import Membership, Role, Service
    from heard.people.models import Person

    cases = Case.objects.filter(organisation=organisation)
    total = cases.count()
    service = Service.objects.filter(organisation=organisation).order_by("pk").first()
    # A deep page: the 50 cases before the last 50, in the list's order (newest referral first).
    deep_offset = max(total - 100, 0)
    row = cases.order_by("-received_on", "-id").values_list("received_on", "id")[deep_offset]
    last_page = (total + 49) // 50 - 1
    deep = urlencode({"status": "all", "page": last_page, "after": f"{row[0]:%Y-%m-%d}.{row[1]}"})
    person = (
        Person.objects.filter(organisation=organisation, cases__isnull=False).order_by("pk").first()
    )
    manager = {
        "case list, first page": "/cases/?status=all",
        "case list, deep page": f"/cases/?{deep}",
        "case list, status and service": f"/cases/?status=active&service={service.pk}",
        "search, surname": "/search/?" + urlencode({"q": person.last_name}),
        "search, full name": "/search/?"
        + urlencode({"q": f"{person.first_name} {person.last_name}"}),
        "waiting list": "/cases/waiting/",
        "people list": "/people/",
    }
    advocate = (
        Membership.objects.filter(organisation=organisation, role=Role.ADVOCATE, is_active=True)
        .annotate(held=Count("allocated_cases", filter=Q(allocated_cases__status="active")))
        .order_by("-held")
        .first()
    )
    advocate_pages = {
        "my day (advocate)": "/cases/my-day/",
        "advocate's own case list": f"/cases/?advocate={advocate.pk}",
    }
    manager_user = (
        Membership.objects.filter(organisation=organisation, role=Role.MANAGER, is_active=True)
        .select_related("user")
        .first()
        .user
    )
    return {manager_user: manager, advocate.user: advocate_pages}, {"cases": total}


def main() -> None:
    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from heard.organisations.models import Organisation

    repeat = int(os.environ.get("BENCH_REPEAT", "25"))
    from heard.casework.models import Case

    largest = (
        Case.objects.values("organisation_id")
        .annotate(size=Count("id"))
        .order_by("-size", "organisation_id")
        .first()
    )
    organisation = Organisation.objects.get(pk=largest["organisation_id"])
    by_user, sizes = pages(organisation)
    print(
        f"Database: {connection.vendor}; organisation {organisation.slug}: {sizes['cases']:,} cases"
    )
    print(f"{'page':<32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for user, urls in by_user.items():
        client = signed_in(user)
        for label, url in urls.items():
            client.get(url)  # warm the caches a real worker would have warm
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            count = len(queries.captured_queries)  # read now: the next request empties the log
            samples = sorted(timings_ms(client, url, repeat))
            p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
            print(f"{label:<32} {statistics.median(samples):8.1f} {p95:8.1f} {count:8d}")


if __name__ == "__main__":
    main()
