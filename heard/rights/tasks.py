"""Background work for people's data protection rights."""

import logging

from django_tasks import task

from heard.core.outbox import enqueue_on_commit
from heard.core.task_recovery import times_abandoned, when_abandoned
from heard.core.tenant_db import in_organisation

from . import services

logger = logging.getLogger(__name__)


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


#: Times an approved retention run is queued again after its worker died, before it is left
#: for someone to look at (a run that itself kills its worker must not repeat for ever).
RETENTION_RETRIES = 3


@when_abandoned(apply_retention)
def retry_abandoned_retention(review_id: int) -> None:
    """Erasure a manager approved must still happen, and running it again is safe: each record
    is checked again and what was erased is not found twice. Queued again while it is still
    approved, up to ``RETENTION_RETRIES`` times."""
    review = services.retention_still_approved(review_id)
    if review is None:
        return
    if times_abandoned(apply_retention, review_id) > RETENTION_RETRIES:
        logger.error(
            "Retention run %s lost its worker %s times: not queued again.",
            review_id,
            RETENTION_RETRIES + 1,
        )
        return
    enqueue_on_commit(apply_retention, review_id, organisation_id=review.organisation_id)
