"""Given a manager with two new referrals: accept one onto the waiting list, decline the other.

Every page is checked with axe after each navigation.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.casework.models import Case
from heard.core.working_days import working_days_between
from heard.organisations.models import Role
from heard.referrals.models import ReferralStatus
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ReferralFactory,
    ServiceFactory,
)


@pytest.fixture
def riverside(transactional_db):
    """Riverside, its Care Act service, a manager, and two new referrals."""
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    service = ServiceFactory(
        organisation=organisation,
        name="Care Act advocacy – Leeds",
        advocacy_types=["care_act"],
        allocation_target_days=3,
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    ).user
    now = timezone.now()
    mary = ReferralFactory(
        organisation=organisation,
        first_name="Mary",
        last_name="Okafor",
        received_at=now - dt.timedelta(days=6),
        ethnicity="black_caribbean",
        religion="prefer_not_to_say",
    )
    tom = ReferralFactory(
        organisation=organisation, first_name="Tom", last_name="Reed", received_at=now
    )
    return {"service": service, "manager": manager, "mary": mary, "tom": tom}


def test_manager_accepts_one_referral_and_declines_another(page, riverside):
    mary, tom = riverside["mary"], riverside["tom"]

    # Given the manager signs in and opens the referrals to triage
    sign_in(page, riverside["manager"].email, PASSWORD)
    page.get_by_role("link", name="Casework", exact=True).click()
    page.get_by_role("link", name="Referrals", exact=True).click()
    page.check_accessibility()

    # Then both referrals are listed, oldest first, with the eligibility check's summary
    table = page.locator("table")
    expect(table).to_contain_text("Mary Okafor")
    expect(table).to_contain_text("Tom Reed")
    expect(table.locator("tbody tr").first).to_contain_text("Mary Okafor")
    expect(table.locator("tbody tr").first).to_contain_text("Eligible: Care Act advocacy")

    # When they open Mary's referral
    page.get_by_role("link", name="Mary Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mary Okafor")
    expect(page.get_by_text("A legal duty: an advocate must be provided").first).to_be_visible()
    # And the equality answers the referrer gave, clearly optional
    equality = page.get_by_role("region", name="Equality questions (optional)")
    expect(equality).to_contain_text("Answering these questions was optional")
    expect(equality).to_contain_text("Black: Caribbean")
    expect(equality).to_contain_text("Prefer not to say")
    expect(equality).to_contain_text("Not answered")
    page.check_accessibility()

    # And accept her as a new person on the Care Act service (the service and type are preset):
    # with JavaScript, only the chosen decision's questions are revealed
    expect(page.get_by_label("Service")).to_be_hidden()
    page.get_by_label("Accept", exact=True).check()
    expect(page.get_by_label("Service")).to_be_visible()
    expect(page.get_by_label("Who have they been signposted to?")).to_be_hidden()
    page.get_by_label("A new person: create their record from this referral").check()
    page.get_by_label("Standard", exact=True).check()
    page.check_accessibility()
    page.get_by_role("button", name="Save decision").click()

    # Then they are back on the queue with a confirmation, and Mary has gone from it
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Referral {mary.reference} accepted"
    )
    expect(page.locator("table")).not_to_contain_text("Mary Okafor")
    page.check_accessibility()

    # And Mary is on the waiting list with the working days she has waited
    case = Case.objects.get(referral=mary)
    waited = working_days_between(case.received_on, timezone.localdate())
    page.get_by_role("link", name="Waiting list", exact=True).click()
    row = page.locator("tbody tr", has_text="Mary Okafor")
    expect(row).to_contain_text(case.reference)
    expect(row).to_contain_text(f"{waited} working day")
    expect(row).to_contain_text("Target 3 working days")
    expect(row).to_contain_text(
        "Target missed" if waited > 3 else ("Due today" if waited == 3 else "left")
    )
    page.check_accessibility()

    # And when they make her urgent, a reason is asked for, then she is shown as urgent
    row.get_by_role("link", name="Change").click()
    page.check_accessibility()
    page.get_by_label("Urgent").check()
    page.get_by_role("button", name="Change priority").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the priority is changing"
    )
    page.check_accessibility()
    page.get_by_label("Why is the priority changing?").fill("Hospital discharge on Friday")
    page.get_by_role("button", name="Change priority").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now urgent priority")
    expect(page.locator("tbody tr", has_text="Mary Okafor")).to_contain_text("Urgent")
    page.check_accessibility()

    # When they open Tom's referral and choose decline without a reason
    page.get_by_role("link", name="Referrals", exact=True).click()
    page.check_accessibility()
    page.get_by_role("link", name="Tom Reed").click()
    page.check_accessibility()
    page.get_by_label("Decline", exact=True).check()
    page.get_by_role("button", name="Save decision").click()

    # Then the error summary links to the question, which is revealed with its message
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select why the referral is declined")
    expect(page.get_by_label("Decline", exact=True)).to_be_checked()
    page.check_accessibility()

    # When they give the reason
    page.get_by_label("Lives outside the areas we cover").check()
    page.get_by_label("Note about declining").fill("Lives in Bradford: passed their details on")
    page.get_by_role("button", name="Save decision").click()

    # Then the referral is declined and nothing is left to triage
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Referral {tom.reference} declined"
    )
    expect(page.get_by_text("There are no referrals awaiting a decision")).to_be_visible()
    page.check_accessibility()
    tom.refresh_from_db()
    assert tom.status == ReferralStatus.DECLINED
    assert tom.decisions.get().decline_reason == "out_of_area"


def test_signposting_works_on_a_phone_without_javascript(make_page, riverside):
    page = make_page(viewport={"width": 375, "height": 740}, javascript=False)
    tom = riverside["tom"]

    # Given the manager opens Tom's referral on a phone with JavaScript off
    sign_in(page, riverside["manager"].email, PASSWORD)
    page.visit(f"/referrals/{tom.pk}/")

    # Then every decision's questions are visible, and signposting needs no script
    expect(page.get_by_label("Who have they been signposted to?")).to_be_visible()
    expect(page.get_by_role("group", name="Why is it declined?")).to_be_visible()
    expect(page.get_by_label("What information is needed?")).to_be_visible()
    page.get_by_label("Signpost", exact=True).check()
    page.get_by_label("Who have they been signposted to?").fill("Citizens Advice Leeds")
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "signposted to Citizens Advice Leeds"
    )
    page.check_accessibility()
    tom.refresh_from_db()
    assert tom.status == ReferralStatus.SIGNPOSTED
