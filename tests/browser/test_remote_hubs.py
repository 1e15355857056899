"""Given an organisation whose network runs its hub on another Heard: its admin adds the hub
(address and network token) without JavaScript, is told beside the field that a plain http
address will not do, sees the token only masked afterwards, and sends the figures now. Every
page is checked with axe."""

import pytest
from playwright.sync_api import expect

from heard.network.models import DeliveryStatus, RemoteHub
from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory

TOKEN = "hub-issued-token-for-riverside-9f3e"


@pytest.fixture
def admin(transactional_db, settings):
    settings.HEARD_REMOTE_HUB_ALLOW_HTTP = False  # as in production: https only
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside-hubs")
    return MembershipFactory(
        organisation=organisation, role=Role.ADMIN, user__email="ada@example.org"
    )


def test_an_admin_adds_a_hub_and_sends_now_without_javascript(admin, make_page):
    page = make_page(javascript=False)
    sign_in(page, "ada@example.org", PASSWORD, "/network/")
    page.get_by_role("link", name="Hubs on other installations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hubs on other installations")
    page.check_accessibility()

    page.get_by_role("button", name="Add a hub").click()
    page.check_accessibility()
    page.get_by_label("Network name").fill("Wales Leaders Network")
    page.get_by_label("Hub address").fill("http://hub.example.org/api/v1/network/figures/")
    page.get_by_label("Network token").fill(TOKEN)
    page.get_by_role("button", name="Add hub").click()

    # The address is refused beside the field, and the token is not put back in the page.
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter an address that starts with https://"
    )
    expect(page.locator("#id_url-error")).to_contain_text("starts with https://")
    assert TOKEN not in page.content()
    page.check_accessibility()
    page.get_by_label("Hub address").fill("https://127.0.0.1:9/api/v1/network/figures/")
    page.get_by_label("Network token").fill(TOKEN)
    page.get_by_role("button", name="Add hub").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Hub added")
    expect(page.get_by_role("heading", name="Wales Leaders Network")).to_be_visible()
    assert TOKEN not in page.content() and TOKEN[-4:] in page.content()
    page.check_accessibility()
    assert RemoteHub.objects.get().token == TOKEN

    # Send now: the queued delivery runs, cannot reach the hub, and the answer is listed.
    page.get_by_role("button", name="Send figures for").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("queued to send")
    expect(page.get_by_role("table")).to_contain_text("Could not reach the hub")
    page.check_accessibility()
    assert RemoteHub.objects.get().deliveries.get().status == DeliveryStatus.FAILED
