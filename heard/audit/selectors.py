"""Reading the audit trail."""

from .models import AuditEvent, PendingAnonymousEvent


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


def anonymous_pending_for(organisation, obj):
    """Anonymous events about this record not yet in the trail (they join it the next day)."""
    return PendingAnonymousEvent.objects.filter(
        organisation=organisation, target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).order_by("-day", "id")
