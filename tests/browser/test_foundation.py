"""Given a member of two organisations: sign in, switch, add a person; every page passes axe."""

import re

from playwright.sync_api import expect

from heard.people.models import Person
from tests.browser.conftest import sign_in, sign_in_through_the_door


def test_sign_in_switch_organisation_and_add_a_person(page, two_organisations):
    # Given a manager of Riverside who is also an advocate at Afon (Afon comes first, alphabetically)
    user = two_organisations["user"]

    # When they sign in with a wrong password, they are told clearly
    page.visit("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is a problem")
    page.check_accessibility()

    # And with the right one and the code from their authenticator app they reach home
    sign_in_through_the_door(page, user.email, two_organisations["password"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Sam")
    expect(page.locator(".govuk-caption-l")).to_have_text("Afon Advocacy Cymru")
    page.check_accessibility()

    # When they switch to Riverside
    page.get_by_label("Organisation").select_option(label="Riverside Advocacy")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator(".govuk-caption-l")).to_have_text("Riverside Advocacy")
    expect(page.get_by_text("You are now working in Riverside Advocacy")).to_be_visible()
    page.check_accessibility()

    # And open the people list, then add a person with a mistake first
    page.get_by_role("link", name="Casework", exact=True).click()
    page.get_by_role("link", name="People", exact=True).click()
    page.check_accessibility()
    page.get_by_role("button", name="Add a person").click()
    page.check_accessibility()
    page.get_by_label("First name").fill("Rhys")
    page.get_by_label("Last name").fill("Morgan")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("13")
    page.get_by_label("Year").fill("1958")
    page.get_by_label("Postcode (optional)").fill("ls1 4ap")
    page.get_by_label("Local authority").select_option(label="Leeds")
    page.get_by_label("Easy Read").check()
    page.get_by_role("button", name="Save person").click()

    # Then the error summary shows, linked to the field, and what they typed is kept
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Date of birth must be a real date")
    expect(page.page).to_have_title(re.compile("^Error: "))
    expect(page.get_by_label("First name")).to_have_value("Rhys")
    expect(page.get_by_label("Postcode (optional)")).to_have_value("ls1 4ap")
    expect(page.get_by_label("Easy Read")).to_be_checked()
    page.check_accessibility()

    # When they correct it
    summary.get_by_role("link", name="Date of birth must be a real date").click()
    page.get_by_label("Month").fill("12")
    page.get_by_role("button", name="Save person").click()

    # Then the person is saved in Riverside, not Afon, and their record shows
    expect(page.get_by_role("heading", level=1)).to_have_text("Rhys Morgan")
    expect(page.get_by_text("3 December 1958")).to_be_visible()
    page.check_accessibility()
    person = Person.objects.get(last_name="Morgan")
    assert person.organisation == two_organisations["first"]
    assert person.postcode == "LS1 4AP"
    assert person.needs_easy_read


def test_people_list_works_on_a_phone_and_without_javascript(make_page, two_organisations):
    page = make_page(viewport={"width": 375, "height": 740}, javascript=False)
    sign_in(page, two_organisations["user"].email, two_organisations["password"])
    page.visit("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    page.get_by_label("Search people").fill("nobody")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No people match your search")).to_be_visible()
    page.check_accessibility()
    page.visit("/organisation/services/")
    page.visit("/organisation/staff/")


def test_password_reset_pages_are_accessible(page, two_organisations):
    page.visit("/accounts/password-reset/")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    page.check_accessibility()
    page.get_by_label("Email address").fill(two_organisations["user"].email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    page.check_accessibility()
