"""Background work for people's data protection rights."""

from django_tasks import task

from heard.core.task_recovery import when_abandoned
from heard.core.tenant_db import in_organisation

from . import services


@task()
@in_organisation
def build_subject_access_export(sar_id: int) -> bool:
    """Build a subject access request's zip (enqueued when someone starts the export).

    Enqueue with ``organisation_id=``: the task runs bound to the request's organisation.
    """
    return services.sar_build_export(sar_id) is not None


@when_abandoned(build_subject_access_export)
def fail_abandoned_subject_access_export(sar_id: int) -> None:
    services.sar_export_abandoned(sar_id)


# Cross-organisation work: run by the worker that connects as the maintenance role.
@task(queue_name="maintenance")
def remind_subject_access_deadlines() -> int:
    """Run hourly by ``heard scheduler``: one reminder per request due within a week."""
    return services.send_deadline_reminders()


@task()
@in_organisation
def apply_retention(review_id: int) -> bool:
    """Erase what an approved retention dry run listed (enqueued when a manager approves).

    Enqueue with ``organisation_id=``: the task runs bound to the review's organisation.
    """
    return services.retention_apply(review_id) is not None
