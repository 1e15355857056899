"""Keyset lists at scale: ``DATABASE_URL=postgres://… python bench/keyset_lists.py``.

Times the first and the last page of the people list, the waiting list and the
referrals list (the triage queue and every referral) for the **largest**
organisation of an already seeded database (``heard seed --scale national
--cases 100000``), as a manager through the test client: median and 95th
percentile of ``BENCH_REPEAT`` requests (default 21) and the queries each makes.
The last page is asked for by number (``page=``) when the code pages by offset
and by cursor (``after=``) when it pages by keyset, so the same script measures
before and after the change. ``HEARD_ROOT`` runs another checkout's code (the
"before" side). Figures go in docs/performance.md ("Keyset pages for every
long list").
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(os.environ.get("HEARD_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(ROOT))

from bench.lists import signed_in  # noqa: E402
from bench.run import setup_django  # noqa: E402


def last_page(keyset_name: str, module: str, queryset, per_page: int) -> str:
    """The address of the list's last page, by cursor when the code has a keyset order."""
    import importlib

    total = queryset.count()
    if not total:
        return ""
    keyset = getattr(importlib.import_module(module), keyset_name, None)
    if keyset is None:
        return urlencode({"page": max((total + per_page - 1) // per_page, 1)})
    rows = queryset.order_by(*keyset.order)
    position = max(total - per_page - 1, 0)
    return urlencode({"after": str(keyset.cursor(rows[position]))})


def main() -> None:
    setup_django()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    import heard
    from heard.casework.models import Case
    from heard.organisations.models import Membership, Organisation, Role
    from heard.people.models import Person
    from heard.referrals.models import Referral

    print(f"Code: {Path(heard.__file__).parent.parent}")
    repeat = int(os.environ.get("BENCH_REPEAT", "21"))
    largest = (
        Case.objects.values("organisation_id")
        .annotate(size=Count("id"))
        .order_by("-size", "organisation_id")
        .first()
    )
    organisation = Organisation.objects.get(pk=largest["organisation_id"])
    people = Person.objects.filter(organisation=organisation)
    waiting = Case.objects.filter(organisation=organisation, status="waiting")
    if os.environ.get("BENCH_WAITING_ALL"):
        waiting = Case.objects.filter(organisation=organisation)
    referrals = Referral.objects.filter(organisation=organisation)
    queue = referrals.filter(status__in=["new", "awaiting_information"])
    urls = {
        "people list, first page": "/people/",
        "people list, last page": "/people/?"
        + last_page("PEOPLE_ORDER", "heard.people.views", people, 25),
        "waiting list, first page": "/cases/waiting/",
        "waiting list, last page": "/cases/waiting/?"
        + last_page("WAITING_ORDER", "heard.casework.selectors.waiting", waiting, 50),
        "triage queue, first page": "/referrals/",
        "triage queue, last page": "/referrals/?"
        + last_page("QUEUE_ORDER", "heard.referrals.selectors.triage", queue, 25),
        "all referrals, first page": "/referrals/?status=all",
        "all referrals, last page": "/referrals/?status=all&"
        + last_page("NEWEST_ORDER", "heard.referrals.selectors.triage", referrals, 25),
    }
    manager = (
        Membership.objects.filter(organisation=organisation, role=Role.MANAGER, is_active=True)
        .select_related("user")
        .first()
        .user
    )
    print(
        f"Organisation {organisation.slug}: {people.count():,} people, {waiting.count():,} "
        f"waiting, {queue.count():,} referrals in the queue, {referrals.count():,} referrals"
    )
    print(f"{'page':<28} {'p50 ms':>8} {'p95 ms':>8} {'SQL p50':>8} {'queries':>8}")
    client = signed_in(manager)
    for label, url in urls.items():
        client.get(url)
        samples, sql = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            # The database's share: what the machine's load does to Python rendering
            # (several other sessions' test runs here) it does less to the SQL.
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        count = len(queries.captured_queries)
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        print(
            f"{label:<28} {statistics.median(samples):8.1f} {p95:8.1f} "
            f"{statistics.median(sql):8.1f} {count:8d}"
        )


if __name__ == "__main__":
    main()
