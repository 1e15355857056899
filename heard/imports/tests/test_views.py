"""The import pages: upload, match columns and values, check, import, undo; and the sample
charity CRM export (a cases file and an activities file) imported with a saved mapping."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from heard.casework.models import Activity
from heard.imports.models import ImportJob, ImportSource, Status
from heard.people.models import Person
from tests.factories import CaseFactory

DATA = Path(__file__).resolve().parent.parent / "data"


def upload(client, name, content, kind, source=""):
    return client.post(
        "/imports/new/",
        {"kind": kind, "source": source, "file": SimpleUploadedFile(name, content)},
    )


def test_advocates_cannot_import(advocate_client):
    assert advocate_client.get("/imports/").status_code == 403


def test_a_file_heard_cannot_read_is_explained_beside_the_field(manager_client):
    response = upload(manager_client, "notes.pdf", b"%PDF", "people")
    assert response.status_code == 200
    assert "Heard reads CSV and Excel (.xlsx) files" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_crm_sample_imports_with_a_saved_mapping(manager_client, organisation):
    """The sample export's clients, then its activities: columns and advocacy-type labels are
    matched once, saved for the source, and used again for the next file."""
    people_file = (DATA / "sample-crm-cases.csv").read_bytes()
    response = upload(manager_client, "cases.csv", people_file, "people", "Sample CRM")
    job = ImportJob.objects.get()
    assert response["Location"] == f"/imports/{job.pk}/columns/"
    columns = manager_client.get(response["Location"]).content.decode()
    assert "Client forename" in columns
    mapping = {
        "first_name": "Client forename",
        "last_name": "Client surname",
        "date_of_birth": "Date of birth",
        "postcode": "Postcode",
        "phone": "Telephone",
        "email": "",
    }
    checked = manager_client.post(f"/imports/{job.pk}/columns/", mapping)
    assert checked["Location"] == f"/imports/{job.pk}/"
    job.refresh_from_db()
    assert (job.status, job.problem_rows) == (Status.CHECKED, 0)
    page = manager_client.get(f"/imports/{job.pk}/").content.decode()
    assert "Import 12 rows" in page
    manager_client.post(f"/imports/{job.pk}/import/")
    job.refresh_from_db()
    assert job.status == Status.IMPORTED
    assert Person.objects.filter(organisation=organisation).count() == 12

    # The next file from the same source finds its columns already matched.
    again = upload(manager_client, "cases-2.csv", people_file, "people", "Sample CRM")
    second = ImportJob.objects.order_by("-id").first()
    form = manager_client.get(again["Location"]).content.decode()
    assert 'value="Client forename" selected' in form
    # Matched by the duplicate rules: nobody is added twice.
    manager_client.post(f"/imports/{second.pk}/columns/", mapping)
    second.refresh_from_db()
    assert second.matched_rows == 12

    # Activities: the CRM's own labels ("Face to face", "Telephone") matched to Heard's kinds.
    for _case in range(3):
        CaseFactory(organisation=organisation)
    activities = (DATA / "sample-crm-activities.csv").read_bytes()
    response = upload(manager_client, "activities.csv", activities, "activities", "Sample CRM")
    job = ImportJob.objects.order_by("-id").first()
    manager_client.post(
        f"/imports/{job.pk}/columns/",
        {
            "case_reference": "Case ID",
            "kind": "Contact type",
            "occurred_on": "Contact date",
            "occurred_time": "Start time",
            "minutes": "Duration",
            "travel_minutes": "Travel time",
            "with_person": "",
            "note": "Contact notes",
        },
    )
    values = manager_client.get(f"/imports/{job.pk}/values/").content.decode()
    assert "Face to face" in values and "Telephone" in values
    response = manager_client.post(
        f"/imports/{job.pk}/values/",
        {
            "kind-value_0": "visit",  # Email (sorted: Email, Face to face, Report, Telephone)
            "kind-value_1": "visit",
            "kind-value_2": "report_writing",
            "kind-value_3": "phone_call",
        },
    )
    job.refresh_from_db()
    assert job.status == Status.CHECKED, job.message
    assert job.problem_rows == 0
    manager_client.post(f"/imports/{job.pk}/import/")
    assert Activity.objects.filter(organisation=organisation).count() == job.total_rows
    source = ImportSource.objects.get(kind="activities")
    assert source.value_mapping["kind"]["Telephone"] == "phone_call"

    undone = manager_client.post(f"/imports/{job.pk}/undo/")
    assert undone.status_code == 302
    assert not Activity.objects.filter(organisation=organisation).exists()


def test_problems_are_listed_row_by_row_and_block_the_import(manager_client):
    content = b"First name,Last name,Date of birth\nAmy,Lee,01/02/1980\n,Khan,1990-01-01\nBo,Wu,31/13/1980\n"
    upload(manager_client, "people.csv", content, "people")
    job = ImportJob.objects.get()
    manager_client.post(
        f"/imports/{job.pk}/columns/",
        {"first_name": "First name", "last_name": "Last name", "date_of_birth": "Date of birth"},
    )
    page = manager_client.get(f"/imports/{job.pk}/").content.decode()
    assert "This is empty. Enter the First name." in page
    assert "“31/13/1980” is not a date Heard can read" in page
    assert "Import " not in page.split("Problems, row by row")[0].split("<h1")[1]
    manager_client.post(f"/imports/{job.pk}/import/")
    assert not Person.objects.exists()


def test_the_template_lists_each_field(manager_client):
    response = manager_client.get("/imports/template/activities/")
    body = response.content.decode("utf-8-sig")
    assert body.splitlines()[0].startswith(
        "Case: reference in Heard or ID in the source,Kind of activity,Date"
    )


def test_the_preview_costs_the_same_queries_for_few_or_many_problems(manager_client):
    """The problems list reads staged rows in one query, however many rows have problems."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(rows: int) -> int:
        content = "First name,Last name\n" + "".join(f"A{n},\n" for n in range(rows))
        upload(manager_client, "people.csv", content.encode(), "people")
        job = ImportJob.objects.order_by("-id").first()
        manager_client.post(
            f"/imports/{job.pk}/columns/", {"first_name": "First name", "last_name": "Last name"}
        )
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(f"/imports/{job.pk}/").status_code == 200
        return len(captured)

    assert queries_for(3) == queries_for(60)


def test_the_list_costs_the_same_queries_for_2_and_12_jobs(manager_client, organisation):
    """Who started each import comes with the list, not a query per job."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory

    def add(count: int) -> None:
        for n in range(count):
            ImportJob.objects.create(
                organisation=organisation,
                kind="people",
                token=f"t{n}",
                file=f"imports/{organisation.pk}/people-{n}.csv",
                original_name=f"people-{n}.csv",
                created_by=UserFactory(),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = manager_client.get("/imports/")
        assert response.status_code == 200
        return len(captured)

    manager_client.get("/")
    add(2)
    few = queries()
    add(10)
    assert queries() == few
    assert "people-9.csv" in manager_client.get("/imports/").content.decode()


def test_cases_are_matched_and_checked_through_the_pages(manager_client, organisation):
    """The cases file's three coded columns each get their own matches on one page; a value
    left unmatched is an error beside it; once matched, the check finds the people imported
    before and previews the cases, and the import adds them."""
    from heard.casework.models import Case
    from heard.imports.services import distinct_values
    from tests.factories import MembershipFactory, ServiceFactory, UserFactory

    ServiceFactory(
        organisation=organisation, advocacy_types=["care_act", "imha", "imca", "paid_rpr"]
    )
    for name in ("Jo Patel", "Sam Reid", "Alex Moore"):
        MembershipFactory(organisation=organisation, user=UserFactory(full_name=name))
    content = (DATA / "sample-crm-cases.csv").read_bytes()
    upload(manager_client, "people.csv", content, "people")
    people = ImportJob.objects.get()
    manager_client.post(
        f"/imports/{people.pk}/columns/",
        {"first_name": "Client forename", "last_name": "Client surname"},
    )
    manager_client.post(f"/imports/{people.pk}/import/")
    assert Person.objects.filter(organisation=organisation).count() == 12

    upload(manager_client, "cases.csv", content, "cases", "Sample CRM")
    job = ImportJob.objects.order_by("-id").first()
    response = manager_client.post(
        f"/imports/{job.pk}/columns/",
        {
            "first_name": "Client forename",
            "last_name": "Client surname",
            "advocacy_type": "Advocacy type",
            "received_on": "Referral date",
            "advocate": "Advocate",
            "status": "Case status",
            "closed_on": "Closure date",
            "closure_reason": "Closure reason",
        },
    )
    assert response["Location"] == f"/imports/{job.pk}/values/"
    page = manager_client.get(response["Location"]).content.decode()
    assert "IMCA - Accommodation" in page and "Open" in page and "Decision made" in page
    refused = manager_client.post(f"/imports/{job.pk}/values/", {})
    assert refused.status_code == 200
    assert "Choose what “Outcome achieved” means" in refused.content.decode()
    job.refresh_from_db()
    assert job.status == Status.UPLOADED

    meaning = {
        "Care Act Advocacy": "care_act",
        "IMHA": "imha",
        "RPR (DoLS)": "paid_rpr",
        "Open": "active",
        "Closed": "closed",
        "Client withdrew": "person_withdrew",
    }
    answers = {}
    for name, column in [
        ("advocacy_type", "Advocacy type"),
        ("status", "Case status"),
        ("closure_reason", "Closure reason"),
    ]:
        for number, value in enumerate(distinct_values(job, name, column)):
            fallback = "imca" if name == "advocacy_type" else "issues_resolved"
            answers[f"{name}-value_{number}"] = meaning.get(value, fallback)
    manager_client.post(f"/imports/{job.pk}/values/", answers)
    job.refresh_from_db()
    assert (job.status, job.problem_rows) == (Status.CHECKED, 0), job.message
    page = manager_client.get(f"/imports/{job.pk}/").content.decode()
    assert "Import 12 rows" in page
    manager_client.post(f"/imports/{job.pk}/import/")
    assert Case.objects.filter(organisation=organisation, status="closed").count() == 8
