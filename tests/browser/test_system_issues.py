"""Given two cases: an advocate tags both to one system issue, whose evidence count becomes 2;
a manager accepts it, adds an action, shares it with the network and opens the dashboard.

The advocate works on a 375px-wide phone without JavaScript; the manager on a desktop.
axe checks every page visited.
"""

import re

import pytest
from playwright.sync_api import expect

from heard.organisations.models import Role
from heard.system_change.models import SystemIssue
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CaseFactory,
    IssueFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)

TITLE = "Care homes refusing advocates access"


@pytest.fixture
def riverside(transactional_db):
    """Riverside with an advocate, a manager and two cases (one with an issue)."""
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    service = ServiceFactory(organisation=organisation, name="Care Act advocacy – Leeds")
    advocate = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        user__email="ade@example.org",
        user__full_name="Ade Advocate",
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    mary = CaseFactory(
        organisation=organisation,
        service=service,
        allocated_to=advocate,
        person=PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor"),
    )
    tom = CaseFactory(
        organisation=organisation,
        service=service,
        allocated_to=advocate,
        person=PersonFactory(organisation=organisation, first_name="Tom", last_name="Reed"),
    )
    IssueFactory(case=tom, in_their_words="The home said my advocate could not visit")
    return {"advocate": advocate.user, "manager": manager.user, "mary": mary, "tom": tom}


def evidence_count(page):
    return page.locator("#evidence-count")


def test_advocate_tags_two_cases_and_manager_shares_the_system_issue(make_page, riverside):
    mary, tom = riverside["mary"], riverside["tom"]
    phone = make_page(viewport={"width": 375, "height": 800}, javascript=False)

    # Given the advocate signs in on their phone and opens the register
    sign_in(phone, riverside["advocate"].email, PASSWORD)
    phone.visit("/system-issues/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("System issues")

    # When they tag Mary's case, proposing a new system issue
    phone.visit(f"/system-issues/tag/{mary.pk}/")
    expect(phone.locator(".govuk-caption-l")).to_contain_text("Mary Okafor")
    phone.get_by_label("None of these: propose a new system issue").check()
    phone.get_by_role("button", name="Add as evidence").click()

    # Then a missing title is explained, and nothing is lost
    expect(phone.locator(".govuk-error-summary")).to_contain_text(
        "Enter a title for the new system issue"
    )
    expect(phone.page).to_have_title(re.compile("^Error: "))
    expect(phone.get_by_label("None of these: propose a new system issue")).to_be_checked()
    phone.check_accessibility()

    # When they complete the proposal
    phone.get_by_label("Title of the new system issue").fill(TITLE)
    phone.get_by_label("Theme of the new system issue").select_option(label="Access to advocacy")
    phone.get_by_label("What is happening").fill(
        "Care homes in north Leeds refuse unannounced visits by advocates."
    )
    phone.get_by_role("button", name="Add as evidence").click()

    # Then the proposed system issue has one case as evidence
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(phone.get_by_text("has been proposed, with case")).to_be_visible()
    expect(evidence_count(phone)).to_have_text("1")
    phone.check_accessibility()

    # When they tag Tom's case, picking the proposal and Tom's issue
    phone.visit(f"/system-issues/tag/{tom.pk}/")
    phone.get_by_label(f"{TITLE} (proposed)").check()
    phone.get_by_label("The home said my advocate could not visit").check()
    phone.get_by_role("button", name="Add as evidence").click()

    # Then the evidence count becomes 2, with Tom's issue in his own words
    expect(evidence_count(phone)).to_have_text("2")
    expect(phone.get_by_text(f"Case {tom.reference} added as evidence")).to_be_visible()
    evidence = phone.locator("table").filter(has_text="Evidence")
    expect(evidence).to_contain_text(mary.reference)
    expect(evidence).to_contain_text("The home said my advocate could not visit")
    phone.check_accessibility()

    # And tagging Mary's case again is refused with the reason beside the choice
    phone.visit(f"/system-issues/tag/{mary.pk}/")
    expect(phone.get_by_text("This case is already evidence for")).to_be_visible()
    phone.get_by_label(f"{TITLE} (proposed)").check()
    phone.get_by_role("button", name="Add as evidence").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text(
        f"Case {mary.reference} is already evidence for “{TITLE}”"
    )
    phone.check_accessibility()

    # And the register counts 2 cases and 2 people, growing
    phone.visit("/system-issues/")
    row = phone.locator("tbody tr").filter(has_text=TITLE)
    expect(row.locator("td").nth(2)).to_have_text("2")
    expect(row.locator("td").nth(3)).to_have_text("2")
    expect(row).to_contain_text("Growing")

    # Given the manager signs in on a desktop and opens the proposal
    desk = make_page()
    sign_in(desk, riverside["manager"].email, PASSWORD)
    system_issue = SystemIssue.objects.get(title=TITLE)
    desk.visit(f"/system-issues/{system_issue.pk}/")
    expect(evidence_count(desk)).to_have_text("2")

    # When they accept it onto the register
    desk.get_by_role("button", name="Change details or status").click()
    desk.check_accessibility()
    desk.get_by_label("Open", exact=True).check()
    desk.get_by_role("button", name="Save changes").click()
    expect(desk.get_by_text("has been accepted onto the register")).to_be_visible()
    desk.check_accessibility()

    # And add an action with an owner and a due date
    desk.get_by_role("button", name="Add an action").click()
    desk.check_accessibility()
    desk.get_by_label("Action", exact=True).fill("Write to the council's quality team")
    desk.get_by_label("Owner").select_option(label="Sam Manager")
    desk.get_by_label("Day").fill("30")
    desk.get_by_label("Month").fill("9")
    desk.get_by_label("Year").fill("2030")
    desk.get_by_label("In progress").check()
    desk.get_by_role("button", name="Save action").click()
    expect(desk.locator("table").filter(has_text="Owner")).to_contain_text("Sam Manager")
    desk.check_accessibility()

    # And share it with the network, seeing first exactly what would be shared
    desk.get_by_role("button", name="Sharing with the network").click()
    expect(desk.get_by_text("What the network would see")).to_be_visible()
    expect(desk.locator(".govuk-summary-list")).to_contain_text("fewer than 5")
    expect(desk.locator(".govuk-summary-list")).not_to_contain_text("Okafor")
    desk.check_accessibility()
    desk.get_by_label("Yes, share it").check()
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_text("is shared with the network as an anonymised summary")).to_be_visible()
    desk.check_accessibility()
    system_issue.refresh_from_db()
    assert system_issue.shared_summary["counts"]["cases"] == "fewer than 5"
    assert "Okafor" not in str(system_issue.shared_summary)

    # Then the dashboard shows the issue with its evidence count and trend
    desk.get_by_role("link", name="System issues", exact=True).click()
    desk.check_accessibility()
    desk.locator("#main-content").get_by_role("link", name="System-change dashboard").click()
    table = desk.locator("table").filter(has_text="Open system issues: evidence and trend")
    expect(table.locator("tbody tr").filter(has_text=TITLE)).to_contain_text("Growing")
    expect(desk.locator("svg[role=img] title")).to_contain_text("Bar chart comparing")
    desk.check_accessibility()
