"""Browser: issuing and revoking an API token, and the API reference working offline."""

import datetime as dt

from django.utils import timezone

from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory


def test_a_manager_issues_sees_once_and_revokes_a_token(page, transactional_db):
    """Given a manager signed in with their second factor, when they issue a token, then
    they see it once, it is listed without its secret, and they can revoke it."""
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="sam@example.org")
    sign_in(page, "sam@example.org", PASSWORD, "/api-tokens/")
    page.check_accessibility()
    page.get_by_role("button", name="Issue a token").click()
    page.get_by_role("heading", name="Issue an API token").wait_for()
    page.check_accessibility()

    # Nothing chosen: the messages sit beside the fields and in the summary.
    page.get_by_role("button", name="Issue token").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    page.check_accessibility()
    assert page.get_by_text("Choose at least one thing the token may do").count() >= 1

    expires = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Name").fill("Council referral portal")
    page.get_by_label("Referrals: read and change").check()
    page.get_by_label("Day").fill(str(expires.day))
    page.get_by_label("Month").fill(str(expires.month))
    page.get_by_label("Year").fill(str(expires.year))
    page.get_by_role("button", name="Issue token").click()
    page.get_by_role("heading", name="Token issued").wait_for()
    page.check_accessibility()
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("heard_")

    page.get_by_role("link", name="I have copied the token: continue").click()
    page.get_by_role("heading", name="API tokens").wait_for()
    page.check_accessibility()
    assert "Council referral portal" in page.content()
    assert secret not in page.content()
    page.get_by_role("button", name="Revoke Council referral portal").click()
    page.get_by_text("was revoked").wait_for()
    page.check_accessibility()


def test_the_api_reference_renders_offline(page, transactional_db):
    """Given no network beyond Heard itself, the API reference still renders every endpoint."""
    outside = []

    def only_heard(route):
        if route.request.url.startswith(page.base_url) or route.request.url.startswith("blob:"):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_heard)
    page.goto(page.base_url + "/api/v1/docs/")
    page.get_by_role("heading", name="Heard API").first.wait_for(timeout=20000)
    page.get_by_text("/api/v1/referrals/").first.wait_for()
    assert page.get_by_text("/api/v1/activities/").count() >= 1
    assert outside == []
    page.check_accessibility()
