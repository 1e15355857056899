"""Given an advocate's case: they raise a challenge, escalate it to a formal complaint and record
the response; they record a safeguarding concern that nobody acknowledges in time, and the
manager sees it (and an overdue challenge) on the manager view.

Every page is checked with axe after each navigation.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.challenges.models import Challenge
from heard.core.working_days import working_days_ago
from heard.organisations.models import Role
from heard.safeguarding.models import SafeguardingConcern
from heard.speaking_up.models import SpeakingUpConcern
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CaseFactory,
    ChallengeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)


@pytest.fixture
def riverside(transactional_db):
    """Riverside, a Care Act service, a manager, an advocate and the advocate's case."""
    organisation = OrganisationFactory(
        name="Riverside Advocacy",
        slug="riverside",
        settings={"safeguarding_acknowledgement_days": 2},
    )
    service = ServiceFactory(organisation=organisation, name="Care Act advocacy – Leeds")
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    ada = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        user__email="ada@example.org",
        user__full_name="Ada Advocate",
    )
    person = PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor")
    case = CaseFactory(organisation=organisation, person=person, service=service, allocated_to=ada)
    # Another case's challenge that nobody has answered, long past its due date.
    today = timezone.localdate()
    ChallengeFactory(
        organisation=organisation,
        case=CaseFactory(organisation=organisation, service=service),
        challenged_organisation="St Mary's Hospital",
        raised_on=today - dt.timedelta(days=40),
        response_due_on=today - dt.timedelta(days=10),
    )
    return {"case": case, "manager": manager.user, "ada": ada.user}


def fill_date(page, legend: str, value: dt.date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def test_challenge_escalation_and_an_unacknowledged_safeguarding_concern(page, riverside):
    case = riverside["case"]
    today = timezone.localdate()

    # Given the advocate signs in and opens "raise a challenge" for their case
    sign_in(page, riverside["ada"].email, PASSWORD)
    page.visit(f"/challenges/case/{case.pk}/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a challenge")
    expect(page.get_by_text(f"Case {case.reference}: Mary Okafor")).to_be_visible()

    # When they save without answering, each missing answer is explained
    page.get_by_role("button", name="Save challenge").click()
    expect(page.get_by_role("alert")).to_contain_text("Select the level of the challenge")
    page.check_accessibility()

    # And they record an informal challenge to the council's decision, raised today
    page.get_by_label("Level 1: informal challenge").check()
    page.get_by_label("Which organisation are you challenging?").fill("Leeds City Council")
    page.get_by_label("Who in that organisation? (optional)").fill("Social worker")
    page.get_by_label("A decision", exact=True).check()
    page.get_by_label("What are you challenging, and why?").fill(
        "Mary was not asked where she wants to live before the move was agreed."
    )
    page.get_by_role("button", name="Save challenge").click()

    # Then the challenge page shows it awaiting a response, due in 10 working days
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Level 1: informal challenge to Leeds City Council"
    )
    expect(page.get_by_text("Challenge recorded: a response is due by")).to_be_visible()
    expect(page.locator(".govuk-tag").first).to_have_text("Awaiting response")
    page.check_accessibility()

    # When there is no answer, they escalate it to a formal complaint
    page.get_by_role("button", name="Escalate to a higher level").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Escalate the challenge")
    page.check_accessibility()
    page.get_by_label("No response").check()
    expect(page.get_by_label("Level 2: formal complaint")).to_be_checked()
    page.get_by_label("Which organisation are you escalating to?").fill(
        "Leeds City Council complaints team"
    )
    page.get_by_role("button", name="Escalate challenge").click()

    # Then the level 2 challenge is linked to the first in one chain
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Level 2: formal complaint to Leeds City Council complaints team"
    )
    chain = page.get_by_role("list").filter(has_text="(this challenge)")
    expect(chain).to_contain_text("Level 1: informal challenge to Leeds City Council")
    expect(chain).to_contain_text("No response")
    page.check_accessibility()

    # When the complaints team answers, they record the response
    page.get_by_role("button", name="Record the response").click()
    page.check_accessibility()
    page.get_by_label("Partly upheld").check()
    fill_date(page, "When did they answer?", today)
    page.get_by_label("What did they say? (optional)").fill("A new assessment will be done.")
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("Response recorded")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("A new assessment will be done.")
    page.check_accessibility()
    first, second = Challenge.objects.order_by("level")[1:]  # the fixture's challenge is level 1
    assert (second.level, second.previous_id, second.outcome) == (2, first.pk, "partly_upheld")

    # When they record a safeguarding concern they raised 5 working days ago
    raised = working_days_ago(today, 5)
    page.visit(f"/safeguarding/new/?case={case.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a safeguarding concern")
    page.get_by_label("What is the concern?").fill("Mary has lost weight and says she is hungry.")
    page.get_by_label("Neglect and acts of omission").check()
    page.get_by_label("Local authority (adult or children's safeguarding)").check()
    fill_date(page, "When was it raised?", raised)
    page.get_by_role("button", name="Save concern").click()

    # Then it is flagged: nobody acknowledged it within 2 working days
    expect(page.get_by_text("Safeguarding concern recorded")).to_be_visible()
    expect(page.locator(".govuk-tag").first).to_have_text("Not acknowledged")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Not yet: 5 working days without acknowledgement"
    )
    page.check_accessibility()
    assert SafeguardingConcern.objects.get().case == case

    # And on the advocate's day, their unacknowledged concern is listed
    page.visit("/cases/my-day/")
    awaiting = page.locator("#safeguarding-awaiting ~ .heard-table-wrapper").first
    expect(awaiting).to_contain_text(f"{case.reference}: Mary Okafor")

    # When the manager signs in, the manager view shows the concern and the overdue challenge
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, riverside["manager"].email, PASSWORD)
    page.visit("/cases/manager/")
    expect(
        page.get_by_role("heading", name="Safeguarding concerns awaiting acknowledgement")
    ).to_be_visible()
    awaiting = page.locator("#safeguarding-awaiting ~ .heard-table-wrapper").first
    expect(awaiting).to_contain_text(f"{case.reference}: Mary Okafor")
    expect(awaiting).to_contain_text("Not acknowledged")
    overdue = page.locator("#overdue-challenges ~ .heard-table-wrapper").first
    expect(overdue).to_contain_text("Level 1: St Mary's Hospital")
    expect(overdue).not_to_contain_text("Leeds City Council")  # answered, so not overdue

    # And from there they open the concern and sign it off
    awaiting.get_by_role("link", name=f"{case.reference}: Mary Okafor").click()
    page.check_accessibility()
    page.get_by_role("link", name="Sign off this concern").click()
    page.check_accessibility()
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Concern signed off")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("by Sam Manager")
    page.check_accessibility()

    # And the lists are accessible too
    page.visit("/challenges/")
    expect(page.locator("table tbody tr").first).to_contain_text("St Mary's Hospital")
    page.visit("/safeguarding/")
    expect(page.locator("table tbody tr").first).to_contain_text("Not acknowledged")


def test_speaking_up_anonymously_on_a_phone_without_javascript(make_page, riverside):
    """At 375px with JavaScript off, an advocate raises an anonymous concern and lands on a
    confirmation that does not link to it."""
    page = make_page(viewport={"width": 375, "height": 800}, javascript=False)
    sign_in(page, riverside["ada"].email, PASSWORD)
    page.visit("/speaking-up/")
    expect(page.get_by_text("has not named a speaking-up lead yet")).to_be_visible()
    page.get_by_role("button", name="Raise a concern").click()
    page.check_accessibility()
    page.get_by_label("No, stay anonymous: Heard will not record who I am").check()
    page.get_by_label("Something in our organisation").check()
    page.get_by_label("What is your concern?").fill("Visit notes are copied between cases.")
    page.get_by_role("button", name="Send concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Concern sent")
    page.check_accessibility()
    assert page.url.endswith("/speaking-up/raised/")
    concern = SpeakingUpConcern.objects.get()
    assert concern.raised_by_id is None
    assert str(concern.pk) not in page.content()
