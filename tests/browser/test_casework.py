"""Given a waiting case: a manager allocates it (a declared conflict blocks one advocate), and
the advocate records activities and an issue, sets a DoLS expiry that makes its task, and
closes the case once the issue has an outcome.

Every page is checked with axe after each navigation.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.casework.models import Case, Status, Task
from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CaseFactory,
    ConflictOfInterestFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)


@pytest.fixture
def riverside(transactional_db):
    """Riverside, an IMCA service, a manager, two advocates (one conflicted), a waiting case."""
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    service = ServiceFactory(
        organisation=organisation, name="IMCA – Leeds", advocacy_types=["imca_dols_39a"]
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        caseload_capacity=0,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    ada = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=12,
        user__email="ada@example.org",
        user__full_name="Ada Advocate",
    )
    colin = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=12,
        user__email="colin@example.org",
        user__full_name="Colin Close",
    )
    ConflictOfInterestFactory(
        membership=colin, kind="family", name="Okafor", description="My brother-in-law's family"
    )
    person = PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor")
    case = CaseFactory(
        organisation=organisation,
        service=service,
        person=person,
        received_on=timezone.localdate() - dt.timedelta(days=2),
    )
    return {"case": case, "manager": manager.user, "ada": ada.user}


def fill_date(group, day: dt.date):
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def add_activity(page, case, *, kind, minutes, with_person, note):
    """The records' add-activity page, as a full page (it works without JavaScript too)."""
    page.visit(f"/cases/{case.pk}/activities/new/")
    page.get_by_label("Type of activity").select_option(label=kind)
    fill_date(page.page, timezone.localdate() - dt.timedelta(days=1))
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("Minutes spent").fill(str(minutes))
    page.get_by_label("This was contact with the person").set_checked(with_person)
    page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name="Add activity").click()
    page.check_accessibility()


def test_allocate_record_and_close_a_case(page, riverside):
    case = riverside["case"]

    # Given the manager signs in and opens the waiting list
    sign_in(page, riverside["manager"].email, PASSWORD)
    page.get_by_role("link", name="Casework", exact=True).click()
    page.get_by_role("link", name="Waiting list", exact=True).click()
    page.check_accessibility()
    expect(page.locator("table").last).to_contain_text("Mary Okafor")

    # When they choose to allocate Mary's case, they see each advocate's caseload and conflicts
    page.get_by_role("link", name=f"Allocate {case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allocate an advocate")
    expect(page.get_by_text("0 of 12 weighted cases").first).to_be_visible()
    expect(page.get_by_text("Conflict declared")).to_be_visible()
    page.check_accessibility()

    # And choosing Colin, who declared a conflict with the Okafor family, is refused
    page.get_by_label("Colin Close").check()
    page.get_by_role("button", name="Allocate").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Colin Close has declared a conflict of interest with the Okafor family"
    )
    expect(page.page).to_have_title("Error: Allocate case " + case.reference + " – Heard")
    page.check_accessibility()

    # Then they allocate Ada instead, and are back on the waiting list
    page.get_by_label("Ada Advocate").check()
    page.get_by_role("button", name="Allocate").click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Case {case.reference} allocated to Ada Advocate"
    )
    expect(page.get_by_text("Nobody is waiting")).to_be_visible()
    page.check_accessibility()
    page.get_by_role("button", name="Sign out").click()

    # Given Ada signs in: her cases list opens on her own cases
    sign_in(page, riverside["ada"].email, PASSWORD)
    page.get_by_role("link", name="Casework", exact=True).click()
    page.get_by_role("link", name="Cases", exact=True).click()
    page.check_accessibility()
    page.get_by_role("link", name="Mary Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mary Okafor")
    expect(page.locator(".govuk-tag").first).to_have_text("Allocated")
    page.check_accessibility()

    # When she records two activities, the first a visit with Mary: the case becomes active
    add_activity(page, case, kind="Visit", minutes=60, with_person=True, note="Met Mary")
    expect(page.get_by_role("alert")).to_contain_text("The case is now active")
    add_activity(page, case, kind="Report writing", minutes=30, with_person=False, note="Notes")
    expect(page.get_by_text("2, 1 with the person")).to_be_visible()

    # And records Mary's issue in her own words
    page.get_by_role("button", name="Add an issue").click()
    page.check_accessibility()
    page.get_by_label("What does the person want to change?").fill("I want to go home")
    page.get_by_label("Category").select_option(label="Where to live")
    page.get_by_role("button", name="Add issue").click()
    page.check_accessibility()
    expect(page.get_by_text("I want to go home")).to_be_visible()

    # And sets the DoLS standard authorisation's end date: its task appears
    page.get_by_role("link", name="Change how the advocacy is done and dates").click()
    page.check_accessibility()
    page.get_by_label("Standard authorisation").check()
    given = timezone.localdate() - dt.timedelta(days=30)
    ends = given + dt.timedelta(days=180)
    fill_date(page.get_by_role("group", name="When was the DoLS authorisation given?"), given)
    fill_date(page.get_by_role("group", name="When does the DoLS authorisation end?"), ends)
    page.get_by_role("button", name="Save details").click()
    page.check_accessibility()
    expect(page.get_by_text("DoLS standard authorisation ends").first).to_be_visible()
    assert Task.objects.filter(case=case, rule_key="dols_expiry", due_on=ends).exists()

    # When she tries to close the case, it is refused: the issue has no outcome
    page.get_by_role("button", name="Close case").click()
    page.check_accessibility()
    page.get_by_label("Issues resolved").check()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "1 issue has no outcome. Record an outcome for it before closing the case"
    )
    page.check_accessibility()

    # Then she records the outcome, and the case closes
    page.get_by_role("link", name="Back to the case").click()
    page.get_by_role("link", name="Record outcome").click()
    page.check_accessibility()
    page.get_by_label("Achieved", exact=True).check()
    page.get_by_label("Views and wishes heard").check()
    page.get_by_role("button", name="Save outcome").click()
    page.check_accessibility()
    page.get_by_role("button", name="Close case").click()
    page.get_by_label("Issues resolved").check()
    page.get_by_role("button", name="Close the case").click()
    # Her DoLS tasks are still open: the page lists them and she confirms.
    expect(page.locator("#loose-ends")).to_be_visible()
    expect(page.get_by_text("Task not done:").first).to_be_visible()
    page.check_accessibility()
    page.get_by_label("Issues resolved").check()
    page.get_by_label("Close the case with these still open").check()
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Case {case.reference} is closed")
    expect(page.get_by_text("Closed: issues resolved")).to_be_visible()
    page.check_accessibility()
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert Case.objects.get(pk=case.pk).allocated_to.user == riverside["ada"]


def test_case_pages_work_at_375px_without_javascript(make_page, riverside):
    """The case list and case page read at phone width with no JavaScript."""
    page = make_page(viewport={"width": 375, "height": 800}, javascript=False)
    sign_in(page, riverside["manager"].email, PASSWORD)
    page.visit("/cases/")
    expect(page.get_by_role("link", name="Mary Okafor")).to_be_visible()
    page.visit(f"/cases/{riverside['case'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mary Okafor")
    page.visit(f"/cases/{riverside['case'].pk}/allocate/")
    page.visit(f"/cases/{riverside['case'].pk}/details/")
    expect(page.get_by_text("Restrict this case")).to_be_visible()
    page.visit(f"/cases/{riverside['case'].pk}/close/")
    page.visit("/cases/conflicts/")
    page.visit("/cases/weights/")
