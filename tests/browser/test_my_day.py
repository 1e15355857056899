"""Given an advocate's overdue task and a silent case, and a waiting-list breach: "my day", the
manager view and search show them. Every page is checked with axe."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.casework.models import Activity, Case, CaseStatus, Status, Task
from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CaseFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)


@pytest.fixture
def riverside(transactional_db):
    """An advocate with an overdue task and a case nobody has contacted for 30 days; a manager;
    and a case that has waited 10 days against a 1-day allocation target."""
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    service = ServiceFactory(
        organisation=organisation,
        name="Care Act advocacy – Leeds",
        advocacy_types=["care_act"],
        allocation_target_days=1,
    )
    advocate = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=2,
        user__email="ada@example.org",
        user__full_name="Ada Advocate",
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        caseload_capacity=0,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    now, today = timezone.now(), timezone.localdate()
    mary = PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor")
    case = CaseFactory(organisation=organisation, person=mary, service=service)
    CaseStatus.objects.create(
        organisation=organisation,
        case=case,
        status=Status.ALLOCATED,
        previous_status=Status.WAITING,
        advocate=advocate,
        changed_at=now - dt.timedelta(days=40),
    )
    Case.objects.filter(pk=case.pk).update(status=Status.ACTIVE, allocated_to=advocate)
    Activity.objects.create(
        organisation=organisation,
        case=case,
        kind="visit",
        occurred_at=now - dt.timedelta(days=30),
        minutes=45,
        with_person=True,
        recorded_by=advocate.user,
    )
    Task.objects.create(
        organisation=organisation,
        case=case,
        title="Chase the care plan",
        due_on=today - dt.timedelta(days=3),
        assigned_to=advocate,
    )
    waiting = CaseFactory(
        organisation=organisation,
        service=service,
        person=PersonFactory(organisation=organisation, first_name="Tom", last_name="Reed"),
        received_on=today - dt.timedelta(days=10),
    )
    return {"case": case, "waiting": waiting, "advocate": advocate, "manager": manager}


def test_advocate_day_manager_view_and_search(page, make_page, riverside):
    case = riverside["case"]

    # Given the advocate signs in, their home is their day
    sign_in(page, "ada@example.org", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Ada")
    page.check_accessibility()

    # Then the overdue task is there, tagged and highlighted
    tasks = page.locator("table").first
    expect(tasks).to_contain_text("Chase the care plan")
    expect(tasks).to_contain_text("Overdue")
    expect(tasks).to_contain_text("3 days overdue")
    expect(tasks).to_contain_text(case.reference)

    # And Mary's case shows as having had no contact for 30 days
    silent = page.locator("table", has_text="Last contact with the person")
    expect(silent).to_contain_text("Mary Okafor")
    expect(silent).to_contain_text("30 days ago")

    # And "My day" in the menu is the same page under its own name
    page.get_by_role("link", name="My day", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My day")
    page.check_accessibility()

    # When they search for Mary from the menu
    page.get_by_role("link", name="Search", exact=True).click()
    page.check_accessibility()
    page.get_by_label("Search people and cases").fill("okafor")
    page.get_by_role("button", name="Search").click()

    # Then she and her case are found
    expect(page.get_by_role("status")).to_contain_text("1 person and 1 case found")
    expect(page.get_by_role("link", name="Mary Okafor").first).to_be_visible()
    expect(page.locator("table").nth(1)).to_contain_text(case.reference)
    page.check_accessibility()

    # Given the manager signs in (in their own browser), their home is the manager view
    manager_page = make_page()
    sign_in(manager_page, "sam@example.org", PASSWORD)
    expect(manager_page.get_by_role("heading", level=1)).to_contain_text("Hello, Sam")
    manager_page.check_accessibility()

    # Then the waiting-list breach is counted, with the oldest case named
    expect(manager_page.locator("main")).to_contain_text("Waiting list breaches")
    breaches = manager_page.locator(".govuk-grid-column-one-third").first
    expect(breaches).to_contain_text("1")
    expect(manager_page.locator("main")).to_contain_text(
        f"Oldest: {riverside['waiting'].reference}"
    )

    # And Ada's caseload against her capacity, with her overdue task
    row = manager_page.locator("tr", has_text="Ada Advocate")
    expect(row).to_contain_text("1 of 2")
    expect(row.get_by_role("link", name="1 overdue task of Ada Advocate")).to_have_text("1")

    # And the manager view has its own address too
    manager_page.visit("/cases/manager/")
    expect(manager_page.get_by_role("heading", level=1)).to_contain_text("Manager view")


def test_search_works_on_a_phone_without_javascript(make_page, riverside):
    page = make_page(viewport={"width": 375, "height": 740}, javascript=False)
    sign_in(page, "ada@example.org", PASSWORD)
    page.visit("/search/")
    page.get_by_label("Search people and cases").fill(riverside["case"].reference)
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("0 people and 1 case found")
    page.check_accessibility()
    page.get_by_label("Search people and cases").fill("")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a name, date of birth, postcode or reference"
    )
    page.check_accessibility()
