"""The waiting list costs the same queries at 10 and 1,000 waiting cases."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import urlencode

from heard.casework.models import Case, Priority, Status
from heard.casework.selectors.waiting import WAITING_ORDER
from heard.core import tenant_db
from heard.organisations.sequences import reserve
from heard.people.models import Person
from tests.factories import ServiceFactory


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_waiting_cases(organisation, services, count: int) -> None:
    """``count`` waiting cases spread over the services, priorities and the last 60 days."""
    today = timezone.localdate()
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            reference=f"P{number:06d}",
            first_name=f"Person{number}",
            last_name="Waiting",
        )
        for number in reserve(organisation, "person_sequence", count)
    )
    numbers = reserve(organisation, "case_sequence", count)
    Case.objects.bulk_create(
        Case(
            organisation=organisation,
            reference=f"C{number:06d}",
            person=person,
            service=services[number % len(services)],
            advocacy_type="care_act",
            priority=Priority.URGENT if number % 5 == 0 else Priority.STANDARD,
            received_on=today - dt.timedelta(days=number % 60),
            status=Status.WAITING,
        )
        for person, number in zip(people, numbers, strict=True)
    )


def cursor_of_row(organisation, position: int) -> str:
    """The keyset cursor of the waiting list's row at ``position`` (0-based), as text."""
    waiting = Case.objects.filter(organisation=organisation, status=Status.WAITING)
    return str(WAITING_ORDER.cursor(waiting.order_by(*WAITING_ORDER.order)[position]))


@pytest.mark.parametrize("query", ["", "?service={first}", "?{after}", "?{before}"])
def test_constant_queries_from_10_to_1000_waiting(manager_client, organisation, query):
    """Working days are arithmetic per row, so 1,000 waiting cost what 10 do, at any depth."""
    services = [ServiceFactory(organisation=organisation) for _ in range(3)]
    add_waiting_cases(organisation, services, 10)
    cursor = cursor_of_row(organisation, 5)
    url = "/cases/waiting/" + query.format(
        first=services[0].pk,
        after=urlencode({"after": cursor}),
        before=urlencode({"before": cursor}),
    )
    manager_client.get("/")  # the first request of a session also stores the current organisation
    small = queries_for(manager_client, url)
    add_waiting_cases(organisation, services, 990)
    large = queries_for(manager_client, url)
    assert small == large
    # session, user, memberships, services, the per-service summary, page count and rows
    assert large <= 7 + tenant_db.statements_per_request()
