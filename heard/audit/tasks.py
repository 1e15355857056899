"""Background work for the audit trail."""

from django_tasks import task

from .sealing import seal_pending


@task()
def seal_audit_trail() -> int:
    """Run every minute by ``heard scheduler``: seal committed events into their chains."""
    return seal_pending()
