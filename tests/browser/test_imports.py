"""Browser: an import from upload to undo: match columns, see the problems, import, undo."""

from heard.organisations.models import Role
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, OrganisationFactory


def test_an_import_from_upload_to_undo(page, transactional_db, tmp_path):
    """Given a manager with a spreadsheet of people, one row faulty, when they upload it and
    match its columns, then the preview names the row and column; after fixing the file it
    imports, and the import can be undone."""
    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    MembershipFactory(organisation=organisation, role=Role.MANAGER, user__email="sam@example.org")
    bad = tmp_path / "clients.csv"
    bad.write_text("Forename,Surname,DOB\nMary,Jones,11/02/1948\nTom,,1950-05-01\n")
    good = tmp_path / "clients-fixed.csv"
    good.write_text("Forename,Surname,DOB\nMary,Jones,11/02/1948\nTom,Reid,1950-05-01\n")

    sign_in(page, "sam@example.org", PASSWORD, "/imports/")
    page.check_accessibility()
    page.get_by_role("button", name="Start an import").click()
    page.get_by_role("heading", name="Start an import").wait_for()
    page.check_accessibility()
    page.get_by_label("People").check()
    page.get_by_label("Where is it from? (optional)").fill("Old spreadsheet")
    page.get_by_label("Upload a CSV or Excel (.xlsx) file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and continue").click()

    page.get_by_role("heading", name="Match the columns").wait_for()
    page.check_accessibility()
    page.get_by_label("First name (needed)").select_option("Forename")
    page.get_by_label("Last name (needed)").select_option("Surname")
    page.get_by_label("Date of birth").select_option("DOB")
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("heading", name="Put these rows right, then upload the file again").wait_for()
    page.check_accessibility()
    row = page.get_by_role("row").filter(has_text="This is empty. Enter the Last name.")
    assert row.get_by_role("cell").first.inner_text() == "3"

    page.get_by_role("link", name="Upload a corrected file").click()
    page.get_by_label("People").check()
    page.get_by_label("Where is it from? (optional)").fill("Old spreadsheet")
    page.get_by_label("Upload a CSV or Excel (.xlsx) file").set_input_files(str(good))
    page.get_by_role("button", name="Upload and continue").click()
    page.get_by_role("heading", name="Match the columns").wait_for()
    # The saved mapping for this source is already chosen.
    assert page.get_by_label("Last name (needed)").input_value() == "Surname"
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Import 2 rows").click()
    page.get_by_role("heading", name="Imported").wait_for()
    page.check_accessibility()
    page.get_by_role("button", name="Undo this import").click()
    page.get_by_text("The import was undone: 2 records removed.").wait_for()
    page.check_accessibility()
    page.visit("/imports/")
    assert page.get_by_role("cell", name="Undone", exact=True).count() == 1


def test_the_progress_bar_moves_and_the_page_follows_the_check(page, transactional_db):
    """Given a check under way, the page shows how far it has got, and when the check ends
    the page shows the result without the person reloading it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from heard.imports.models import ImportJob, Status
    from heard.imports.services import job_create

    organisation = OrganisationFactory(name="Riverside Advocacy", slug="riverside")
    manager = MembershipFactory(
        organisation=organisation, role=Role.MANAGER, user__email="sam@example.org"
    )
    job = job_create(
        organisation=organisation,
        acting_user=manager.user,
        kind="people",
        upload=SimpleUploadedFile("big.csv", b"First name,Last name\nA,B\n"),
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.CHECKING, total_rows=1000, processed_rows=250
    )
    sign_in(page, "sam@example.org", PASSWORD, f"/imports/{job.pk}/")
    page.get_by_role("heading", name="Checking the file").wait_for()
    page.check_accessibility()
    assert page.get_by_text("250 of 1,000 rows").count() == 1
    assert page.locator("progress").get_attribute("value") == "25"
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=750)
    page.get_by_text("750 of 1,000 rows").wait_for(timeout=10000)
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.CHECKED, total_rows=1000, processed_rows=1000
    )
    page.get_by_role("button", name="Import 1000 rows").wait_for(timeout=10000)
    page.check_accessibility()
