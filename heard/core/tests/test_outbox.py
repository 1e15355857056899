"""The task queue's records: finished ones are pruned after HEARD_TASK_RESULTS_KEEP_DAYS."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from heard.core import outbox, tasks

pytestmark = pytest.mark.django_db


def record(status: str, finished_days_ago: float | None) -> DBTaskResult:
    now = timezone.now()
    finished = None if finished_days_ago is None else now - dt.timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="heard.referrals.tasks.send_referral_notifications",
        backend_name="default",
        run_after=now,
        finished_at=finished,
        exception_class_path="",
        traceback="Traceback … the failing task's message" if status == "FAILED" else "",
    )


def test_finished_records_older_than_the_keep_days_go_and_nothing_else(settings):
    settings.HEARD_TASK_RESULTS_KEEP_DAYS = 14
    old_success, old_failure = record("SUCCESSFUL", 15), record("FAILED", 30)
    recent = record("SUCCESSFUL", 13)
    waiting, running = record("READY", None), record("RUNNING", None)
    assert outbox.prune_finished() == 2
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        recent.pk,
        waiting.pk,
        running.pk,
    }
    assert not DBTaskResult.objects.filter(pk__in=[old_success.pk, old_failure.pk]).exists()


def test_the_keep_days_are_a_setting(settings):
    record("SUCCESSFUL", 3)
    settings.HEARD_TASK_RESULTS_KEEP_DAYS = 2
    assert outbox.prune_finished() == 1
    assert not DBTaskResult.objects.exists()


def test_the_daily_task_prunes(settings):
    """The periodic task (``HEARD_PERIODIC_TASKS``) runs the same pruning."""
    assert settings.HEARD_PERIODIC_TASKS["heard.core.tasks.prune_task_results"] == 86400
    record("SUCCESSFUL", 20)
    tasks.prune_task_results.call()
    assert not DBTaskResult.objects.exists()
