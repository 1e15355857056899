"""Casework depth, end to end, at 1280 px and at 375 px.

Given an urgent IMHA referral for a person detained under section 2: a manager accepts it
and finds it again by its reference; the case shows the referrer's access notes; the
advocate records the section 2 admission, which makes the tribunal-application and expiry
tasks, and the first-contact task uses the urgent target; she records a visit twice and
marks one entered in error (the totals drop); she tries to close with a challenge still
open, sees it listed and confirms; the person's page lists the case and the referral; a
manager reallocates another active case. axe finds nothing on any page visited.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from heard.casework.models import Activity, Case, Status, Task
from heard.casework.services.lifecycle import case_allocate, case_record_first_contact
from heard.core.working_days import add_working_days
from heard.eligibility import assess
from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    ActivityFactory,
    CaseFactory,
    ChallengeFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
)

IMHA_ANSWERS = {"nation": "england", "age": 34, "mha": {"status": "s2"}}
ACCESS_NOTES = "Staff escort needed on Ward 3. Ring the ward before visiting."


@pytest.fixture
def riverside(transactional_db):
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    service = ServiceFactory(
        organisation=organisation,
        name="IMHA – Leeds",
        advocacy_types=["imha"],
        first_contact_target_days=5,
        urgent_first_contact_target_days=1,
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        caseload_capacity=0,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    ada = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=12,
        user__email="ada@example.org",
        user__full_name="Ada Advocate",
    )
    MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=12,
        user__email="colin@example.org",
        user__full_name="Colin Cole",
    )
    referral = ReferralFactory(
        organisation=organisation,
        first_name="Mary",
        last_name="Okafor",
        requested_types=["imha"],
        eligibility_answers=IMHA_ANSWERS,
        eligibility_result=assess(IMHA_ANSWERS),
        situation="Detained under section 2 on Monday and wants to appeal.",
        is_urgent=True,
        urgent_reason="The tribunal application window is short.",
        risks=ACCESS_NOTES,
        referrer_name="Priya Shah",
        referrer_role="Ward manager",
        referrer_organisation="Leeds Mental Health Unit",
    )
    # Another of Ada's cases, already active, for the manager to reallocate.
    tom = CaseFactory(
        organisation=organisation,
        service=service,
        advocacy_type="imha",
        person=PersonFactory(organisation=organisation, first_name="Tom", last_name="Reed"),
    )
    case_allocate(case=tom, advocate=ada, acting_user=manager.user)
    case_record_first_contact(
        case=tom, activity=ActivityFactory(case=tom, with_person=True), acting_user=ada.user
    )
    return {
        "referral": referral,
        "manager": manager.user,
        "ada": ada.user,
        "tom": tom,
    }


def fill_date(group, day: dt.date):
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def add_visit(page, case, note):
    page.visit(f"/cases/{case.pk}/activities/new/")
    page.get_by_label("Type of activity").select_option(label="Visit")
    # A few minutes ago, not a fixed time of day: at 03:00 "today at 10:30" is in the future.
    moment = timezone.localtime() - dt.timedelta(minutes=5)
    fill_date(page.page, moment.date())
    page.get_by_label("Time").fill(moment.strftime("%H:%M"))
    page.get_by_label("Minutes spent").fill("60")
    page.get_by_label("This was contact with the person").set_checked(True)
    page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name="Add activity").click()
    page.check_accessibility()


@pytest.mark.parametrize("width", [1280, 375])
def test_urgent_section_2_referral_to_closing_and_reallocation(make_page, riverside, width):
    page = make_page(viewport={"width": width, "height": 900})
    referral = riverside["referral"]

    # Given the manager signs in: the home page offers "Enter a referral"
    sign_in(page, riverside["manager"].email, PASSWORD)
    expect(page.get_by_role("button", name="Enter a referral")).to_be_visible()
    page.check_accessibility()

    # When they open the urgent referral and accept it as urgent, for a new person
    page.visit("/referrals/")
    row = page.locator("tbody tr", has_text="Mary Okafor")
    expect(row).to_contain_text("Urgent")
    row.get_by_role("link", name="Mary Okafor").click()
    page.check_accessibility()
    page.get_by_label("Accept", exact=True).check()
    page.get_by_label("A new person: create their record from this referral").check()
    page.get_by_label("Urgent", exact=True).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Referral {referral.reference} accepted"
    )
    page.check_accessibility()
    case = Case.objects.get(referral=referral)
    assert case.priority == "urgent"

    # Then the accepted referral is found again by its reference, and leads to its case
    page.get_by_label("Search referrals").fill(referral.reference.lower())
    page.get_by_role("button", name="Show referrals").click()
    page.check_accessibility()
    page.locator("tbody").get_by_role("link", name="Mary Okafor").click()
    page.check_accessibility()
    page.get_by_role("link", name=f"Case {case.reference}").click()

    # And the case shows the referrer's access notes as a warning, and links back
    expect(page.locator("#case-risks")).to_contain_text(ACCESS_NOTES)
    expect(page.get_by_role("link", name="See the full referral")).to_be_visible()
    page.check_accessibility()

    # When the manager allocates Ada
    page.get_by_role("button", name="Allocate an advocate").click()
    page.check_accessibility()
    page.get_by_label("Ada Advocate").check()
    page.get_by_role("button", name="Allocate", exact=True).click()
    page.check_accessibility()
    page.context.clear_cookies()

    # Given Ada signs in and opens the case
    sign_in(page, riverside["ada"].email, PASSWORD)
    page.visit(f"/cases/{case.pk}/")

    # Then the first-contact task uses the urgent target (1 working day, not 5)
    case.refresh_from_db()
    first_contact = Task.objects.get(case=case, rule_key="first_contact")
    assert first_contact.due_on == add_working_days(case.received_on, 1)

    # When she records the section 2 admission
    admitted = timezone.localdate() - dt.timedelta(days=3)
    page.get_by_role("link", name="Change Mental Health Act status and hearing").click()
    page.check_accessibility()
    page.get_by_label("Status under the Mental Health Act").select_option(
        label="Section 2 (assessment)"
    )
    fill_date(page.get_by_role("group", name="When did it begin?"), admitted)
    page.get_by_role("button", name="Save").click()
    page.check_accessibility()

    # Then the tribunal-application and expiry tasks are on the case, with their dates
    tasks = page.locator("#case-tasks")
    expect(tasks).to_contain_text(
        "Last day for the person to apply to the First-tier Tribunal (Mental Health) "
        "against section 2"
    )
    expect(tasks).to_contain_text("Section 2 ends (28 days beginning with the day of admission)")
    assert Task.objects.get(case=case, rule_key="mha_tribunal").due_on == admitted + dt.timedelta(
        days=13
    )
    assert Task.objects.get(case=case, rule_key="mha_ends").due_on == admitted + dt.timedelta(
        days=27
    )

    # When she records the visit twice by mistake, then marks the second entered in error
    add_visit(page, case, "Met Mary on the ward")
    expect(page.get_by_role("alert")).to_contain_text("The case is now active")
    add_visit(page, case, "Met Mary on the ward")
    activities = page.locator("#case-activities")
    expect(activities).to_contain_text("2, 2 with the person")
    expect(activities).to_contain_text("2 hours")
    activities.get_by_role("link", name="Entered in error").first.click()
    page.check_accessibility()
    page.get_by_label("Why was this entered in error?").fill("Recorded twice")
    page.get_by_role("button", name="Mark as entered in error").click()
    page.check_accessibility()

    # Then it stays, struck through, and the totals drop
    activities = page.locator("#case-activities")
    expect(activities).to_contain_text("1, 1 with the person")
    expect(activities).to_contain_text("Recorded twice")
    expect(activities.locator("s").first).to_be_visible()
    assert Activity.objects.filter(case=case).count() == 2

    # Given a challenge she raised for Mary is still waiting for an answer
    ChallengeFactory(
        organisation=case.organisation,
        case=case,
        challenged_organisation="Leeds Mental Health Unit",
        raised_by=riverside["ada"],
    )

    # When she closes the case, the open challenge is listed and she confirms
    page.visit(f"/cases/{case.pk}/")
    page.get_by_role("button", name="Close case").click()
    page.check_accessibility()
    page.get_by_label("Person withdrew").check()
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator("#loose-ends")).to_be_visible()
    expect(
        page.get_by_text("Challenge to Leeds Mental Health Unit has no outcome yet")
    ).to_be_visible()
    page.check_accessibility()
    page.get_by_label("Person withdrew").check()
    page.get_by_label("Close the case with these still open").check()
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Case {case.reference} is closed")
    page.check_accessibility()
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert "Leeds Mental Health Unit" in case.statuses.latest("changed_at").note

    # And Mary's page lists the closed case (the referral is for managers, who triage)
    page.visit(f"/people/{case.person_id}/")
    expect(page.locator("#person-cases")).to_contain_text(case.reference)
    expect(page.locator("#person-cases")).to_contain_text("Closed cases")
    page.context.clear_cookies()

    # Given the manager again: Mary's page lists her case and the referral
    sign_in(page, riverside["manager"].email, PASSWORD)
    page.visit(f"/people/{case.person_id}/")
    expect(page.locator("#person-referrals")).to_contain_text(referral.reference)

    # When they reallocate Tom's active case from Ada to Colin, with a reason
    tom = riverside["tom"]
    page.visit(f"/cases/{tom.pk}/")
    page.get_by_role("button", name="Reallocate").click()
    page.check_accessibility()
    page.get_by_label("Colin Cole").check()
    page.get_by_label("Why is the case being reallocated?").fill("Ada is on leave for a month")
    page.get_by_role("button", name="Reallocate").click()
    page.check_accessibility()

    # Then the case stays active with Colin, and its history says so
    tom.refresh_from_db()
    assert tom.status == Status.ACTIVE
    assert tom.allocated_to.user.full_name == "Colin Cole"
    page.visit(f"/cases/{tom.pk}/")
    expect(page.locator("#case-history")).to_contain_text("Reallocated to Colin Cole")
