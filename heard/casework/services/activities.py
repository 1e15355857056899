"""Writing activities: visits, calls, meetings, letters, report writing, research, travel.

Saving contact with the person on an allocated case is the case's first
contact: the lifecycle moves it to active. Contact also moves the deadlines
that count from it (first-contact target, RPR visits), so tasks are regenerated.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff, snapshot
from heard.casework import milestones, time_summary
from heard.casework.models import CONTACT_KINDS, Activity, ActivityKind, Case, Status
from heard.casework.services.lifecycle import TransitionRefused, case_record_first_contact
from heard.casework.services.todos import regenerate_tasks

logger = logging.getLogger(__name__)

FIELDS = ["kind", "occurred_at", "minutes", "travel_minutes", "with_person", "present", "note"]
MAX_MINUTES = 24 * 60

CONTACT_KIND_LABELS = ", ".join(
    str(ActivityKind(kind).label).lower() for kind in ActivityKind.values if kind in CONTACT_KINDS
)


def check_activity(data: dict) -> None:
    """Rules a form cannot see alone; raises ``ValidationError`` keyed by field."""
    errors = {}
    occurred_at = data.get("occurred_at")
    if occurred_at is not None and occurred_at > timezone.now():
        errors["occurred_at"] = _(
            "The activity must have happened already: enter a past date and time"
        )
    if data.get("with_person") and data.get("kind") and data["kind"] not in CONTACT_KINDS:
        errors["with_person"] = _(
            "A %(value)s is not contact with the person: only a %(CONTACT_KIND_LABELS)s can be. Untick this box"
        ) % {
            "value": ActivityKind(data["kind"]).label.lower(),
            "CONTACT_KIND_LABELS": CONTACT_KIND_LABELS,
        }
    for field, label in (("minutes", _("Minutes spent")), ("travel_minutes", _("Travel minutes"))):
        value = data.get(field)
        if value is not None and not 0 <= value <= MAX_MINUTES:
            errors[field] = f"{label} must be between 0 and {MAX_MINUTES:,} (24 hours)"
    if errors:
        raise ValidationError(errors)


def _after_contact(case: Case, activity: Activity, acting_user, request) -> None:
    """Contact changed: first contact makes an allocated case active, and deadlines move."""
    if activity.with_person and case.status == Status.ALLOCATED:
        try:
            # A savepoint: a refused transition must not lose the activity just recorded.
            with transaction.atomic():
                case_record_first_contact(
                    case=case, activity=activity, acting_user=acting_user, request=request
                )
        except TransitionRefused as refused:
            logger.warning("First contact on case %s not recorded: %s", case.pk, refused)
    regenerate_tasks(case=case, acting_user=acting_user, request=request)


def activity_create(*, case: Case, acting_user, data: dict, request=None) -> Activity:
    """Record an activity on a case."""
    check_activity(data)
    with transaction.atomic():
        activity = Activity(
            organisation_id=case.organisation_id,
            case=case,
            recorded_by=acting_user,
            **{field: data[field] for field in FIELDS if field in data},
        )
        activity.full_clean()
        activity.save()
        time_summary.activity_changed(added=[time_summary.counted(activity, case)])
        if activity.with_person:
            milestones.refresh([case.pk])
        audit_record(
            "activity.created",
            organisation=case.organisation,
            actor=acting_user,
            target=activity,
            changes=diff({}, snapshot(activity, FIELDS)),
            details={"case_id": case.pk},
            request=request,
        )
        if activity.with_person:
            _after_contact(case, activity, acting_user, request)
    return activity


def activity_update(*, activity: Activity, acting_user, data: dict, request=None) -> Activity:
    """Change an activity, keeping what it was in the audit log."""
    check_activity(data)
    with transaction.atomic():
        stored = (
            Activity.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=activity.pk)
        )
        before = snapshot(stored, FIELDS)
        for field in FIELDS:
            if field in data:
                setattr(activity, field, data[field])
        activity.full_clean()
        changes = diff(before, snapshot(activity, FIELDS))
        if changes:
            activity.save()
            time_summary.activity_changed(
                removed=[time_summary.counted(stored)],
                added=[time_summary.counted(activity, stored.case)],
            )
            if activity.with_person or stored.with_person:
                milestones.refresh([activity.case_id])
            audit_record(
                "activity.updated",
                organisation=activity.organisation,
                actor=acting_user,
                target=activity,
                changes=changes,
                details={"case_id": activity.case_id},
                request=request,
            )
            if activity.with_person or stored.with_person:
                _after_contact(activity.case, activity, acting_user, request)
    return activity
