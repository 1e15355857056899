"""The door in a real browser: first sign-in sets up two factors; the timeout warning works."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from heard.organisations.models import Role
from heard.signin.testing import code_for
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def newcomer(transactional_db):
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    return MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        user__email="nia@example.org",
        user__full_name="Nia Newcomer",
    ).user


def test_first_sign_in_sets_up_an_authenticator_then_shows_recovery_codes(make_page, newcomer):
    page = make_page(viewport={"width": 375, "height": 740})
    page.visit("/accounts/login/")
    page.get_by_label("Email address").fill(newcomer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    # The set-up page: a QR code made by Heard, and the key written out for anyone who cannot scan.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    written = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    page.check_accessibility()
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    assert written == __import__("base64").b32encode(device.bin_key).decode().rstrip("=")

    # A wrong code is explained beside the field.
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    page.check_accessibility()

    # The right code (after the short wait a wrong one causes) finishes set-up.
    page.wait_for_timeout(1100)
    page.get_by_label("Code", exact=True).fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is set up")
    expect(page.locator(".heard-recovery-codes li")).to_have_count(10)
    page.check_accessibility()
    page.get_by_role("link", name=re.compile("I have saved my codes")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello, Nia")


def test_the_timeout_warning_keeps_typed_text_then_signs_out(page, newcomer, settings):
    settings.HEARD_SESSION_IDLE_SECONDS = 12
    settings.HEARD_SESSION_WARNING_SECONDS = 8
    PersonFactory(organisation=newcomer.memberships.get().organisation)
    sign_in(page, newcomer.email, PASSWORD, path="/people/")
    search = page.get_by_label("Search people")
    search.fill("words I typed")

    dialog = page.get_by_role("dialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_contain_text("seconds")
    page.check_accessibility()
    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    expect(search).to_have_value("words I typed")
    expect(search).to_be_focused()

    # Left alone, the warning comes back and then the session ends.
    expect(dialog).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Heard", timeout=15_000)
    expect(page.get_by_text("signed out because you had not used Heard")).to_be_visible()
    page.check_accessibility()
