"""Enqueue a background task so that it happens if and only if the caller's transaction commits.

With the database task queue (production: ``django_tasks_db``) the task's row is written
inside the caller's transaction: it commits with the data it is about (one commit, one
flush to disk, instead of a second autocommit insert after it), and the worker cannot see
it before then. Any other backend (the immediate one in tests, an external broker) gets the
task in ``transaction.on_commit``, as before.
"""

from __future__ import annotations

from django.db import router, transaction
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
