"""Real-browser tests: Playwright driving Debian's Chromium, with axe on every page visited."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from heard.organisations.models import Role
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory, ServiceFactory

# Playwright's sync API runs an event loop in this thread; the live server's
# database work happens in its own thread, so Django's async guard is a false alarm.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("HEARD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
NAVIGATION_RETRIES = 3
# What Chromium says when the document axe is reading goes away under it.
NAVIGATION_MESSAGES = (
    "Execution context was destroyed",
    "Cannot read properties of null",
    "because of a navigation",
    "axe is not defined",  # injected into the document that was replaced
)


def _interrupted_by_navigation(error) -> bool:
    return any(message in str(error) for message in NAVIGATION_MESSAGES)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Debian's Chromium is missing at {CHROMIUM}: run `make test` or apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AccessiblePage:
    """A page that runs axe after every navigation it is asked to check."""

    def __init__(self, page, base_url, checker=None):
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.checked: list[str] = []
        # axe needs JavaScript; a page without it is checked as a copy in a page with it.
        self.checker = checker

    def __getattr__(self, name):
        return getattr(self.page, name)

    def _axe_target(self):
        if self.checker is None:
            return self.page
        html = self.page.content().replace("<head>", f'<head><base href="{self.base_url}/">', 1)
        self.checker.set_content(html, wait_until="load")
        return self.checker

    def visit(self, path: str):
        self.page.goto(self.base_url + path)
        self.check_accessibility()

    def check_accessibility(self):
        """Zero WCAG 2.2 A/AA violations on the page as it is now.

        A click that navigates returns before the next document is in place, so axe can
        start on a document that is being replaced. Such a run is repeated once the new
        page has loaded; violations are never retried, only a run that could not finish.
        """
        for attempt in range(NAVIGATION_RETRIES + 1):
            self.page.wait_for_load_state("load")
            try:
                results = self.axe.run(self._axe_target(), options=AXE_OPTIONS)
                break
            except PlaywrightError as error:
                if attempt == NAVIGATION_RETRIES or not _interrupted_by_navigation(error):
                    raise
        self.checked.append(self.page.url)
        assert results.violations_count == 0, (
            f"axe found violations on {self.page.url}:\n{results.generate_report()}"
        )


@pytest.fixture
def make_page(browser, live_server):
    contexts = []

    def make(viewport=None, javascript=True):
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, java_script_enabled=javascript
        )
        contexts.append(context)
        checker = None
        if not javascript:
            checker_context = browser.new_context(viewport=viewport)
            contexts.append(checker_context)
            checker = checker_context.new_page()
        return AccessiblePage(context.new_page(), live_server.url, checker)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(make_page):
    return make_page()


@pytest.fixture
def two_organisations(transactional_db):
    """A manager who works in two organisations, each with a service."""
    first = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    second = OrganisationFactory(name="Afon Advocacy Cymru", slug="afon", nation="wales")
    ServiceFactory(organisation=first, name="Care Act advocacy – Leeds")
    ServiceFactory(organisation=second, name="IPA – Cardiff", advocacy_types=["wales_ipa"])
    membership = MembershipFactory(
        organisation=first,
        role=Role.MANAGER,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    MembershipFactory(organisation=second, role=Role.ADVOCATE, user=membership.user)
    return {"first": first, "second": second, "user": membership.user, "password": PASSWORD}


def sign_in_through_the_door(page: AccessiblePage, email: str, password: str):
    """The real sign-in: password, then the code an authenticator app would show now."""
    from django.contrib.auth import get_user_model

    from heard.signin.testing import authenticator_for, code_for

    device = authenticator_for(get_user_model().objects.get(email=email))
    page.visit("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Enter your code").wait_for()
    page.check_accessibility()
    device.refresh_from_db()
    page.get_by_label("Code", exact=True).fill(code_for(device))
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: AccessiblePage, email: str, password: str, path: str = "/"):
    """Signed in as the door would leave someone (password and second factor), then at ``path``.

    The two-factor pages are tested once (``sign_in_through_the_door``); every other test
    starts from a verified session made on the server, so no code is typed twice in one step.
    """
    from django.contrib.auth import get_user_model

    from heard.signin.testing import verified_session_cookie

    user = get_user_model().objects.get(email=email)
    assert user.check_password(password), "sign_in was given the wrong password"
    name, value = verified_session_cookie(user)
    page.context.add_cookies([{"name": name, "value": value, "url": page.base_url}])
    page.goto(page.base_url + path)
