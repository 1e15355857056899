"""Progress written by a background task is seen by the page polling it while the task runs,
and a failure the task's rollback would undo stays recorded."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from heard.core import progress, tenant_db
from heard.reporting.models import ExportStatus, ReportExport
from heard.reporting.tasks import make_report_export
from tests.factories import MembershipFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL runs a task in one transaction"
)


def an_export(organisation, **fields) -> ReportExport:
    membership = MembershipFactory(organisation=organisation)
    return ReportExport.objects.create(
        organisation=organisation,
        requested_by=membership.user,
        start=dt.date(2026, 4, 1),
        end=dt.date(2026, 6, 30),
        expires_at=timezone.now() + dt.timedelta(days=7),
        **{"format": "xlsx", **fields},
    )


def read_elsewhere(pk: int) -> tuple[str, int]:
    """The export's status and progress as another session (the polling page) sees them."""
    seen = []

    def read():
        try:
            seen.append(ReportExport.objects.values_list("status", "progress").get(pk=pk))
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join(timeout=10)
    return seen[0]


@pytest.mark.django_db
def test_outside_a_transaction_it_is_an_ordinary_update(organisation):
    export = an_export(organisation)
    progress.record(ReportExport, export.pk, status=ExportStatus.RUNNING, progress=30)
    export.refresh_from_db()
    assert (export.status, export.progress) == (ExportStatus.RUNNING, 30)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_inside_the_tasks_transaction_others_see_it_at_once_and_it_outlives_a_rollback(
    organisation,
):
    export = an_export(organisation)

    class Stop(Exception):
        pass

    with pytest.raises(Stop), tenant_db.organisation_context(organisation):
        progress.record(ReportExport, export.pk, status=ExportStatus.RUNNING, progress=40)
        assert read_elsewhere(export.pk) == (ExportStatus.RUNNING, 40)  # the task runs on
        raise Stop
    export.refresh_from_db()
    assert (export.status, export.progress) == (ExportStatus.RUNNING, 40)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_row_the_task_itself_has_locked_is_written_with_the_task_not_waited_for(
    organisation, monkeypatch
):
    monkeypatch.setattr(progress, "LOCK_TIMEOUT", "100ms")
    export = an_export(organisation)
    with transaction.atomic():
        tenant_db.bind(organisation=organisation)
        ReportExport.objects.filter(pk=export.pk).update(progress=10)  # holds the row's lock
        progress.record(ReportExport, export.pk, progress=50)
        assert ReportExport.objects.get(pk=export.pk).progress == 50
        assert read_elsewhere(export.pk)[1] == 0  # with the task: seen when it commits
    assert ReportExport.objects.get(pk=export.pk).progress == 50


@pytest.mark.django_db(transaction=True)
def test_an_export_that_fails_says_failed_after_the_tasks_rollback(organisation):
    export = an_export(organisation, format="docx")  # no writer for it: the task fails
    with pytest.raises(KeyError):
        make_report_export.call(export.pk, organisation_id=organisation.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_an_import_check_that_breaks_is_not_left_checking(organisation):
    from heard.imports.models import ImportJob, Status
    from heard.imports.tasks import check_import
    from tests.factories import UserFactory

    job = ImportJob.objects.create(
        organisation=organisation,
        kind="people",
        token="gone",
        file=f"imports/{organisation.pk}/never-stored.csv",  # the file is not there
        original_name="people.csv",
        created_by=UserFactory(),
        status=Status.CHECKING,
    )
    with pytest.raises(FileNotFoundError):
        check_import.call(job.pk, organisation_id=organisation.pk)
    job.refresh_from_db()
    assert job.status == Status.UPLOADED
    assert job.message.startswith("The check stopped before it finished")
