"""The triage queue and a referral's page cost the same queries at 10 and 1,000 referrals."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import urlencode

from heard.casework.models import Case, Status
from heard.core import tenant_db
from heard.eligibility import assess
from heard.organisations.sequences import reserve
from heard.people.models import Person
from heard.referrals.models import Referral, ReferralStatus
from heard.referrals.selectors.triage import CHASE_ORDER, NEWEST_ORDER, QUEUE_ORDER, triage_queue
from tests.factories import CARE_ACT_ANSWERS, ReferralFactory, ServiceFactory

RESULT = assess(CARE_ACT_ANSWERS)
SHARED_DOB = dt.date(1950, 2, 14)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_referrals(organisation, count: int) -> None:
    """``count`` referrals, half new and half awaiting information (some chases overdue)."""
    today = timezone.localdate()
    now = timezone.now()
    numbers = reserve(organisation, "referral_sequence", count)
    Referral.objects.bulk_create(
        Referral(
            organisation=organisation,
            reference=f"HRD-{now.year}-{number:06d}",
            idempotency_key=uuid.uuid4().hex,
            source="phone",
            status=ReferralStatus.NEW if number % 2 else ReferralStatus.AWAITING_INFORMATION,
            chase_on=None if number % 2 else today + dt.timedelta(days=number % 7 - 3),
            received_at=now - dt.timedelta(minutes=number),
            first_name=f"Person{number}",
            last_name="Tester",
            date_of_birth=SHARED_DOB,
            eligibility_answers=CARE_ACT_ANSWERS,
            eligibility_result=RESULT,
        )
        for number in numbers
    )


def add_duplicate_people(organisation, service, count: int) -> None:
    """``count`` people born on the shared date, half with similar names, each with an open case."""
    numbers = reserve(organisation, "person_sequence", count)
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            reference=f"P{number:06d}",
            first_name="Mary" if number % 2 else f"Other{number}",
            last_name="Okafor" if number % 2 else "Elsewhere",
            date_of_birth=SHARED_DOB,
        )
        for number in numbers
    )
    case_numbers = reserve(organisation, "case_sequence", count)
    Case.objects.bulk_create(
        Case(
            organisation=organisation,
            reference=f"C{number:06d}",
            person=person,
            service=service,
            advocacy_type="care_act",
            received_on=timezone.localdate(),
            status=Status.WAITING,
        )
        for person, number in zip(people, case_numbers, strict=True)
    )


def after(keyset, queryset, *, key="after") -> str:
    """A cursor half way down the list in ``keyset``'s order, as a query string."""
    rows = list(queryset.order_by(*keyset.order))
    return urlencode({key: str(keyset.cursor(rows[len(rows) // 2]))})


@pytest.mark.parametrize(
    "url_name", ["queue", "queue_after", "queue_awaiting", "all_statuses", "search", "detail"]
)
def test_constant_queries_from_10_to_1000_referrals(manager_client, organisation, url_name):
    """The count is the same with 10 and 1,000 referrals (and 5 vs 150 possible duplicates)."""
    service = ServiceFactory(organisation=organisation)
    referral = ReferralFactory(
        organisation=organisation,
        first_name="Mary",
        last_name="Okafor",
        date_of_birth=SHARED_DOB,
    )
    add_referrals(organisation, 9)
    add_duplicate_people(organisation, service, 5)
    urls = {
        "queue": "/referrals/",
        "queue_after": "/referrals/?" + after(QUEUE_ORDER, Referral.objects.filter(status="new")),
        "queue_awaiting": "/referrals/?status=awaiting_information&"
        + after(CHASE_ORDER, triage_queue(Referral.objects.all(), status="awaiting_information")),
        "all_statuses": "/referrals/?status=all&"
        + after(NEWEST_ORDER, Referral.objects.all(), key="before"),
        "search": "/referrals/?q=person1",
        "detail": f"/referrals/{referral.pk}/",
    }
    manager_client.get("/")  # the first request of a session also stores the current organisation
    small = queries_for(manager_client, urls[url_name])
    add_referrals(organisation, 990)
    add_duplicate_people(organisation, service, 145)
    large = queries_for(manager_client, urls[url_name])
    assert small == large
    # session, user, memberships, then the page's own: counts, page count and rows; or the
    # referral with its decisions, people with the date of birth, their open cases, services
    # and the audit insert.
    assert large <= 9 + tenant_db.statements_per_request()
