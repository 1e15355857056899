"""Given an advocate with an allocated case: record activities (htmx and without JavaScript),
an issue and its outcome, a task, a document, and a DoLS deadline. axe on every page visited."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.casework.models import Activity, Case, Issue
from heard.casework.services.lifecycle import case_allocate
from heard.casework.services.todos import regenerate_tasks
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
def allocated(transactional_db):
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    service = ServiceFactory(
        organisation=organisation, name="DoLS – Leeds", advocacy_types=["paid_rpr"]
    )
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    advocate = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        user__email="ann@example.org",
        user__full_name="Ann Advocate",
    )
    person = PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor")
    case = CaseFactory(
        organisation=organisation,
        person=person,
        service=service,
        advocacy_type="paid_rpr",
        dols_authorisation="standard",
        dols_authorised_on=timezone.localdate() - dt.timedelta(days=10),
    )
    case_allocate(case=case, advocate=advocate, acting_user=manager.user)
    regenerate_tasks(case=case, acting_user=manager.user)
    return {"case": case, "advocate": advocate, "manager": manager}


def fill_activity(page, *, kind="Phone call", minutes="40", note="", contact=False):
    form = page.locator("#case-activities form")
    form.get_by_label("Type of activity").select_option(label=kind)
    # An hour ago, day and time together: just after midnight, an hour ago is yesterday.
    moment = timezone.localtime() - dt.timedelta(hours=1)
    date = form.get_by_role("group", name="Date")
    date.get_by_label("Day").fill(str(moment.day))
    date.get_by_label("Month").fill(str(moment.month))
    date.get_by_label("Year").fill(str(moment.year))
    form.get_by_label("Time").fill(moment.strftime("%H:%M"))
    form.get_by_label("Minutes spent").fill(minutes)
    if not contact:
        form.get_by_label("This was contact with the person").uncheck()
    if note:
        form.get_by_label("Note (optional)").fill(note)
    return form


def test_advocate_records_the_work_on_a_case(page, allocated):
    case = allocated["case"]
    # Given the advocate opens their case
    sign_in(page, "ann@example.org", PASSWORD)
    page.visit(f"/cases/{case.pk}/")
    expect(page.get_by_role("heading", name="Tasks and deadlines")).to_be_visible()
    # Then the DoLS authorisation's expiry is a task
    expect(page.locator("#case-tasks")).to_contain_text("DoLS standard authorisation ends")
    page.evaluate("window.heardNoReload = true")

    # When they add a phone call with htmx, with a mistake first
    form = fill_activity(page, minutes="lots", note="Rang the ward")
    form.get_by_role("button", name="Add activity").click()
    # Then the error shows beside the field, without a reload, and the note is kept
    expect(page.locator("#case-activities")).to_contain_text(
        "Minutes spent must be a whole number, like 45"
    )
    # (focus moves to the error summary, so a keyboard or screen reader user hears it)
    expect(
        page.locator("#case-activities div[tabindex='-1']:has(.govuk-error-summary)")
    ).to_be_focused()
    expect(page.get_by_label("Note (optional)")).to_have_value("Rang the ward")
    page.check_accessibility()
    page.get_by_label("Minutes spent").fill("40")
    page.get_by_role("button", name="Add activity").click()
    # Then the list and totals update in place, and the form is ready for the next one
    expect(page.locator("#case-activities")).to_contain_text("Phone call added (40 minutes)")
    expect(page.locator("#case-activities table")).to_contain_text("Rang the ward")
    expect(page.get_by_label("Type of activity")).to_be_focused()
    assert page.evaluate("window.heardNoReload") is True
    page.check_accessibility()

    # When they record a visit with the person: first contact, so the case becomes active
    fill_activity(page, kind="Visit", minutes="60", contact=True)
    page.get_by_role("button", name="Add activity").click()
    expect(page.get_by_text("The case is now active")).to_be_visible()
    page.check_accessibility()
    assert Case.objects.get(pk=case.pk).status == "active"
    assert Activity.objects.filter(case=case).count() == 2

    # When they add an issue and record its outcome
    page.get_by_role("button", name="Add an issue").click()
    page.check_accessibility()
    page.get_by_label("What does the person want to change?").fill("I want to go home")
    page.get_by_label("Category").select_option(label="Where to live")
    page.get_by_role("button", name="Add issue").click()
    expect(page.locator("#case-issues")).to_contain_text("I want to go home")
    page.get_by_role("link", name="Record outcome of issue 1").click()
    page.check_accessibility()
    page.get_by_label("Partly achieved").check()
    page.get_by_label("Views and wishes heard").check()
    # ...with what the person said about it, and whether they felt listened to
    page.get_by_label("What did the person say about the outcome? (optional)").fill(
        "They heard me, but I still have to wait"
    )
    page.get_by_label("Partly", exact=True).check()
    page.get_by_role("button", name="Save outcome").click()
    expect(page.locator("#case-issues")).to_contain_text("Partly achieved")
    expect(page.locator("#case-issues")).to_contain_text("They heard me, but I still have to wait")
    expect(page.locator("#case-history")).to_contain_text("Felt listened to: Partly")
    page.check_accessibility()
    issue = Issue.objects.get(case=case)
    assert (issue.outcome, issue.felt_listened_to) == ("partly_achieved", "partly")

    # When they add a task and upload a document (errors first)
    page.get_by_role("button", name="Add a task").click()
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what needs doing")
    page.check_accessibility()
    due = timezone.localdate() + dt.timedelta(days=3)
    page.get_by_label("What needs doing?").fill("Ask for the care plan")
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add task").click()
    expect(page.locator("#case-tasks")).to_contain_text("Ask for the care plan")
    page.get_by_role("button", name="Upload a document").click()
    page.check_accessibility()
    page.get_by_label("Title").fill("Care plan")
    page.get_by_label("Care plan").check()
    page.get_by_label("Upload a file").set_input_files(
        {"name": "plan.exe.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00"}
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("is not a real PDF")
    page.check_accessibility()

    # And the full activity list and task pages pass axe too
    page.visit(f"/cases/{case.pk}/activities/")
    page.visit(f"/cases/{case.pk}/tasks/{case.tasks.get(rule_key='dols_expiry').pk}/")


def test_without_javascript_at_375px(make_page, allocated):
    case = allocated["case"]
    page = make_page(viewport={"width": 375, "height": 800}, javascript=False)
    sign_in(page, "ann@example.org", PASSWORD)
    page.visit(f"/cases/{case.pk}/")
    # When they add an activity with a mistake, the full page shows the error
    fill_activity(page, minutes="-3")
    page.locator("#case-activities").get_by_role("button", name="Add activity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an activity")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Minutes spent must be 0 or more")
    page.check_accessibility()
    # And corrected, it saves and returns to the case page
    page.get_by_label("Minutes spent").fill("25")
    page.get_by_role("button", name="Add activity").click()
    expect(page.get_by_text("Phone call added (25 minutes)")).to_be_visible()
    assert page.url.endswith(f"/cases/{case.pk}/#case-activities")
    page.check_accessibility()


def test_manager_time_report(page, allocated):
    case = allocated["case"]
    Activity.objects.create(
        organisation=case.organisation,
        case=case,
        kind="visit",
        occurred_at=timezone.now() - dt.timedelta(minutes=5),
        minutes=90,
        travel_minutes=30,
        with_person=True,
        recorded_by=allocated["advocate"].user,
    )
    manager = allocated["manager"].user
    sign_in(page, manager.email, PASSWORD)
    page.visit("/cases/time/")
    expect(page.get_by_role("table", name="By service")).to_contain_text("DoLS – Leeds")
    expect(page.get_by_role("table", name="By who recorded the time")).to_contain_text(
        "Ann Advocate"
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.check_accessibility()
