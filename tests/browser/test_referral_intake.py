"""Given an organisation's public form: a professional and an Easy Read self-referral reach a
reference; axe passes on every page visited."""

import re

import pytest
from playwright.sync_api import expect

from heard.organisations.models import Role
from heard.referrals.models import Referral, ReferralStatus, Source
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory


@pytest.fixture
def riverside(transactional_db):
    from django.core.cache import cache

    cache.clear()
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="lee@example.org")
    return organisation


def manager_finds_it_on_triage(make_page, referral):
    """The referral reaches the manager's triage list and opens there."""
    page = make_page()
    sign_in(page, "lee@example.org", PASSWORD)
    page.visit("/referrals/")
    row = page.locator("tbody tr", has_text=referral.reference)
    expect(row).to_contain_text(referral.person_name)
    row.get_by_role("link").first.click()
    expect(page.get_by_text(referral.reference).first).to_be_visible()
    page.check_accessibility()


def continue_(page):
    page.get_by_role("button", name="Continue").click()
    page.check_accessibility()


def test_professional_referral_with_a_mistake_then_sent(page, make_page, riverside):
    # Given a social worker on Riverside's referral form
    page.visit("/refer/riverside/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is making this referral?")

    # When they say they are a professional and tell us about themselves
    page.get_by_label("A professional").check()
    continue_(page)
    page.get_by_label("Your full name").fill("Sam Social")
    page.get_by_label("Your job title").fill("Social worker")
    page.get_by_label("Where you work").fill("Leeds adult social care")
    page.get_by_label("Your email address").fill("sam@example.org")
    continue_(page)

    # And make a mistake in the person's date of birth
    page.get_by_label("First name").fill("Ann")
    page.get_by_label("Last name").fill("Smith")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("1950")
    page.get_by_role("button", name="Continue").click()

    # Then they are told clearly, and what they typed is kept
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Date of birth must be a real date")
    expect(page.page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("First name")).to_have_value("Ann")
    page.check_accessibility()

    # When they correct it and describe the situation
    page.get_by_label("Day").fill("28")
    continue_(page)
    page.get_by_label("A council assessment, care plan or review").check()
    page.get_by_label("What would the person like help with?").fill("Needs assessment next week")
    page.get_by_role("group", name="Is it urgent?").get_by_label("No", exact=True).check()
    continue_(page)

    # And answer the questions about the law
    page.get_by_label("Assessing their care and support needs").check()
    page.get_by_label("Understanding information about what is happening").check()
    page.get_by_role(
        "group", name=re.compile("Is there a family member or friend who could support")
    ).get_by_label("No", exact=True).check()
    continue_(page)
    page.get_by_label("Easy Read").check()
    page.get_by_label("By phone").check()
    continue_(page)
    page.get_by_label("I am referring because of a legal duty").check()
    continue_(page)

    # Then the optional equality questions say why they are asked and offer a way out
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality questions (optional)")
    expect(page.get_by_text("who is and is not getting advocacy", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="Skip these questions")).to_be_visible()
    page.get_by_text("How we use your information (privacy notice)").click()
    expect(page.get_by_text("equality of opportunity monitoring", exact=False)).to_be_visible()
    page.check_accessibility()

    # When they answer two and say the person would prefer not to say one
    ethnic = page.get_by_role("group", name="What is the person's ethnic group?")
    ethnic.get_by_label("Black: Caribbean").check()
    page.get_by_role("group", name="What is the person's sex?").get_by_label("Female").check()
    page.get_by_role("group", name="What is the person's religion?").get_by_label(
        "Prefer not to say"
    ).check()
    continue_(page)

    # Then check answers shows the eligibility result and the duty to refer, before sending
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your referral"
    )
    expect(page.locator(".govuk-summary-card .govuk-tag--green")).to_have_text("Entitled")
    expect(page.get_by_text("you have a duty to refer", exact=False)).to_be_visible()
    answers = page.locator(".govuk-summary-list").last
    expect(answers).to_contain_text("Black: Caribbean")
    expect(answers).to_contain_text("Prefer not to say")
    expect(answers).to_contain_text("Not answered")

    # When they change one equality answer from check answers
    page.get_by_role("link", name="Change disability").click()
    page.get_by_role("group", name=re.compile("day-to-day activities limited")).get_by_label(
        "No", exact=True
    ).check()
    continue_(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending your referral"
    )

    # When they send it
    page.get_by_role("button", name="Send referral").click()

    # Then they see a confirmation with their reference
    expect(page.locator(".govuk-panel__title")).to_have_text("Referral sent")
    expect(page.locator("#reference")).to_have_text(re.compile(r"^[A-Z]{2,6}-\d{4}-\d{6}$"))
    page.check_accessibility()
    referral = Referral.objects.get(source=Source.PUBLIC_PROFESSIONAL)
    assert referral.status == ReferralStatus.NEW
    assert referral.reference == page.locator("#reference").inner_text()
    assert referral.eligibility_result["results"][0]["decision"] == "eligible"
    assert (referral.ethnicity, referral.sex, referral.disability, referral.religion) == (
        "black_caribbean",
        "female",
        "no",
        "prefer_not_to_say",
    )
    manager_finds_it_on_triage(make_page, referral)


def test_easy_read_self_referral_on_a_phone(make_page, riverside):
    # Given someone on a phone (375 pixels wide) who wants an advocate
    page = make_page(viewport={"width": 375, "height": 740})
    page.visit("/refer/riverside/easy-read/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for an advocate")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways ({width}px)"

    # When they answer one short question a page
    page.get_by_role("button", name="Start").click()
    page.check_accessibility()
    page.get_by_label("Your first name").fill("Jo")
    page.get_by_role("button", name="Next").click()
    page.check_accessibility()
    page.get_by_label("Phone me").check()
    page.get_by_role("button", name="Next").click()
    page.check_accessibility()
    page.get_by_label("Your phone number").fill("07700 900123")
    page.get_by_role("button", name="Next").click()
    page.check_accessibility()
    page.get_by_label("What do you want help with?").fill("My care home will not let me out")
    page.get_by_role("button", name="Next").click()
    page.check_accessibility()
    page.get_by_label("Yes, I need help soon").check()
    page.get_by_role("button", name="Next").click()
    page.check_accessibility()
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Next").click()
    page.check_accessibility()

    # And skip the questions about themselves
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Questions about you (you do not have to answer)"
    )
    page.get_by_role("button", name="Skip these questions").click()
    page.check_accessibility()

    # Then they can check their answers in Easy Read and send
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_text("07700 900123")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the check page scrolls sideways ({width}px)"
    page.get_by_role("button", name="Send").click()

    # And get a number to keep
    expect(page.locator(".govuk-panel__title")).to_have_text("We have your form")
    expect(page.locator("#reference")).to_have_text(re.compile(r"^[A-Z]{2,6}-\d{4}-\d{6}$"))
    page.check_accessibility()
    referral = Referral.objects.get(source=Source.EASY_READ)
    assert referral.status == ReferralStatus.NEW
    assert referral.is_urgent
    assert referral.first_name == "Jo"
    assert referral.ethnicity == ""
    manager_finds_it_on_triage(make_page, referral)
