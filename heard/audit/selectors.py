"""Reading the audit trail."""

from .models import AuditEvent


def access_log_for(organisation, obj):
    """Who has looked at (or exported) this record, newest first."""
    return (
        AuditEvent.objects.for_organisation(organisation)
        .about(obj)
        .access()
        .select_related("actor")
    )


def history_for(organisation, obj):
    """Every event about this record: changes and views, newest first."""
    return AuditEvent.objects.for_organisation(organisation).about(obj).select_related("actor")
