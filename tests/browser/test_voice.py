"""Voice and co-production in a real browser, with axe on every page visited.

Given an organisation: a person gives Easy Read feedback anonymously on a phone using only the
keyboard; a theme from an engagement session becomes a published "you said, we did" item on
the public page; a self-assessment recorded in two years shows both in the progress chart.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from heard.organisations.models import Role
from heard.voice.models import FeedbackResponse, SelfAssessment, YouSaidWeDid
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ServiceFactory,
    SystemIssueFactory,
)


@pytest.fixture
def riverside(transactional_db):
    from django.core.cache import cache

    cache.clear()
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    ServiceFactory(organisation=organisation, name="Care Act advocacy")
    ServiceFactory(organisation=organisation, name="IMHA")
    MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="lee@example.org")
    return organisation


# --- Keyboard only ----------------------------------------------------------------------------

FOCUSED = "(() => { const el = document.activeElement; return %s; })()"


def tab_to(page, condition: str, limit: int = 60) -> None:
    """Press Tab until the focused element meets ``condition`` (JavaScript, on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED % condition):
            return
    raise AssertionError(f"Tab never reached an element where {condition}")


def choose(page, label: str) -> None:
    """Tab into the radios, then arrow to the option and select it, as a keyboard user does."""
    tab_to(page, "el.type === 'radio'")
    for _ in range(10):
        current = page.evaluate(FOCUSED % "el.labels[0].textContent.trim()")
        if current == label:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"No option {label!r}")


def press_button(page, name: str) -> None:
    tab_to(page, f"el.textContent.trim() === {name!r}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.check_accessibility()


def assert_no_sideways_scroll(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways ({scroll}px)"


def test_easy_read_feedback_anonymously_on_a_phone_by_keyboard(make_page, riverside):
    # Given someone on a phone (375 pixels wide) with only a keyboard, from the poster's link
    page = make_page(viewport={"width": 375, "height": 740})
    page.visit("/have-your-say/riverside/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tell us how your advocacy was")
    assert_no_sideways_scroll(page, 375)

    # When they start the Easy Read form and answer one question a page
    tab_to(page, "el.textContent.trim().startsWith('Start')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.check_accessibility()
    answers = [
        ("Which service did you use?", "Care Act advocacy"),
        ("Did your advocate listen to you?", "Yes"),
        ("Do you know more about your rights now?", "A bit"),
        ("Do you feel you can speak up more now?", "Yes"),
        ("Did things change for you?", "Not sure"),
    ]
    for question, answer in answers:
        expect(page.get_by_role("heading", level=1)).to_have_text(question)
        assert page.locator(".heard-easy-read__picture svg[aria-hidden='true']").count() == 1
        assert_no_sideways_scroll(page, 375)
        choose(page, answer)
        press_button(page, "Next")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Is there anything else you want to tell us?"
    )
    tab_to(page, "el.tagName === 'TEXTAREA'")
    page.keyboard.type("My advocate helped me say what I wanted.")
    press_button(page, "Next")
    choose(page, "Yes")  # they may be quoted
    press_button(page, "Next")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Did someone help you fill in this form?"
    )
    choose(page, "Yes")
    press_button(page, "Next")
    choose(page, "Family member")
    press_button(page, "Next")

    # Then they check their answers and send them
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.get_by_text("My advocate helped me say what I wanted.")).to_be_visible()
    assert_no_sideways_scroll(page, 375)
    press_button(page, "Send")
    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you")

    # And one anonymous response is stored: the service and month, no case
    [row] = FeedbackResponse.objects.all()
    assert row.is_anonymous and row.case_id is None
    assert row.service.name == "Care Act advocacy"
    assert row.month == dt.date.today().replace(day=1)
    assert row.with_supporter and row.supporter_role == "family"
    assert row.may_quote


def test_easy_read_pages_fit_a_320_pixel_phone(make_page, riverside):
    page = make_page(viewport={"width": 320, "height": 640})
    for path in (
        "/have-your-say/riverside/",
        "/have-your-say/riverside/you-said-we-did/easy-read/",
        "/have-your-say/riverside/easy-read/service/",
    ):
        page.visit(path)
        assert_no_sideways_scroll(page, 320)
    page.get_by_label("I am not sure").check()
    page.get_by_role("button", name="Next").click()
    page.check_accessibility()
    assert_no_sideways_scroll(page, 320)


def test_a_theme_from_engagement_becomes_a_published_item(make_page, riverside):
    SystemIssueFactory(organisation=riverside, title="Council letters not in Easy Read")
    page = make_page()
    sign_in(page, "lee@example.org", PASSWORD, "/voice/engagement/")
    page.check_accessibility()

    # Given a good conversation recorded by the manager
    page.get_by_role("button", name="Record a session").click()
    page.check_accessibility()
    today = dt.date.today()
    page.get_by_label("Title").fill("Day centre conversation")
    page.locator("input[name='held_on-day']").fill(str(today.day))
    page.locator("input[name='held_on-month']").fill(str(today.month))
    page.locator("input[name='held_on-year']").fill(str(today.year))
    page.get_by_label("In person").check()
    page.get_by_label("How many people were there").fill("14")
    page.get_by_label("Who was there, as groups").fill("People with learning disabilities")
    page.get_by_label("What people said, in their own words").fill("Nobody explains the letters.")
    page.get_by_role("button", name="Save").click()
    page.check_accessibility()

    # When a theme is added, linked to a system issue, and acted on
    page.get_by_role("button", name="Add a theme").click()
    page.check_accessibility()
    page.get_by_label("Theme", exact=True).fill("Letters are hard to read")
    page.get_by_label("System issue it is evidence for (optional)").select_option(
        label="Council letters not in Easy Read"
    )
    page.get_by_role("button", name="Save theme").click()
    page.check_accessibility()
    expect(page.get_by_role("link", name="Council letters not in Easy Read")).to_be_visible()
    page.get_by_role("link", name="Record what was done").click()
    page.check_accessibility()
    page.get_by_label("We did", exact=True).fill(
        "We asked the council to send letters in Easy Read."
    )
    page.get_by_label("Done by").fill("The service manager")
    page.get_by_label("Done", exact=True).check()
    page.get_by_label("Easy Read summary").fill(
        "You said letters are hard. We asked for easy ones."
    )
    page.get_by_label("Publish on our public 'You said, we did' page").check()
    page.get_by_role("button", name="Save").click()
    page.check_accessibility()
    item = YouSaidWeDid.objects.get()
    assert item.is_published and item.theme.summary == "Letters are hard to read"

    # Then anyone sees it on the organisation's public page, without signing in
    public = make_page(viewport={"width": 375, "height": 740})
    public.visit("/have-your-say/riverside/you-said-we-did/")
    expect(public.get_by_text("We asked the council to send letters in Easy Read.")).to_be_visible()
    assert_no_sideways_scroll(public, 375)
    public.get_by_role("link", name="Read this page in Easy Read").click()
    public.check_accessibility()
    expect(public.get_by_text("You said letters are hard. We asked for easy ones.")).to_be_visible()


def test_self_assessment_in_two_years_shows_progress(make_page, riverside):
    page = make_page()
    sign_in(page, "lee@example.org", PASSWORD, "/voice/self-assessment/")
    page.check_accessibility()
    for year, level in (("2025", "Starting"), ("2026", "Established")):
        page.get_by_role("button", name="Record this year's assessment").click()
        page.check_accessibility()
        page.get_by_label("Year").fill(year)
        for group in page.locator("fieldset").all():
            group.get_by_label(level, exact=True).check()
        page.get_by_role("button", name="Save assessment").click()
        page.check_accessibility()
    assert list(SelfAssessment.objects.values_list("year", flat=True)) == [2025, 2026]

    chart = page.locator("svg.heard-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text="2025")).to_have_count(1)
    expect(chart.locator("text", has_text="2026")).to_have_count(1)
    table = page.locator("#assessment-table")
    expect(table.get_by_role("columnheader", name="2025")).to_be_visible()
    expect(table.get_by_role("columnheader", name="2026")).to_be_visible()
    expect(table.locator("tr", has_text="Total")).to_contain_text("8")
    expect(table.locator("tr", has_text="Total")).to_contain_text("24")
