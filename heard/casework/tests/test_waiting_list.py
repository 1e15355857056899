"""The waiting list: order, working days waited against target, breaches, and who may see it."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.casework.models import Case, Priority, Status
from heard.casework.selectors.waiting import (
    breach_cutoff,
    waiting_by_service,
    waiting_cases,
    waiting_list,
)
from heard.core.working_days import working_days_between
from heard.organisations.models import Role, Service
from tests.factories import CaseFactory, PersonFactory, ServiceFactory
from tests.pages import text_of


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation, name="Care Act – Leeds", allocation_target_days=3
    )


def test_urgent_first_then_longest_wait(organisation, service):
    """Urgent cases come first; within a priority, the longest wait comes first."""
    day = dt.date(2026, 3, 2)
    standard_old = CaseFactory(organisation=organisation, service=service, received_on=day)
    urgent_new = CaseFactory(
        organisation=organisation,
        service=service,
        priority=Priority.URGENT,
        received_on=day + dt.timedelta(days=9),
    )
    standard_new = CaseFactory(
        organisation=organisation, service=service, received_on=day + dt.timedelta(days=4)
    )
    urgent_old = CaseFactory(
        organisation=organisation,
        service=service,
        priority=Priority.URGENT,
        received_on=day + dt.timedelta(days=1),
    )
    allocated = CaseFactory(organisation=organisation, service=service, received_on=day)
    Case.objects.filter(pk=allocated.pk).update(status=Status.ALLOCATED)

    ordered = list(waiting_list(Case.objects.filter(organisation=organisation)))
    assert ordered == [urgent_old, urgent_new, standard_old, standard_new]


def test_working_days_skip_weekends_and_bank_holidays(organisation, service):
    """Received the Thursday before Easter, on the Tuesday after it has waited 1 working day
    (Good Friday and Easter Monday 2026 are bank holidays), not 5 calendar days."""
    case = CaseFactory(organisation=organisation, service=service, received_on=dt.date(2026, 4, 2))
    [row] = waiting_cases([case], today=dt.date(2026, 4, 7))
    assert row.working_days == 1
    assert row.days_left == 2 and not row.breached

    # Christmas 2026: Friday 25th and the substitute Monday 28th (for Boxing Day) are not counted.
    christmas = CaseFactory(
        organisation=organisation, service=service, received_on=dt.date(2026, 12, 24)
    )
    [row] = waiting_cases([christmas], today=dt.date(2027, 1, 4))
    assert row.working_days == 4  # 29, 30, 31 Dec and 4 Jan (1 Jan is a bank holiday)


def test_breach_due_today_and_days_left(organisation, service):
    """Against a 3 working day target: 4 days is missed, 3 is due today, 1 leaves 2 days."""
    today = dt.date(2026, 3, 12)  # a Thursday
    rows = waiting_cases(
        [
            CaseFactory(organisation=organisation, service=service, received_on=received)
            for received in (dt.date(2026, 3, 6), dt.date(2026, 3, 9), dt.date(2026, 3, 11))
        ],
        today=today,
    )
    assert [(r.working_days, r.breached, r.due_today, r.days_left) for r in rows] == [
        (4, True, False, 0),
        (3, False, True, 0),
        (1, False, False, 2),
    ]
    assert rows[0].days_over == 1


def test_breach_cutoff_agrees_with_working_days_between():
    """The date the per-service summary counts breaches from matches the per-row count, for
    every day of a year with bank holidays and every target up to 10."""
    start = dt.date(2026, 1, 1)
    for offset in range(366):
        today = start + dt.timedelta(days=offset)
        for target in range(11):
            cutoff = breach_cutoff(today, target)
            for back in range(0, 25):
                received = today - dt.timedelta(days=back)
                breached = working_days_between(received, today) > target
                assert breached == (received < cutoff), (today, target, received)


def test_summary_per_service(organisation, service):
    """Per service: waiting, urgent, over target and the longest wait, in one query."""
    other = ServiceFactory(organisation=organisation, name="IMHA", advocacy_types=["imha"])
    today = dt.date(2026, 3, 12)
    CaseFactory(organisation=organisation, service=service, received_on=dt.date(2026, 3, 2))
    CaseFactory(
        organisation=organisation,
        service=service,
        received_on=dt.date(2026, 3, 11),
        priority=Priority.URGENT,
    )
    summary = waiting_by_service(
        Case.objects.filter(organisation=organisation),
        Service.objects.filter(organisation=organisation).order_by("name"),
        today=today,
    )
    by_name = {line.service.name: line for line in summary}
    leeds = by_name["Care Act – Leeds"]
    assert (leeds.waiting, leeds.urgent, leeds.over_target, leeds.longest_working_days) == (
        2,
        1,
        1,
        8,
    )
    assert by_name["IMHA"].waiting == 0 and other in [line.service for line in summary]


def test_urgent_cases_wait_against_the_urgent_target(organisation):
    """An urgent case is over target after the service's urgent allocation target."""
    service = ServiceFactory(
        organisation=organisation, allocation_target_days=5, urgent_allocation_target_days=1
    )
    today = dt.date(2026, 3, 12)  # a Thursday
    received = dt.date(2026, 3, 9)  # Monday: 3 working days waited
    urgent = CaseFactory(
        organisation=organisation, service=service, received_on=received, priority=Priority.URGENT
    )
    standard = CaseFactory(organisation=organisation, service=service, received_on=received)
    rows = {row.case: row for row in waiting_cases([urgent, standard], today=today)}
    assert rows[urgent].target == 1 and rows[urgent].breached
    assert rows[standard].target == 5 and not rows[standard].breached
    [line] = waiting_by_service(
        Case.objects.filter(organisation=organisation),
        Service.objects.filter(pk=service.pk),
        today=today,
    )
    assert (line.waiting, line.urgent, line.over_target) == (2, 1, 1)


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.ADVOCATE])
def test_staff_see_the_waiting_list(client_as, organisation, service, role):
    """Admins, managers and advocates see who is waiting."""
    case = CaseFactory(organisation=organisation, service=service)
    response = client_as(role, organisation).get("/cases/waiting/")
    assert response.status_code == 200
    assert case.person.full_name in text_of(response)


def test_commissioners_cannot_see_the_waiting_list(commissioner_client, organisation, service):
    """The list names people, so commissioners are refused."""
    CaseFactory(organisation=organisation, service=service)
    assert commissioner_client.get("/cases/waiting/").status_code == 403


def test_page_highlights_a_missed_target(advocate_client, organisation, service):
    """A breach shows a red "Target missed" tag and the days over; a fresh case shows days left."""
    today = timezone.localdate()
    late = CaseFactory(
        organisation=organisation,
        service=service,
        received_on=today - dt.timedelta(days=30),
        person=PersonFactory(organisation=organisation, first_name="Late", last_name="Lucy"),
    )
    CaseFactory(
        organisation=organisation,
        service=service,
        received_on=today,
        person=PersonFactory(organisation=organisation, first_name="Fresh", last_name="Fred"),
    )
    response = advocate_client.get("/cases/waiting/")
    html = response.content.decode()
    page = text_of(response)
    waited = working_days_between(late.received_on, today)
    assert '<strong class="govuk-tag govuk-tag--red">Target missed</strong>' in html
    assert f"<strong>{waited} working days</strong>" in html
    assert f"Target 3 working days, {waited - 3} working days over" in page
    assert "3 days left" in page
    assert page.index("Late Lucy") < page.index("Fresh Fred")


def test_filter_by_service(manager_client, organisation, service):
    """Choosing a service shows only the people waiting for it; an unknown choice shows all."""
    imha = ServiceFactory(organisation=organisation, name="IMHA – Leeds", advocacy_types=["imha"])
    CaseFactory(
        organisation=organisation,
        service=service,
        person=PersonFactory(organisation=organisation, first_name="Carla", last_name="Care"),
    )
    CaseFactory(
        organisation=organisation,
        service=imha,
        person=PersonFactory(organisation=organisation, first_name="Imran", last_name="Mental"),
    )
    page = text_of(manager_client.get(f"/cases/waiting/?service={imha.pk}"))
    assert "Imran Mental" in page and "Carla Care" not in page
    assert "1 person waiting for IMHA – Leeds" in page
    page = text_of(manager_client.get("/cases/waiting/?service=99999"))
    assert "Imran Mental" in page and "Carla Care" in page


def test_restricted_case_hides_the_name(advocate_client, organisation, service):
    """A restricted case shows only "Restricted case" and its reference on the list."""
    case = CaseFactory(
        organisation=organisation,
        service=service,
        is_restricted=True,
        person=PersonFactory(organisation=organisation, first_name="Hidden", last_name="Name"),
    )
    page = text_of(advocate_client.get("/cases/waiting/"))
    assert "Hidden Name" not in page
    assert f"Restricted case {case.reference}" in page
