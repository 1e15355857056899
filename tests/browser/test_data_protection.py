"""Given a person who asks for everything held about them: a manager records the request and
the identity check and builds the export; the data protection lead reviews the private note
that names them; the manager downloads the zip. Then their erasure is asked for by one person
and approved by another, a retention dry run lists nothing, and the public referral form shows
the privacy notice without JavaScript at 320 px. axe checks every page."""

import zipfile

import pytest
from playwright.sync_api import expect

from heard.casework.models import Status
from heard.development.tests.factories import ReflectiveNoteFactory
from heard.organisations.models import Role
from heard.rights.models import DataProtectionSettings
from tests.browser.conftest import sign_in
from tests.factories import (
    PASSWORD,
    CaseFactory,
    IssueFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def riverside(transactional_db):
    organisation = OrganisationFactory(
        name="Riverside Advocacy",
        slug="riverside",
        settings={"contact_email": "privacy@riverside.example"},
    )
    manager = MembershipFactory(
        organisation=organisation,
        role=Role.MANAGER,
        user__email="sam@example.org",
        user__full_name="Sam Manager",
    )
    lead = MembershipFactory(
        organisation=organisation,
        role=Role.ADMIN,
        user__email="dana@example.org",
        user__full_name="Dana Lead",
    )
    DataProtectionSettings.objects.create(organisation=organisation, data_protection_lead=lead)
    person = PersonFactory(organisation=organisation, first_name="Olwen", last_name="Pritchard")
    case = CaseFactory(organisation=organisation, person=person)
    type(case).objects.filter(pk=case.pk).update(status=Status.CLOSED)
    IssueFactory(case=case, in_their_words="I want to go home")
    note = ReflectiveNoteFactory(author=manager, reflection="Quillberry reflection")
    note.people_named.add(person)
    return {"organisation": organisation, "person": person, "note": note}


def test_subject_access_then_erasure(make_page, riverside, tmp_path):
    person = riverside["person"]
    page = make_page()
    sign_in(page, "sam@example.org", PASSWORD, "/data-protection/subject-access/")
    page.check_accessibility()
    page.get_by_role("button", name="Record a subject access request").click()
    page.check_accessibility()
    page.get_by_label("Reference of the person's record").fill(person.reference)
    page.get_by_label("The person themselves", exact=True).check()
    page.get_by_role("button", name="Record the request").click()
    expect(page.get_by_text("Subject access request recorded")).to_be_visible()
    page.check_accessibility()

    page.get_by_role("button", name="Confirm identity").click()
    page.check_accessibility()
    page.get_by_label("Identity document seen").check()
    page.get_by_role("button", name="Confirm identity").click()
    page.get_by_role("button", name="Build the export").click()
    expect(page.get_by_text("The export was built")).to_be_visible()
    expect(page.get_by_text("The data protection lead must review it")).to_be_visible()
    page.check_accessibility()
    request_url = page.url

    lead = make_page()
    sign_in(lead, "dana@example.org", PASSWORD, request_url.removeprefix(lead.base_url))
    lead.get_by_role("button", name="Review private notes").click()
    expect(lead.get_by_text("Quillberry reflection")).to_be_visible()
    lead.check_accessibility()
    lead.get_by_label("Note").check()
    lead.get_by_role("button", name="Record the review").click()
    expect(lead.get_by_text("Review recorded")).to_be_visible()

    page.reload()  # the review set aside the export built before it
    page.get_by_role("button", name="Build the export", exact=True).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the export (zip)").click()
    path = tmp_path / "sar.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        report = archive.read("report.html").decode()
    assert "I want to go home" in report and "Quillberry reflection" in report

    page.get_by_role("link", name="Record as answered").click()
    page.check_accessibility()
    page.get_by_role("button", name="Record as answered").click()
    expect(page.get_by_text("Request recorded as answered")).to_be_visible()

    # Erasure: Sam asks, Dana approves.
    page.visit("/data-protection/erasure/new/")
    page.get_by_label("Reference of the person's record").fill(person.reference)
    page.get_by_label("Why should the record be erased?").fill("They asked; nothing is open")
    page.get_by_role("button", name="Ask for erasure").click()
    expect(page.get_by_text("a different manager or admin must approve")).to_be_visible()
    page.check_accessibility()
    lead.goto(page.url)
    lead.check_accessibility()
    lead.get_by_role("button", name="Approve and erase").click()
    expect(lead.get_by_text("The record has been erased")).to_be_visible()
    person.refresh_from_db()
    assert person.first_name == "Erased"

    page.visit("/data-protection/retention/")
    page.get_by_role("button", name="Run a dry run").click()
    expect(page.get_by_role("heading", name="0 people's records have expired")).to_be_visible()
    page.check_accessibility()


def test_the_privacy_notice_without_javascript_at_320px(make_page, riverside):
    page = make_page(viewport=NARROW, javascript=False)
    page.visit("/refer/riverside/")
    page.get_by_text("How we use your information (privacy notice)").click()
    expect(page.get_by_text("privacy@riverside.example")).to_be_visible()
    page.check_accessibility()
    page.visit("/refer/riverside/easy-read/")
    page.get_by_text("What we do with your information").click()
    expect(page.get_by_text("We use them to help you get an advocate.")).to_be_visible()
    page.check_accessibility()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"]
