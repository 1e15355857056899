"""Given staff in different roles: the menu by area fits one line on a desktop, collapses on a
phone and works by keyboard; the language switch turns the page Welsh and back."""

from playwright.sync_api import expect

from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, ServiceFactory


def make_admin(transactional_db):
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    ServiceFactory(organisation=organisation, name="Care Act advocacy – Leeds")
    return MembershipFactory(
        organisation=organisation, role=Role.ADMIN, user__full_name="Ada Admin"
    ).user


def item_tops(page, selector: str) -> set[int]:
    return set(
        page.eval_on_selector_all(
            selector, "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
        )
    )


def test_menu_by_area_fits_one_line_at_1280_pixels(page, transactional_db):
    # Given an admin, who may go to the most areas
    admin = make_admin(transactional_db)

    # When they sign in on a desktop-width screen
    sign_in(page, admin.email, PASSWORD)

    # Then every area they may use is in the menu, on one line
    menu = page.get_by_role("navigation", name="Menu")
    for area in ("Home", "Casework", "Change", "Team", "Voice", "Reports", "Network", "Admin"):
        expect(menu.get_by_role("link", name=area, exact=True)).to_be_visible()
    assert len(item_tops(page, ".govuk-service-navigation__item")) == 1
    page.check_accessibility()

    # When they open Casework, its pages show beneath, the first marked as the current page
    menu.get_by_role("link", name="Casework", exact=True).click()
    expect(menu.get_by_role("link", name="Casework", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    pages = page.get_by_role("navigation", name="Casework")
    expect(pages.get_by_role("link", name="People", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert len(item_tops(page, ".heard-subnav__item")) == 1
    page.check_accessibility()

    # And Cases is one step away
    pages.get_by_role("link", name="Cases", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cases")
    page.check_accessibility()


def test_menu_collapses_at_375_pixels_and_works_by_keyboard(make_page, transactional_db):
    # Given an admin on a phone-width screen
    admin = make_admin(transactional_db)
    page = make_page(viewport={"width": 375, "height": 740})
    sign_in(page, admin.email, PASSWORD)

    # Then the areas are folded behind a Menu button
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(page.get_by_role("link", name="Casework", exact=True)).to_be_hidden()
    page.check_accessibility()

    # When they tab to the Menu button and press Enter
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Menu":
            break
    page.keyboard.press("Enter")

    # Then the areas show, and the next Tab reaches the first of them
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Casework", exact=True)).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Home"
    page.check_accessibility()

    # And pressing Enter on Casework opens it
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.check_accessibility()


def test_menu_wraps_without_javascript_on_a_phone(make_page, transactional_db):
    # Given an admin on a phone without JavaScript
    admin = make_admin(transactional_db)
    page = make_page(viewport={"width": 375, "height": 740}, javascript=False)
    sign_in(page, admin.email, PASSWORD)

    # Then every area is a visible link (the list wraps), and nothing spills sideways
    menu = page.get_by_role("navigation", name="Menu")
    for area in ("Home", "Casework", "Change", "Team", "Voice", "Reports", "Admin"):
        expect(menu.get_by_role("link", name=area, exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.check_accessibility()


def test_the_language_switch_turns_the_page_welsh_and_back(page, transactional_db):
    # Given someone on the sign-in page
    page.visit("/accounts/login/")

    # When they choose Cymraeg
    page.get_by_role("button", name="Cymraeg").click()

    # Then the same page is in Welsh, and offers English back
    expect(page.get_by_role("heading", level=1)).to_have_text("Mewngofnodi i Heard")
    assert page.url.endswith("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.check_accessibility()
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Heard")
