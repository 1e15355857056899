"""The main list pages read tenant tables through indexes, never a sequential scan (PostgreSQL).

Each page is requested for real; every SELECT it ran is then explained with
``enable_seqscan = off``. Tiny test tables would be scanned anyway, so the
setting takes the cheap way out away: a sequential scan that is still chosen
means no index can answer the query, which at scale is a scan of every
organisation's rows. The pages are the ones whose cost used to grow with the
organisation (docs/performance.md, "Lists and search at scale").
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import urlencode

from heard.casework.models import Activity, Case, Priority, Status, Task
from heard.casework.selectors.waiting import WAITING_ORDER
from heard.challenges import selectors as challenge_selectors
from heard.challenges.models import Challenge
from heard.organisations.models import Role
from heard.organisations.sequences import reserve
from heard.people.models import Person
from heard.people.views import PEOPLE_ORDER
from heard.referrals.models import Referral, ReferralStatus
from heard.referrals.selectors.triage import NEWEST_ORDER, QUEUE_ORDER
from heard.row_security.tables import TENANT_TABLES
from heard.safeguarding import selectors as safeguarding_selectors
from heard.safeguarding.flags import acknowledgement_days
from heard.safeguarding.models import SafeguardingConcern
from tests.factories import (
    ChallengeFactory,
    MembershipFactory,
    ReferralFactory,
    SafeguardingConcernFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are PostgreSQL's; SQLite has no EXPLAIN of the same kind",
)

TENANT = {table.table for table in TENANT_TABLES}
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
STATUSES = [Status.WAITING, Status.ALLOCATED, Status.ACTIVE, Status.ON_HOLD, Status.CLOSED]


@pytest.fixture
def world(organisation, other_organisation):
    """Two organisations' cases (so an organisation filter matters), one restricted."""
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    services = {}
    for org in (organisation, other_organisation):
        services[org.pk] = [ServiceFactory(organisation=org) for _ in range(2)]
        people = Person.objects.bulk_create(
            Person(
                organisation=org,
                reference=f"P{number:06d}",
                first_name=f"Aisha{number}",
                last_name="Khan" if number % 3 == 0 else f"Jones{number}",
            )
            for number in reserve(org, "person_sequence", 150)
        )
        today = timezone.localdate()
        Case.objects.bulk_create(
            Case(
                organisation=org,
                reference=f"C{number:06d}",
                person=person,
                service=services[org.pk][number % 2],
                advocacy_type="care_act",
                priority=Priority.URGENT if number % 7 == 0 else Priority.STANDARD,
                received_on=today - dt.timedelta(days=number % 90),
                status=STATUSES[number % 5],
                allocated_to=advocate if org == organisation and number % 5 in (1, 2, 3) else None,
                is_restricted=number == 10,
            )
            for person, number in zip(
                people, reserve(org, "case_sequence", len(people)), strict=True
            )
        )
    referral_statuses = [ReferralStatus.NEW, ReferralStatus.ACCEPTED, ReferralStatus.DECLINED]
    for number in range(60):
        ReferralFactory(organisation=organisation, status=referral_statuses[number % 3])
    for case in Case.objects.filter(organisation=organisation)[:8]:
        ChallengeFactory(organisation=organisation, case=case)
        SafeguardingConcernFactory(organisation=organisation, case=case)
    cases = list(Case.objects.filter(organisation=organisation, allocated_to=advocate)[:20])
    now = timezone.now()
    Activity.objects.bulk_create(  # for the time report: today (live) and earlier (summary)
        Activity(
            organisation=organisation,
            case=case,
            kind="visit",
            occurred_at=now - dt.timedelta(days=days_ago, minutes=1),
            minutes=30,
            recorded_by=advocate.user,
        )
        for case in cases
        for days_ago in (0, 3, 70)
    )
    Task.objects.bulk_create(
        Task(
            organisation=organisation,
            case=case,
            title="Visit",
            assigned_to=advocate,
            due_on=timezone.localdate(),
        )
        for case in cases
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "advocate": advocate,
        "manager": manager,
        "service": services[organisation.pk][0],
        "person": Person.objects.filter(organisation=organisation, last_name="Khan").first(),
    }


def deep_cursor(organisation) -> str:
    row = (
        Case.objects.filter(organisation=organisation)
        .order_by("-received_on", "-id")
        .values_list("received_on", "id")[120]
    )
    return f"{row[0]:%Y-%m-%d}.{row[1]}"


def time_period(days: int) -> str:
    """The time report's dates: the last ``days`` days, up to today."""
    end = timezone.localdate()
    start = end - dt.timedelta(days=days - 1)
    return urlencode(
        {
            **{f"start-{part}": getattr(start, part) for part in ("day", "month", "year")},
            **{f"end-{part}": getattr(end, part) for part in ("day", "month", "year")},
        }
    )


def cursor_at(keyset, queryset, position: int = 30) -> str:
    """A keyset cursor part way down a list, as a query string."""
    row = queryset.order_by(*keyset.order)[position]
    return urlencode({"after": str(keyset.cursor(row))})


def seq_scans_of_tenant_tables(client, url: str) -> dict[str, list[str]]:
    """Each tenant table a SELECT of the page would scan sequentially, with the query."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    found: dict[str, list[str]] = {}
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert selects, "the page ran no queries to explain"
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            for sql in selects:
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                for table in SEQ_SCAN.findall(plan):
                    if table in TENANT:
                        found.setdefault(table, []).append(sql[:300])
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on")
    return found


MANAGER_PAGES = {
    "case list, first page": lambda w, org: "/cases/?status=all",
    "case list, deep page": lambda w, org: f"/cases/?status=all&after={deep_cursor(org)}",
    "case list, back a page": lambda w, org: f"/cases/?status=all&before={deep_cursor(org)}",
    "case list, open cases": lambda w, org: "/cases/",
    "case list, status and service": (
        lambda w, org: f"/cases/?status=active&service={w['service'].pk}"
    ),
    "case list, open in a service": lambda w, org: f"/cases/?service={w['service'].pk}",
    "case list, unallocated": lambda w, org: "/cases/?advocate=none",
    "search, surname": lambda w, org: "/search/?q=Khan",
    "search, full name": lambda w, org: f"/search/?q={w['person'].first_name}+Khan",
    "waiting list": lambda w, org: "/cases/waiting/",
    "waiting list, next page": lambda w, org: (
        "/cases/waiting/?"
        + cursor_at(WAITING_ORDER, Case.objects.filter(organisation=org, status=Status.WAITING), 10)
    ),
    "waiting list, a service": lambda w, org: f"/cases/waiting/?service={w['service'].pk}",
    "people list": lambda w, org: "/people/",
    "people list, next page": lambda w, org: (
        "/people/?" + cursor_at(PEOPLE_ORDER, Person.objects.filter(organisation=org))
    ),
    "triage queue": lambda w, org: "/referrals/",
    "triage queue, next page": lambda w, org: (
        "/referrals/?"
        + cursor_at(QUEUE_ORDER, Referral.objects.filter(organisation=org, status="new"), 5)
    ),
    "all referrals, next page": lambda w, org: (
        "/referrals/?status=all&"
        + cursor_at(NEWEST_ORDER, Referral.objects.filter(organisation=org))
    ),
    "declined referrals": lambda w, org: "/referrals/?status=declined",
    "challenges": lambda w, org: "/challenges/",
    "challenges, next page": lambda w, org: (
        "/challenges/?"
        + cursor_at(
            challenge_selectors.LIST_ORDER,
            challenge_selectors.with_state(
                Challenge.objects.filter(organisation=org), today=timezone.localdate()
            ),
            3,
        )
    ),
    # The manager's home: caseloads and overdue tasks from partial indexes, the oldest wait.
    "manager view": lambda w, org: "/cases/manager/",
    "safeguarding concerns": lambda w, org: "/safeguarding/",
    "safeguarding concerns, next page": lambda w, org: (
        "/safeguarding/?"
        + cursor_at(
            safeguarding_selectors.LIST_ORDER,
            safeguarding_selectors.with_state(
                SafeguardingConcern.objects.filter(organisation=org),
                today=timezone.localdate(),
                days=acknowledgement_days(org),
            ),
            3,
        )
    ),
    # Contract reports (docs/performance.md, "The contract report, measure by measure").
    "contract report, one service": lambda w, org: f"/reports/services/{w['service'].pk}/",
    "contract report, all services": lambda w, org: "/reports/all-services/",
    # The time report (docs/performance.md, "The time report at 1,000,000 cases").
    "time report, this month": lambda w, org: "/cases/time/",
    "time report, a quarter of one service, staff page 2": lambda w, org: (
        "/cases/time/?" + time_period(90) + f"&service={w['service'].pk}&staff_page=2"
    ),
    "time report, 12 months": lambda w, org: "/cases/time/?" + time_period(365),
}
ADVOCATE_PAGES = {
    "my day": lambda w, org: "/cases/my-day/",
    "advocate's own case list": lambda w, org: "/cases/",
    "advocate's own case list, next page": (
        lambda w, org: f"/cases/?advocate={w['advocate'].pk}&status=all&after={deep_cursor(org)}"
    ),
}


def signed_in(client, membership):
    client.force_login(membership.user)
    client.get("/")  # the first request of a session stores the current organisation
    return client


@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_manager_list_pages_use_indexes(client, organisation, world, page):
    """A manager's lists read their organisation's rows by index at any depth."""
    client = signed_in(client, world["manager"])
    url = MANAGER_PAGES[page](world, organisation)
    assert seq_scans_of_tenant_tables(client, url) == {}


@pytest.mark.parametrize("page", ADVOCATE_PAGES)
def test_advocate_pages_use_indexes(client, organisation, world, page):
    """My day and an advocate's own cases read by index."""
    client = signed_in(client, world["advocate"])
    url = ADVOCATE_PAGES[page](world, organisation)
    assert seq_scans_of_tenant_tables(client, url) == {}


def test_the_check_catches_a_sequential_scan(client, organisation, world):
    """The check is not vacuous: a query no index serves is reported."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN SELECT * FROM casework_case WHERE nation = 'wales'")
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "casework_case" in SEQ_SCAN.findall(plan)
