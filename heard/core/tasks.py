"""Background work for the core app, run by the task worker."""

from django_tasks import task

from heard.core import outbox, rate_limit, task_recovery


# Cross-organisation work: run by the worker that connects as the maintenance role.
@task(queue_name="maintenance")
def purge_rate_counts() -> int:
    """Delete the public forms' rate counts whose window has ended."""
    return rate_limit.purge_expired()


# Every organisation's tasks: the maintenance worker, like the other housekeeping.
@task(queue_name="maintenance")
def prune_task_results() -> int:
    """Delete the records of background tasks that finished long enough ago."""
    return outbox.prune_finished()


# Every organisation's tasks: the maintenance worker, like the other housekeeping.
@task(queue_name="maintenance")
def recover_abandoned_tasks() -> int:
    """Fail the tasks whose worker stopped mid-task, and what they were making with them."""
    return task_recovery.recover_abandoned()
