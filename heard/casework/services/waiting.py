"""Writing cases, other than status changes (those belong to ``heard.casework.services.lifecycle``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record
from heard.casework.models import Case, Priority, PriorityChange, Status


class PriorityChangeRefused(Exception):
    """A priority change the case's state does not allow; the message is shown to the user."""


def case_change_priority(
    *, case: Case, priority: str, reason: str, acting_user, request=None
) -> PriorityChange:
    """Change a waiting case's priority, keeping the old one and the reason in the history.

    Priority orders the waiting list, so it is only changed while the case is waiting.
    """
    reason = reason.strip()
    errors = {}
    if priority not in Priority.values:
        errors["priority"] = _("Select a priority")
    if not reason:
        errors["reason"] = _("Enter why the priority is changing")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != Status.WAITING:
            raise PriorityChangeRefused(
                _("Case %(reference)s is %(value)s: only a waiting case's priority can be changed.")
                % {"reference": case.reference, "value": case.get_status_display().lower()}
            )
        if case.priority == priority:
            raise ValidationError(
                {
                    "priority": _("The case is already %(value)s priority")
                    % {"value": Priority(priority).label.lower()}
                }
            )
        change = PriorityChange(
            organisation_id=case.organisation_id,
            case=case,
            previous_priority=case.priority,
            priority=priority,
            reason=reason,
            changed_by=acting_user,
            changed_at=timezone.now(),
        )
        change.full_clean()
        change.save()
        case.priority = priority
        case.save(update_fields=["priority", "updated_at"])
        audit_record(
            "case.priority_changed",
            organisation=case.organisation,
            actor=acting_user,
            target=case,
            changes={"priority": [change.previous_priority, priority]},
            details={"reason": reason, "priority_change_id": change.pk},
            request=request,
        )
        # The first-contact target depends on the priority.
        from heard.casework.services.todos import regenerate_tasks

        regenerate_tasks(case=case, acting_user=acting_user, request=request)
    return change
