"""Background work for people's data protection rights."""

from django_tasks import task

from . import services


@task()
def build_subject_access_export(sar_id: int) -> bool:
    """Build a subject access request's zip (enqueued when someone starts the export)."""
    return services.sar_build_export(sar_id) is not None


@task()
def remind_subject_access_deadlines() -> int:
    """Run hourly by ``heard scheduler``: one reminder per request due within a week."""
    return services.send_deadline_reminders()


@task()
def apply_retention(review_id: int) -> bool:
    """Erase what an approved retention dry run listed (enqueued when a manager approves)."""
    return services.retention_apply(review_id) is not None
