"""Given known data for a quarter: a manager opens the contract report, asks for the PDF and the
XLSX, watches the progress bar fill and downloads both (the PDF is drawn page by page to
images); a commissioner sees only their service, with "fewer than 5" where due, on a phone
too. Every page is checked with axe."""

import io

import pytest
from playwright.sync_api import expect

from heard.organisations.models import Role
from heard.reporting import tasks
from heard.reporting.models import Commission, ReportExport
from heard.reporting.tests.world import PERIOD, build_world
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory

PHONE = {"width": 320, "height": 640}


class HeldTask:
    """Stands in for the background worker: keeps what is enqueued until the test runs it."""

    def __init__(self, task):
        self.task = task
        self.waiting: list[tuple[tuple, dict]] = []

    def enqueue(self, *args, **kwargs):
        self.waiting.append((args, kwargs))

    def run_all(self):
        while self.waiting:
            args, kwargs = self.waiting.pop(0)
            self.task.call(*args, **kwargs)


@pytest.fixture
def world(transactional_db):
    return build_world()


@pytest.fixture
def held(monkeypatch):
    held = HeldTask(tasks.make_report_export)
    monkeypatch.setattr(tasks, "make_report_export", held, raising=True)
    return held


def _choose_quarter(page):
    page.get_by_text("Change the period").click()
    page.get_by_label("Quarter").select_option(label=PERIOD.label)
    page.get_by_role("button", name="Show the report").click()
    expect(page.locator("#report-period")).to_have_text(PERIOD.label)


def _export(page, held, fmt_label: str) -> bytes:
    page.get_by_role("radio", name=fmt_label).check()
    page.get_by_role("button", name="Make the download").click()
    progress = page.locator("#export-progress")
    expect(progress).to_be_visible()
    expect(page.locator("main")).to_contain_text("Making your export: 0% done")
    page.check_accessibility()
    # The worker picks it up; the page, polling, fills the bar and offers the download.
    held.run_all()
    expect(page.locator("#export-ready")).to_be_visible(timeout=10_000)
    page.check_accessibility()
    with page.expect_download() as download_info:
        page.locator("#export-download").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        return handle.read()


def test_a_manager_downloads_the_quarters_pdf_and_xlsx(page, world, held):
    # Given the manager signs in and opens Reports from the menu
    sign_in(page, world.manager.user.email, PASSWORD)
    page.get_by_role("link", name="Reports", exact=True).click()
    page.check_accessibility()
    page.get_by_role("link", name="Leeds Care Act advocacy", exact=True).click()
    _choose_quarter(page)
    page.check_accessibility()
    expect(page.locator("#case_counts")).to_contain_text("3")
    report_url = page.url

    # When they ask for the PDF, they watch it being made, then download it
    pdf = _export(page, held, "PDF report")
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    assert len(document) >= 2
    images = [document[index].render(scale=0.5).to_pil() for index in range(len(document))]
    assert all(image.size[0] > 200 for image in images)
    first_page = document[0].get_textpage().get_text_range()
    assert "Leeds Care Act advocacy" in first_page and f"Page 1 of {len(document)}" in first_page

    # And the spreadsheet, with real numbers in it
    page.goto(report_url)
    xlsx = _export(page, held, "Spreadsheet (XLSX)")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames[0] == "About this report"
    assert ReportExport.objects.filter(status="ready").count() == 2


def test_a_commissioner_sees_only_their_service_with_small_numbers_hidden(make_page, world):
    member = MembershipFactory(
        organisation=world.organisation,
        role=Role.COMMISSIONER,
        user__email="cara@example.org",
        user__full_name="Cara Commissioner",
    )
    Commission.objects.create(
        organisation=world.organisation, membership=member, service=world.care_act
    )
    for viewport in (None, PHONE):
        page = make_page(viewport=viewport)
        # Given the commissioner signs in: their home is their services' reports
        sign_in(page, "cara@example.org", PASSWORD)
        page.check_accessibility()
        main = page.locator("main")
        expect(main).to_contain_text("Leeds Care Act advocacy")
        expect(main).not_to_contain_text("Leeds IMHA")
        expect(main).not_to_contain_text("All services")
        # When they open it for the quarter
        page.get_by_role("link", name="Leeds Care Act advocacy", exact=True).click()
        _choose_quarter(page)
        page.check_accessibility()
        # Then small counts are hidden, and nothing links to any record
        expect(page.locator("#case_counts")).to_contain_text("fewer than 5")
        expect(page.locator("main a[href*='/reports/counted/']")).to_have_count(0)
        # And another service's report is not found
        page.goto(page.base_url + f"/reports/services/{world.imha.pk}/")
        expect(page.locator("h1")).to_contain_text("not found", ignore_case=True)
