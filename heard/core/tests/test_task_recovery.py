"""A task whose worker died mid-task is failed after HEARD_TASK_ABANDONED_AFTER_MINUTES, and
what it was making says so instead of waiting for ever."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from heard.audit.models import AuditEvent
from heard.core import task_recovery, tasks
from heard.core.tests.test_progress import an_export
from heard.imports.models import ImportJob
from heard.imports.models import Status as ImportStatus
from heard.reporting.models import ExportStatus
from heard.rights.models import ExportState, SarStatus
from heard.rights.tests.factories import SubjectAccessRequestFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def running(task_path: str, minutes_ago: float, *args, **kwargs) -> DBTaskResult:
    """The queue's row as a worker leaves it when it is killed mid-task."""
    now = timezone.now()
    return DBTaskResult.objects.create(
        status="RUNNING",
        args_kwargs={"args": list(args), "kwargs": kwargs},
        task_path=task_path,
        backend_name="default",
        run_after=now,
        started_at=now - dt.timedelta(minutes=minutes_ago),
        worker_ids=["worker-1"],
        exception_class_path="",
        traceback="",
    )


EXPORT_TASK = "heard.reporting.tasks.make_report_export"


@pytest.mark.parametrize(
    ("minutes_running", "task_status", "export_status"),
    [(61, "FAILED", ExportStatus.FAILED), (59, "RUNNING", ExportStatus.RUNNING)],
)
def test_an_export_whose_worker_died_fails_once_past_the_limit(
    organisation, settings, minutes_running, task_status, export_status
):
    settings.HEARD_TASK_ABANDONED_AFTER_MINUTES = 60
    export = an_export(organisation, status=ExportStatus.RUNNING, progress=35)
    row = running(EXPORT_TASK, minutes_running, export.pk, organisation_id=organisation.pk)
    assert task_recovery.recover_abandoned() == (1 if task_status == "FAILED" else 0)
    row.refresh_from_db()
    export.refresh_from_db()
    assert (row.status, export.status) == (task_status, export_status)
    if task_status == "FAILED":  # the queue's record says why, and which worker it lost
        assert row.finished_at is not None
        assert row.exception_class_path == "heard.core.task_recovery.TaskAbandoned"
        assert "worker-1" in row.traceback


def test_an_export_that_was_finished_after_all_keeps_its_file(organisation):
    export = an_export(organisation, status=ExportStatus.READY, progress=100)
    running(EXPORT_TASK, 600, export.pk, organisation_id=organisation.pk)
    assert task_recovery.recover_abandoned() == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.READY


def test_waiting_and_finished_tasks_are_not_touched_and_a_task_without_a_handler_just_fails():
    waiting = DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="heard.core.tasks.purge_rate_counts",
        backend_name="default",
        run_after=timezone.now() - dt.timedelta(days=1),
    )
    emails = running("heard.referrals.tasks.send_referral_notifications", 600, 1)
    assert task_recovery.recover_abandoned() == 1
    waiting.refresh_from_db()
    emails.refresh_from_db()
    assert waiting.status == "READY" and emails.status == "FAILED"


def test_a_subject_access_export_whose_worker_died_fails_and_is_audited(person):
    sar = SubjectAccessRequestFactory(
        person=person,
        status=SarStatus.IN_PROGRESS,
        identity_confirmed_on=timezone.localdate(),
        export_state=ExportState.BUILDING,
        progress=40,
    )
    running(
        "heard.rights.tasks.build_subject_access_export",
        600,
        sar.pk,
        organisation_id=sar.organisation_id,
    )
    assert task_recovery.recover_abandoned() == 1
    sar.refresh_from_db()
    assert (sar.export_state, sar.progress) == (ExportState.FAILED, 0)
    event = AuditEvent.objects.get(event_type="sar.export_failed")
    assert event.details == {"reason": "worker_stopped"}


def test_an_import_check_whose_worker_died_goes_back_to_matching_columns(organisation, client_as):
    from heard.organisations.models import Role

    job = ImportJob.objects.create(
        organisation=organisation,
        kind="people",
        token="t1",
        file=f"imports/{organisation.pk}/people.csv",
        original_name="people.csv",
        created_by=UserFactory(),
        status=ImportStatus.CHECKING,
    )
    running("heard.imports.tasks.check_import", 600, job.pk, organisation_id=organisation.pk)
    assert task_recovery.recover_abandoned() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.UPLOADED
    page = client_as(Role.MANAGER, organisation).get(f"/imports/{job.pk}/")
    assert "The check stopped before it finished" in page.content.decode()
    assert "Match the columns" in page.content.decode()


def test_the_maintenance_worker_checks_every_ten_minutes(settings, organisation):
    assert settings.HEARD_PERIODIC_TASKS["heard.core.tasks.recover_abandoned_tasks"] == 600
    export = an_export(organisation, status=ExportStatus.QUEUED)
    running(EXPORT_TASK, 600, export.pk, organisation_id=organisation.pk)
    assert tasks.recover_abandoned_tasks.call() == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED


RETENTION_TASK = "heard.rights.tasks.apply_retention"


def approved_review(organisation):
    from heard.rights.models import RetentionStatus
    from heard.rights.tests.factories import RetentionReviewFactory

    return RetentionReviewFactory(organisation=organisation, status=RetentionStatus.APPROVED)


def test_an_approved_retention_run_whose_worker_died_runs_again(
    organisation, django_capture_on_commit_callbacks
):
    from heard.rights.models import RetentionStatus

    review = approved_review(organisation)
    running(RETENTION_TASK, 600, review.pk, organisation_id=organisation.pk)
    with django_capture_on_commit_callbacks(execute=True) as queued:
        assert task_recovery.recover_abandoned() == 1
    assert len(queued) == 1  # queued again (run at once by the tests' task backend)
    review.refresh_from_db()
    assert review.status == RetentionStatus.CARRIED_OUT


def test_a_retention_run_that_keeps_losing_its_worker_is_not_queued_for_ever(
    organisation, django_capture_on_commit_callbacks
):
    from heard.rights.tasks import RETENTION_RETRIES

    review = approved_review(organisation)
    for _attempt in range(RETENTION_RETRIES):
        running(RETENTION_TASK, 600, review.pk, organisation_id=organisation.pk)
        with django_capture_on_commit_callbacks(execute=False) as queued:
            task_recovery.recover_abandoned()
        assert len(queued) == 1
    running(RETENTION_TASK, 600, review.pk, organisation_id=organisation.pk)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert task_recovery.recover_abandoned() == 1
    assert queued == []
    other = approved_review(organisation)  # another review's runs are counted apart
    running(RETENTION_TASK, 600, other.pk, organisation_id=organisation.pk)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        task_recovery.recover_abandoned()
    assert len(queued) == 1
