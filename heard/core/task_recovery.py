"""Tasks whose worker died: failed on the queue, and what they were making marked failed.

A task worker stopped gracefully (``SIGTERM``, a deploy) finishes its task first, and one
interrupted twice records the task as failed. A worker killed outright (out of memory,
``SIGKILL``, a lost machine) records nothing: the queue's row says RUNNING for ever, and an
export's progress bar waits for ever with it. The queue has no heartbeat to tell a dead
worker from a slow one, so a task still running ``HEARD_TASK_ABANDONED_AFTER_MINUTES``
after it started is taken to have lost its worker.

Each kind of task that leaves something waiting on it registers what to do then with
:func:`when_abandoned`, beside the task: mark what it was making failed, or, for work that
must happen and is safe to repeat, queue it again a few times (:func:`times_abandoned`).
Handlers only move records still waiting on the task (queued or being made), so a slow
worker that finishes after all still delivers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

from heard.core.tenant_db import organisation_context

logger = logging.getLogger(__name__)

#: ``task_path`` → what to do when that task is abandoned (called with the task's arguments).
_HANDLERS: dict[str, Callable[..., None]] = {}


class TaskAbandoned(Exception):
    """Recorded as a task's failure when its worker stopped without saying how it ended."""


#: How the queue's record names that failure (``exception_class_path``).
ABANDONED = f"{TaskAbandoned.__module__}.{TaskAbandoned.__qualname__}"


def when_abandoned(task) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register the decorated function as what to do when ``task`` is abandoned.

    It is called with the task's own arguments, inside the task's organisation when the task
    works for one (``organisation_id=``), and should mark what the task was making failed.
    """

    def register(handler: Callable[..., None]) -> Callable[..., None]:
        _HANDLERS[task.module_path] = handler
        return handler

    return register


def times_abandoned(task, *args) -> int:
    """How many runs of ``task`` with these first arguments were failed as abandoned: for a
    handler that runs the task again, so a task that itself kills its worker is not run for
    ever."""
    from django_tasks_db.models import DBTaskResult

    runs = DBTaskResult.objects.filter(
        task_path=task.module_path,
        exception_class_path=ABANDONED,
    )
    for index, value in enumerate(args):
        runs = runs.filter(**{f"args_kwargs__args__{index}": value})
    return runs.count()


def _handler_for(task_path: str) -> Callable[..., None] | None:
    # Importing the task's module registers its handler, whatever the worker imported so far.
    try:
        import_string(task_path)
    except ImportError:
        return None
    return _HANDLERS.get(task_path)


def recover_abandoned(*, now: dt.datetime | None = None) -> int:
    """Fail every task running longer than ``HEARD_TASK_ABANDONED_AFTER_MINUTES`` and run its
    handler: how many were failed. Each task is recovered in its own transaction."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(minutes=settings.HEARD_TASK_ABANDONED_AFTER_MINUTES)
    stale = DBTaskResult.objects.running().filter(started_at__lte=cutoff)
    recovered = 0
    for task_id in list(stale.values_list("pk", flat=True)):
        with transaction.atomic():
            # Locked, and still running: a worker that finished meanwhile keeps its result.
            row = stale.select_for_update(skip_locked=True).filter(pk=task_id).first()
            if row is None:
                continue
            row.status = TaskResultStatus.FAILED
            row.finished_at = now
            row.return_value = None
            row.exception_class_path = ABANDONED
            row.traceback = (
                f"{TaskAbandoned.__qualname__}: still running "
                f"{settings.HEARD_TASK_ABANDONED_AFTER_MINUTES} minutes after it started "
                f"(worker {', '.join(row.worker_ids) or 'unknown'}); its worker is taken to "
                "have stopped.\n"
            )
            row.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "return_value",
                    "exception_class_path",
                    "traceback",
                ]
            )
            _run_handler(row)
        recovered += 1
        logger.warning("Task %s (%s) abandoned by its worker: failed.", row.pk, row.task_path)
    return recovered


def _run_handler(row) -> None:
    handler = _handler_for(row.task_path)
    if handler is None:
        return
    args = row.args_kwargs.get("args", [])
    kwargs = dict(row.args_kwargs.get("kwargs", {}))
    organisation_id = kwargs.pop("organisation_id", None)
    if organisation_id is None:
        handler(*args, **kwargs)
        return
    with organisation_context(organisation_id):
        handler(*args, **kwargs)
