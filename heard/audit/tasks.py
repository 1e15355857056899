"""Background work for the audit trail."""

from django_tasks import task

from .sealing import seal_pending


# Cross-organisation work: run by the worker that connects as the maintenance role.
@task(queue_name="maintenance")
def seal_audit_trail() -> int:
    """Run every minute by ``heard scheduler``: seal committed events into their chains."""
    return seal_pending()
