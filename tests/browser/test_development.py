"""Given a new advocate on induction: signed off for IMCA only, allocation offers IMCA cases and
asks for an override on an IMHA case; a 1:1 with an action clears the overdue flag and the
action appears on the advocate's "my day". Every page is checked with axe at 1280 and 375 px."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.development.models import AdvocateProfile, InductionItem
from heard.development.selectors import READINESS_SETTING
from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CaseFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def riverside(transactional_db):
    organisation = OrganisationFactory(
        name="Riverside Advocacy", slug="riverside", settings={READINESS_SETTING: True}
    )
    service = ServiceFactory(
        organisation=organisation, name="Statutory advocacy", advocacy_types=["imca", "imha"]
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        caseload_capacity=0,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    nia = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=10,
        user__email="nia@example.org",
        user__full_name="Nia Newstarter",
    )
    AdvocateProfile.objects.create(
        organisation=organisation,
        membership=nia,
        line_supervisor=manager,
        start_date=timezone.localdate() - dt.timedelta(days=70),
        advocacy_types=["imca"],
    )
    InductionItem.objects.create(
        organisation=organisation,
        stage="before_cases",
        title="Observed practice visit",
        signed_off_by="line_supervisor",
    )
    imca = CaseFactory(
        organisation=organisation,
        service=service,
        advocacy_type="imca",
        person=PersonFactory(organisation=organisation, first_name="Iris", last_name="Moss"),
    )
    imha = CaseFactory(
        organisation=organisation,
        service=service,
        advocacy_type="imha",
        person=PersonFactory(organisation=organisation, first_name="Hal", last_name="Wren"),
    )
    return {"nia": nia, "imca": imca, "imha": imha}


def test_induction_readiness_allocation_and_supervision(page, make_page, riverside):
    nia = riverside["nia"]
    member_url = f"/team/people/{nia.pk}/"

    # Given the manager signs in and opens the team from the menu
    sign_in(page, "sam@example.org", PASSWORD)
    page.get_by_role("link", name="Team", exact=True).click()
    page.check_accessibility()
    row = page.locator("tr", has_text="Nia Newstarter")
    expect(row).to_contain_text("One-to-one supervision overdue")

    # When they sign off Nia's induction item and her readiness for IMCA only
    page.visit(member_url)
    page.get_by_role("link", name="Sign off Observed practice visit").click()
    page.check_accessibility()
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator("main")).to_contain_text("1 of 1 done")
    page.get_by_role("link", name="Sign off as ready for a type of advocacy").click()
    page.check_accessibility()
    page.get_by_role("radio", name="Independent Mental Capacity Advocate").check()
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator("#readiness + ul")).to_contain_text("Independent Mental Capacity Advocate")
    page.check_accessibility()

    # Then allocation offers her the IMCA case
    page.visit(f"/cases/{riverside['imca'].pk}/allocate/")
    nia_option = page.get_by_role("radio", name="Nia Newstarter")
    page.check_accessibility()
    nia_option.check()
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "allocated to Nia Newstarter"
    )

    # And asks for an override on the IMHA case
    page.visit(f"/cases/{riverside['imha'].pk}/allocate/")
    expect(page.locator("main")).to_contain_text("Not signed off or qualified for this type")
    page.get_by_role("radio", name="Nia Newstarter").check()
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "not signed off as ready for Independent Mental Health Advocate cases"
    )
    page.check_accessibility()

    # When the manager records a 1:1 with Nia and an action for her
    page.visit("/team/supervision/new/")
    page.get_by_role("radio", name="One-to-one supervision").check()
    page.get_by_role("checkbox", name="Nia Newstarter").check()
    page.get_by_label("Supervisor (optional)").select_option(label="Sam Manager")
    page.get_by_role("checkbox", name="Professional curiosity").check()
    page.get_by_role("button", name="Save supervision").click()
    page.check_accessibility()
    page.get_by_role("button", name="Add an action").click()
    page.get_by_label("What was agreed?").fill("Shadow an IMHA tribunal with your mentor")
    page.get_by_label("Who will do it?").select_option(label="Nia Newstarter")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator("main")).to_contain_text("Shadow an IMHA tribunal with your mentor")
    page.check_accessibility()

    # Then the one-to-one is no longer overdue
    page.visit("/team/")
    expect(page.locator("tr", has_text="Nia Newstarter")).not_to_contain_text(
        "One-to-one supervision overdue"
    )

    # And at 375 px the team, Nia's record and the manager view pass axe
    phone = make_page(viewport=PHONE)
    sign_in(phone, "sam@example.org", PASSWORD)
    for path in ("/team/", member_url, "/team/training-matrix/", "/cases/manager/"):
        phone.visit(path)

    # Given Nia signs in on her phone, the action is on her day
    nia_page = make_page(viewport=PHONE)
    sign_in(nia_page, "nia@example.org", PASSWORD)
    nia_page.visit("/cases/my-day/")
    expect(nia_page.locator("#supervision-actions + p + ul")).to_contain_text(
        "Shadow an IMHA tribunal with your mentor"
    )
    nia_page.visit("/team/me/")
    nia_page.visit("/team/reflections/new/")
