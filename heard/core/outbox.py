"""Enqueue a background task so that it happens if and only if the caller's transaction commits.

With the database task queue (production: ``django_tasks_db``) the task's row is written
inside the caller's transaction: it commits with the data it is about (one commit, one
flush to disk, instead of a second autocommit insert after it), and the worker cannot see
it before then. Any other backend (the immediate one in tests, an external broker) gets the
task in ``transaction.on_commit``, as before.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import router, transaction
from django.utils import timezone
from django_tasks_db import DatabaseBackend


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue ``task(*args, **kwargs)`` as part of the current transaction (see above)."""
    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        connection = transaction.get_connection(router.db_for_write(DBTaskResult))
        if connection.in_atomic_block:
            task.enqueue(*args, **kwargs)
            return
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def prune_finished(*, now: dt.datetime | None = None) -> int:
    """Delete the queue's records of tasks that finished more than
    ``HEARD_TASK_RESULTS_KEEP_DAYS`` ago: how many.

    A record keeps the task's arguments, what it returned and, when it failed, its
    traceback, which can quote what it was working on; kept for ever, the table also grows
    by a row for every referral's emails. Tasks waiting or running are never touched.
    """
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.HEARD_TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted
