"""Given a network of member organisations: a coordinator builds a survey, two advocates from
different organisations answer it through their organisations' links, and the results show
as a chart with a table; a forum post with an NHS number is blocked with a clear message; an
organisation's benchmark page shows it against the network. Every page is checked with axe."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from heard.core.advocacy_types import AdvocacyType
from heard.network import services
from heard.network.models import SurveyLink
from heard.network.tests.factories import (
    CoordinatorFactory,
    MemberFactory,
    NetworkFactory,
    TopicFactory,
)
from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, CaseFactory, MembershipFactory, OrganisationFactory

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)


@pytest.fixture
def network(transactional_db):
    network = NetworkFactory(name="Leaders Network")
    CoordinatorFactory(
        network=network,
        membership__user__email="cara@example.org",
        membership__user__full_name="Cara Coordinator",
    )
    people = {}
    for index, (name, cases) in enumerate(
        [
            ("Riverside Advocacy", 12),
            ("Hillside Advocacy", 6),
            ("Valley Advocacy", 20),
            ("Coast Advocacy", 30),
            ("Moor Advocacy", 40),
        ]
    ):
        organisation = OrganisationFactory(name=name, slug=f"member-{index}")
        member = MemberFactory(network=network, organisation=organisation)
        admin = MembershipFactory(
            organisation=organisation, role=Role.ADMIN, user__email=f"admin{index}@example.org"
        )
        MembershipFactory(
            organisation=organisation,
            role=Role.ADVOCATE,
            user__email=f"advocate{index}@example.org",
        )
        for day in range(cases):
            CaseFactory(
                organisation=organisation,
                advocacy_type=AdvocacyType.CARE_ACT,
                received_on=START + dt.timedelta(days=day),
            )
        services.figures_send(acting=admin, member=member, start=START, end=END)
        people[name] = member
    TopicFactory(network=network, title="Access to care homes")
    return {"network": network, "members": people}


def test_survey_forum_and_benchmark(network, page, make_page):
    network_id = network["network"].pk

    # A coordinator builds a survey and opens it.
    sign_in(page, "cara@example.org", PASSWORD, f"/network/{network_id}/surveys/")
    page.check_accessibility()
    page.get_by_role("button", name="Build a survey").click()
    page.get_by_label("Title", exact=True).fill("Were rights upheld this winter?")
    page.get_by_role("button", name="Save and add questions").click()
    page.check_accessibility()
    page.get_by_role("button", name="Add a question").click()
    page.get_by_label("Question", exact=True).fill("Were people's rights upheld?")
    page.get_by_label("Single choice").check()
    page.get_by_label("Answers to choose from").fill("Always\nSometimes\nNever")
    page.check_accessibility()
    page.get_by_role("button", name="Add question").click()
    page.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_text("each member has a link to pass on")).to_be_visible()
    page.check_accessibility()

    # Two advocates from different organisations answer through their own links.
    for organisation, answer in [
        ("Riverside Advocacy", "Sometimes"),
        ("Hillside Advocacy", "Never"),
    ]:
        link = SurveyLink.objects.get(member=network["members"][organisation])
        advocate = make_page()
        advocate.visit(f"/network/s/{link.token}/")
        advocate.get_by_label(answer).check()
        advocate.get_by_label("You may record which organisation I work for").check()
        advocate.get_by_role("button", name="Send my answers").click()
        expect(advocate.get_by_role("heading", name="Thank you")).to_be_visible()
        advocate.check_accessibility()

    # The results: a chart with a table beside it.
    page.get_by_role("link", name="See the results").click()
    expect(page.locator("svg.heard-chart")).to_be_visible()
    table = page.get_by_role("table", name="Answers to “Were people's rights upheld?”")
    expect(table.get_by_role("row", name="Never 1 50%")).to_be_visible()
    expect(table.get_by_role("row", name="Sometimes 1 50%")).to_be_visible()
    page.check_accessibility()

    # A forum post with an NHS number is blocked with a clear message.
    forum = make_page()
    sign_in(forum, "advocate0@example.org", PASSWORD, f"/network/{network_id}/forum/")
    forum.check_accessibility()
    forum.get_by_role("link", name="Access to care homes").click()
    forum.get_by_role("button", name="Start a discussion").click()
    forum.get_by_role("button", name="I accept the code of conduct").click()
    forum.get_by_label("Title").fill("Refused entry")
    forum.get_by_label("Your post").fill("The home refused me. Her NHS number is 943 476 5919.")
    forum.get_by_role("button", name="Post").click()
    summary = forum.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Remove the NHS number")
    forum.check_accessibility()

    # An organisation's admin sees itself against the network.
    admin = make_page()
    sign_in(admin, "admin0@example.org", PASSWORD, f"/network/{network_id}/benchmark/")
    admin.check_accessibility()
    table = admin.get_by_role("table", name="Your organisation against the network")
    row = table.get_by_role(
        "row", name="Working days from referral to first contact: Cases received"
    )
    expect(row).to_contain_text("In the middle half of the network")
    expect(admin.get_by_text("Hillside Advocacy")).to_have_count(0)
