"""The case list, the case page, its status forms and the details form."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, CaseStatus, ClosureReason, Status, Task
from heard.casework.services.lifecycle import (
    case_allocate,
    case_close,
    case_hold,
    case_record_first_contact,
)
from heard.core import tenant_db
from heard.organisations.models import Membership, Role
from heard.organisations.sequences import reserve
from heard.people.models import Person
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    IssueFactory,
    MembershipFactory,
    ReferralFactory,
    ServiceFactory,
)


def me(client, organisation) -> Membership:
    return Membership.objects.get(user=client.user, organisation=organisation)


@pytest.fixture
def service(organisation):
    return ServiceFactory(
        organisation=organisation, name="Leeds Care Act", advocacy_types=["care_act", "imca"]
    )


@pytest.fixture
def manager(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.MANAGER, user__full_name="Mo Manager"
    )


def to_active(case, advocate, manager):
    case_allocate(case=case, advocate=advocate, acting_user=manager.user)
    case_record_first_contact(
        case=case, activity=ActivityFactory(case=case, with_person=True), acting_user=manager.user
    )
    return case


# The case list ---------------------------------------------------------------------------------


def test_advocates_start_with_their_own_cases(advocate_client, organisation, service, manager):
    """An advocate's list opens on "my cases"; choosing "Anyone" shows the rest."""
    mine = CaseFactory(organisation=organisation, service=service, person__last_name="Mineperson")
    case_allocate(case=mine, advocate=me(advocate_client, organisation), acting_user=manager.user)
    CaseFactory(organisation=organisation, service=service, person__last_name="Otherperson")
    body = advocate_client.get("/cases/").content.decode()
    assert "Mineperson" in body and "Otherperson" not in body
    body = advocate_client.get("/cases/?advocate=").content.decode()
    assert "Mineperson" in body and "Otherperson" in body


def test_managers_start_with_every_open_case(manager_client, organisation, service):
    """Closed cases are left out until "All cases" or "Closed" is chosen."""
    CaseFactory(organisation=organisation, service=service, person__last_name="Openperson")
    closed = CaseFactory(
        organisation=organisation, service=service, person__last_name="Closedperson"
    )
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    body = manager_client.get("/cases/").content.decode()
    assert "Openperson" in body and "Closedperson" not in body
    body = manager_client.get("/cases/?status=all").content.decode()
    assert "Openperson" in body and "Closedperson" in body
    body = manager_client.get("/cases/?status=closed").content.decode()
    assert "Openperson" not in body and "Closedperson" in body


def test_list_filters_by_service_type_and_advocate(manager_client, organisation, service, manager):
    """Each filter narrows the list; an unknown choice is ignored rather than an error."""
    other_service = ServiceFactory(organisation=organisation, advocacy_types=["imca"])
    a = CaseFactory(
        organisation=organisation,
        service=service,
        advocacy_type="care_act",
        person__last_name="Alpha",
    )
    b = CaseFactory(
        organisation=organisation,
        service=other_service,
        advocacy_type="imca",
        person__last_name="Bravo",
    )
    advocate = MembershipFactory(organisation=organisation)
    case_allocate(case=b, advocate=advocate, acting_user=manager.user)

    def names(query):
        body = manager_client.get(f"/cases/?{query}").content.decode()
        return {n for n in ("Alpha", "Bravo") if n in body}

    assert names(f"service={service.pk}") == {"Alpha"}
    assert names("advocacy_type=imca") == {"Bravo"}
    assert names(f"advocate={advocate.pk}") == {"Bravo"}
    assert names("advocate=none") == {"Alpha"}
    assert names("status=waiting") == {"Alpha"}
    assert names("status=nonsense&service=999999") == {"Alpha", "Bravo"}
    assert a.pk and b.pk


@pytest.fixture
def restricted(organisation, service):
    """A restricted case whose person, service and advocate carry marker names."""
    secret_service = ServiceFactory(
        organisation=organisation, name="Secretservice", advocacy_types=["imca"]
    )
    holder = MembershipFactory(organisation=organisation, user__full_name="Hidden Holder")
    named = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    case = CaseFactory(
        organisation=organisation,
        service=secret_service,
        person__first_name="Tilly",
        person__last_name="Secretname",
        is_restricted=True,
        allocated_to=holder,
        status=Status.ALLOCATED,
    )
    case.restricted_managers.add(named)
    return {"case": case, "holder": holder, "named": named}


def test_restricted_case_is_a_placeholder_in_the_list(manager_client, restricted):
    """Reference, status and type only: no name, service, advocate or link."""
    case = restricted["case"]
    page = manager_client.get("/cases/").content.decode()
    body = page[page.index("<table") : page.index("</table>")]  # the filters list every service
    assert "Restricted case" in body
    assert case.reference in body
    assert "Independent Mental Capacity Advocate" in body
    assert "Allocated" in body
    for secret in ("Secretname", "Tilly", "Secretservice", "Hidden Holder", f"/cases/{case.pk}/"):
        assert secret not in body


def test_hidden_attributes_do_not_filter_a_placeholder(manager_client, restricted):
    """Filtering by its service or advocate would reveal them, so it does not match."""
    case = restricted["case"]
    for query in (f"service={case.service_id}", f"advocate={restricted['holder'].pk}"):
        assert case.reference not in manager_client.get(f"/cases/?{query}").content.decode()
    assert case.reference in manager_client.get("/cases/?advocacy_type=imca").content.decode()


def test_named_manager_sees_the_restricted_case_in_full(client, restricted):
    """The managers named on it see the person and can open it."""
    client.force_login(restricted["named"].user)
    body = client.get("/cases/").content.decode()
    assert "Tilly Secretname" in body
    assert f"/cases/{restricted['case'].pk}/" in body


def test_commissioners_have_no_case_list(commissioner_client):
    """Commissioners see aggregates only."""
    assert commissioner_client.get("/cases/").status_code == 403


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_cases(organisation, services, advocates, count: int) -> None:
    """``count`` cases over the services, statuses and advocates; every 50th restricted."""
    today = timezone.localdate()
    people = Person.objects.bulk_create(
        Person(
            organisation=organisation,
            reference=f"P{n:06d}",
            first_name=f"Person{n}",
            last_name="Bulk",
        )
        for n in reserve(organisation, "person_sequence", count)
    )
    statuses = list(Status)
    Case.objects.bulk_create(
        Case(
            organisation=organisation,
            reference=f"C{n:06d}",
            person=person,
            service=services[n % len(services)],
            advocacy_type="care_act",
            received_on=today - dt.timedelta(days=n % 90),
            status=statuses[n % len(statuses)],
            allocated_to=None if n % 5 == 0 else advocates[n % len(advocates)],
            is_restricted=n % 50 == 0,
        )
        for person, n in zip(people, reserve(organisation, "case_sequence", count), strict=True)
    )


LIST_QUERIES = ["", "?status=all", "?advocate=none&page=2", "?advocacy_type=care_act&status=active"]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADVOCATE])
def test_case_list_queries_are_constant_from_10_to_10000_cases(
    client_as, organisation, role, no_last_seen_write
):
    """Placeholders come from one SQL annotation, not a query per row, whatever the filters."""
    client = client_as(role, organisation)
    services = [ServiceFactory(organisation=organisation) for _ in range(3)]
    advocates = [
        me(client, organisation),
        *[MembershipFactory(organisation=organisation) for _ in range(3)],
    ]
    add_cases(organisation, services, advocates, 10)
    client.get("/")
    small = [queries_for(client, "/cases/" + query) for query in LIST_QUERIES]
    add_cases(organisation, services, advocates, 9990)
    large = [queries_for(client, "/cases/" + query) for query in LIST_QUERIES]
    assert small == large
    # session, user, memberships, services, staff, the count, and the page's rows (their ids
    # chosen by a subquery of the same statement)
    assert large == [7 + tenant_db.statements_per_request()] * len(LIST_QUERIES)


# The case page ---------------------------------------------------------------------------------


def test_case_page_shows_the_summary_and_is_audited(manager_client, organisation, service, manager):
    """Person, service, type, status, advocate, received and working days; case.viewed logged."""
    advocate = MembershipFactory(organisation=organisation, user__full_name="Ada Advocate")
    case = CaseFactory(
        organisation=organisation,
        service=service,
        person__first_name="Mary",
        person__last_name="Okafor",
    )
    case_allocate(case=case, advocate=advocate, note="Speaks Yoruba", acting_user=manager.user)
    response = manager_client.get(f"/cases/{case.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Mary Okafor",
        f"/people/{case.person_id}/",
        "Leeds Care Act",
        "Care Act advocacy",
        "Ada Advocate",
        "since the referral was received",
        "Allocated to Ada Advocate",
        "Speaks Yoruba",
        "Opened on the waiting list",
    ):
        assert text in body, text
    event = AuditEvent.objects.get(event_type="case.viewed")
    assert (event.actor, event.target_id, event.is_access) == (
        manager_client.user,
        str(case.pk),
        True,
    )


def test_actions_follow_the_status_and_the_role(client, organisation, service, manager):
    """Managers allocate waiting cases and reallocate active ones; the advocate holds and
    closes their own active case."""
    advocate = MembershipFactory(organisation=organisation)
    colleague = MembershipFactory(organisation=organisation)
    waiting = CaseFactory(organisation=organisation, service=service)
    active = to_active(CaseFactory(organisation=organisation, service=service), advocate, manager)

    def actions(user, case):
        client.force_login(user)
        body = client.get(f"/cases/{case.pk}/").content.decode()
        return {
            label
            for label in (
                "Allocate an advocate",
                "Close before allocation",
                "Put on hold",
                "Close case",
                "Reallocate",
                "Reopen",
            )
            if f">{label}</a>" in body
        }

    assert actions(manager.user, waiting) == {"Allocate an advocate", "Close before allocation"}
    assert actions(advocate.user, waiting) == set()
    assert actions(advocate.user, active) == {"Put on hold", "Close case"}
    assert actions(colleague.user, active) == set()
    # Managers can also move an active case to another advocate.
    assert actions(manager.user, active) == {"Put on hold", "Close case", "Reallocate"}


def test_closed_case_offers_reopening_only_within_the_window(
    manager_client, organisation, service, manager
):
    """Within the window a Reopen button; after it, advice to open a new case."""
    case = to_active(
        CaseFactory(organisation=organisation, service=service),
        MembershipFactory(organisation=organisation),
        manager,
    )
    case_close(case=case, reason=ClosureReason.ISSUES_RESOLVED, acting_user=manager.user)
    body = manager_client.get(f"/cases/{case.pk}/").content.decode()
    assert ">Reopen</a>" in body and "It can be reopened until" in body
    Case.objects.filter(pk=case.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=200)
    )
    body = manager_client.get(f"/cases/{case.pk}/").content.decode()
    assert ">Reopen</a>" not in body
    assert "open a new case" in body


# session, user, memberships; the case with its person, service, referral and advocate; its
# status history; its instruction changes; the case.viewed audit event; issues; latest
# activities with the activity counts; tasks; documents. A restricted case adds its named
# managers. On PostgreSQL the audit event is sent in the same statement as the issues' read.
CASE_PAGE_QUERIES = 11


def case_page_queries() -> int:
    riding = 1 if connection.vendor == "postgresql" else 0  # the audit row, with the issues
    return CASE_PAGE_QUERIES - riding + tenant_db.statements_per_request()


def test_case_page_queries_are_constant_from_10_to_10000_cases(
    manager_client, organisation, service, manager, no_last_seen_write
):
    """The page's queries do not grow with the organisation's number of cases."""
    advocate = MembershipFactory(organisation=organisation)
    case = to_active(CaseFactory(organisation=organisation, service=service), advocate, manager)
    IssueFactory(case=case)
    case_hold(
        case=case,
        reason="In hospital",
        review_date=timezone.localdate() + dt.timedelta(days=5),
        acting_user=manager.user,
    )
    add_cases(organisation, [service], [advocate], 9)
    manager_client.get("/")
    small = queries_for(manager_client, f"/cases/{case.pk}/")
    add_cases(organisation, [service], [advocate], 9990)
    large = queries_for(manager_client, f"/cases/{case.pk}/")
    assert small == large
    assert large == case_page_queries()


def test_a_case_from_a_referral_costs_the_same_queries(
    manager_client, organisation, service, no_last_seen_write
):
    """The referral comes with the case, and its organisation is the case's: none reloaded."""
    referral = ReferralFactory(organisation=organisation)
    case = CaseFactory(organisation=organisation, service=service, referral=referral)
    manager_client.get("/")
    assert queries_for(manager_client, f"/cases/{case.pk}/") == case_page_queries()


def test_a_restricted_case_page_adds_only_its_named_managers(client, restricted):
    """Checking the named manager may open it, and naming the managers in its summary."""
    client.force_login(restricted["named"].user)
    client.get("/")
    queries = queries_for(client, f"/cases/{restricted['case'].pk}/")
    assert queries == case_page_queries() + 2


def test_other_staff_get_403_on_a_restricted_case_page(manager_client, restricted):
    """Details are in test_restricted; here: the page refuses and audits."""
    response = manager_client.get(f"/cases/{restricted['case'].pk}/")
    assert response.status_code == 403
    assert "Secretname" not in response.content.decode()
    assert AuditEvent.objects.filter(event_type="case.restricted_access_refused").count() == 1


# Status forms ----------------------------------------------------------------------------------


@pytest.fixture
def active_case(organisation, service, manager):
    return to_active(
        CaseFactory(organisation=organisation, service=service),
        MembershipFactory(organisation=organisation),
        manager,
    )


def test_hold_form_explains_a_past_review_date(manager_client, active_case):
    """The lifecycle's refusal appears beside the date, in the error summary."""
    past = timezone.localdate() - dt.timedelta(days=1)
    response = manager_client.post(
        f"/cases/{active_case.pk}/hold/",
        {
            "reason": "In hospital",
            "review_date-day": past.day,
            "review_date-month": past.month,
            "review_date-year": past.year,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "The review date must be in the future" in body
    assert 'href="#id_review_date-day"' in body
    assert "In hospital" in body  # what was typed is kept


def test_hold_then_resume_through_the_pages(manager_client, active_case):
    """Holding and resuming go back to the case page with a confirmation."""
    later = timezone.localdate() + dt.timedelta(days=20)
    response = manager_client.post(
        f"/cases/{active_case.pk}/hold/",
        {
            "reason": "Awaiting a decision",
            "review_date-day": later.day,
            "review_date-month": later.month,
            "review_date-year": later.year,
        },
        follow=True,
    )
    assert f"Case {active_case.reference} is on hold" in response.content.decode()
    response = manager_client.post(f"/cases/{active_case.pk}/resume/", {"note": ""}, follow=True)
    assert f"Case {active_case.reference} is active again" in response.content.decode()
    active_case.refresh_from_db()
    assert active_case.status == Status.ACTIVE


def test_close_form_is_refused_while_an_issue_has_no_outcome(manager_client, active_case):
    """The number of issues without an outcome is in the error summary."""
    IssueFactory(case=active_case)
    response = manager_client.post(f"/cases/{active_case.pk}/close/", {"reason": "issues_resolved"})
    body = response.content.decode()
    assert "There is a problem" in body
    assert "1 issue has no outcome. Record an outcome for it before closing the case" in body
    active_case.refresh_from_db()
    assert active_case.status == Status.ACTIVE


def test_close_form_needs_text_for_other(manager_client, active_case):
    """ "Other" without a note is refused beside the note; with one, the case closes."""
    url = f"/cases/{active_case.pk}/close/"
    assert (
        "Enter why the case is closing"
        in manager_client.post(url, {"reason": "other"}).content.decode()
    )
    response = manager_client.post(url, {"reason": "other", "note": "Contract ended"})
    assert response.status_code == 302
    row = CaseStatus.objects.filter(case=active_case).latest("changed_at", "id")
    assert (row.status, row.reason, row.note) == ("closed", "other", "Contract ended")


def test_close_before_allocation_offers_pre_allocation_reasons(
    client, organisation, service, manager
):
    """A waiting case closes with the pre-allocation list, and only a manager may do it."""
    case = CaseFactory(organisation=organisation, service=service)
    client.force_login(MembershipFactory(organisation=organisation).user)
    assert client.post(f"/cases/{case.pk}/close/", {"reason": "withdrawn"}).status_code == 403
    client.force_login(manager.user)
    body = client.get(f"/cases/{case.pk}/close/").content.decode()
    assert "Not eligible after all" in body and "Issues resolved" not in body
    assert client.post(f"/cases/{case.pk}/close/", {"reason": "withdrawn"}).status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_a_form_for_a_change_the_table_does_not_allow_sends_you_back(
    manager_client, organisation, service
):
    """Holding a waiting case: back to the case page with the lifecycle's message."""
    case = CaseFactory(organisation=organisation, service=service)
    response = manager_client.get(f"/cases/{case.pk}/hold/", follow=True)
    assert "A waiting case cannot be put on hold" in response.content.decode()


def test_reopen_outside_the_window_is_explained(manager_client, active_case, manager):
    """Past the window the form says to open a new case instead."""
    case_close(case=active_case, reason=ClosureReason.ISSUES_RESOLVED, acting_user=manager.user)
    when = timezone.now() - dt.timedelta(days=400)
    CaseStatus.objects.filter(case=active_case, status=Status.CLOSED).update(changed_at=when)
    response = manager_client.post(f"/cases/{active_case.pk}/reopen/", {"reason": "Asked again"})
    assert "Open a new case for the person instead" in response.content.decode()


def test_deallocate_through_the_page(manager_client, organisation, service, manager):
    """The reason is required; the case goes back to waiting."""
    case = CaseFactory(organisation=organisation, service=service)
    case_allocate(
        case=case, advocate=MembershipFactory(organisation=organisation), acting_user=manager.user
    )
    url = f"/cases/{case.pk}/deallocate/"
    assert (
        "Enter why the advocate is coming off the case"
        in manager_client.post(url, {}).content.decode()
    )
    assert manager_client.post(url, {"reason": "Leaving"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.allocated_to) == (Status.WAITING, None)


# The details form ------------------------------------------------------------------------------


def details(**overrides):
    data = {"instruction": "instructed", "dols_authorisation": ""}
    data.update(overrides)
    return data


def date_parts(name, day):
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def test_non_instructed_needs_an_approach(manager_client, active_case):
    """Non-instructed advocacy records the approach or approaches used."""
    url = f"/cases/{active_case.pk}/details/"
    response = manager_client.post(url, details(instruction="non_instructed"))
    assert "Select the approach or approaches used" in response.content.decode()
    response = manager_client.post(
        url,
        details(
            instruction="non_instructed",
            non_instructed_approaches=["watching_brief", "human_rights"],
        ),
    )
    assert response.status_code == 302
    active_case.refresh_from_db()
    assert active_case.non_instructed_approaches == ["human_rights", "watching_brief"]
    event = AuditEvent.objects.get(event_type="case.updated")
    assert event.changes["instruction"] == ["instructed", "non_instructed"]


def test_dols_dates_are_checked_and_generate_tasks(manager_client, active_case):
    """A standard authorisation's end date makes its review and expiry tasks."""
    url = f"/cases/{active_case.pk}/details/"
    given = timezone.localdate() - dt.timedelta(days=10)
    response = manager_client.post(
        url,
        details(
            dols_authorisation="standard",
            **date_parts("dols_authorised_on", given),
            **date_parts("dols_expires_on", given - dt.timedelta(days=1)),
        ),
    )
    assert "must be the same as or after the date it was given" in response.content.decode()
    ends = given + dt.timedelta(days=180)
    response = manager_client.post(
        url,
        details(
            dols_authorisation="standard",
            **date_parts("dols_authorised_on", given),
            **date_parts("dols_expires_on", ends),
        ),
    )
    assert response.status_code == 302
    active_case.refresh_from_db()
    assert active_case.dols_expires_on == ends
    task = Task.objects.get(case=active_case, rule_key="dols_expiry")
    assert task.due_on == ends


def test_managers_restrict_a_case_and_name_managers(
    manager_client, organisation, active_case, manager
):
    """Restriction needs at least one named manager; the change is audited."""
    url = f"/cases/{active_case.pk}/details/"
    response = manager_client.post(url, details(is_restricted="on"))
    assert (
        "Name at least one manager who may open the case while it is restricted"
        in response.content.decode()
    )
    response = manager_client.post(
        url, details(is_restricted="on", restricted_managers=[manager.pk])
    )
    assert response.status_code == 302
    active_case.refresh_from_db()
    assert active_case.is_restricted
    assert list(active_case.restricted_managers.all()) == [manager]
    event = AuditEvent.objects.get(event_type="case.updated")
    assert event.changes["is_restricted"] == [False, True]
    assert event.changes["restricted_managers"] == [[], ["Mo Manager"]]


def test_restricting_without_naming_yourself_returns_to_the_list(
    manager_client, organisation, active_case
):
    """A manager who restricts a case for others is told it no longer opens for them."""
    other = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    response = manager_client.post(
        f"/cases/{active_case.pk}/details/",
        details(is_restricted="on", restricted_managers=[other.pk]),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/cases/"
    assert "you are not named on it, so it no longer opens for you" in response.content.decode()


def test_advocates_cannot_restrict(client, organisation, service, manager):
    """The allocated advocate edits the details but not the restriction."""
    advocate = MembershipFactory(organisation=organisation)
    case = to_active(CaseFactory(organisation=organisation, service=service), advocate, manager)
    client.force_login(advocate.user)
    url = f"/cases/{case.pk}/details/"
    assert "Restrict this case" not in client.get(url).content.decode()
    assert client.post(url, details(is_restricted="on")).status_code == 302
    case.refresh_from_db()
    assert not case.is_restricted


def test_other_advocates_cannot_change_details(advocate_client, active_case):
    """Only the allocated advocate and managers change a case's details."""
    assert advocate_client.get(f"/cases/{active_case.pk}/details/").status_code == 403
