"""Marking an activity, issue, task or document as entered in error.

A record made by mistake is never deleted or edited away: it is marked with who,
when and why, stays in the case (struck through) and is left out of totals, targets
and reports, which count ``in_effect()`` rows only. Marking is final: a record
marked by mistake is recorded again, so the trail stays honest.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record
from heard.casework import milestones, time_summary
from heard.casework.models import Activity, Document, Issue, Task
from heard.casework.services import todos

MARKABLE = (Activity, Issue, Task, Document)
REASON_MAX_LENGTH = 1000


class MarkRefused(Exception):
    """The record cannot be marked; the message is shown to the user."""


def mark_entered_in_error(*, record, reason: str, acting_user, request=None) -> bool:
    """Mark ``record`` entered in error. Returns False when it already was (nothing changes).

    A generated task cannot be marked: it follows the case's facts, so the facts are
    what to correct. Marking an activity or task regenerates the case's deadlines,
    because first and last contact are read from activities in effect.
    """
    if not isinstance(record, MARKABLE):
        raise TypeError(f"{type(record).__name__} cannot be marked as entered in error")
    if isinstance(record, Task) and record.rule_key:
        raise MarkRefused(
            _("This task comes from the case's facts: correct the facts and it will follow")
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Enter why this was entered in error")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("The reason must be %(limit)s characters or fewer")
                % {"limit": REASON_MAX_LENGTH}
            }
        )
    model = type(record)
    with transaction.atomic():
        stored = model.objects.select_for_update().get(pk=record.pk)
        if stored.entered_in_error_at is not None:
            record.entered_in_error_at = stored.entered_in_error_at
            record.entered_in_error_by_id = stored.entered_in_error_by_id
            record.entered_in_error_reason = stored.entered_in_error_reason
            return False
        if isinstance(record, Activity):
            # It stops counting: take what it added out of the daily time summary.
            time_summary.activity_changed(removed=[time_summary.counted(stored, record.case)])
        record.entered_in_error_at = timezone.now()
        record.entered_in_error_by = acting_user
        record.entered_in_error_reason = reason
        record.save(
            update_fields=[
                "entered_in_error_at",
                "entered_in_error_by",
                "entered_in_error_reason",
                "updated_at",
            ]
        )
        if isinstance(record, Activity) and stored.with_person:
            milestones.refresh([stored.case_id])
        audit_record(
            f"{model._meta.model_name}.entered_in_error",
            organisation=record.organisation,
            actor=acting_user,
            target=record,
            changes={"entered_in_error_at": [None, record.entered_in_error_at.isoformat()]},
            details={"case_id": record.case_id, "reason": reason},
            request=request,
        )
        if isinstance(record, Activity):
            todos.regenerate_tasks(case=record.case, acting_user=acting_user, request=request)
    return True
