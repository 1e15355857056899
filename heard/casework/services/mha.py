"""Writing a case's Mental Health Act facts: the status, when it began, the next hearing.

The deadlines come from these facts (``heard.casework.deadlines``), so a change regenerates
the case's tasks. Audited as ``case.mha_updated`` with what changed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record, diff, snapshot
from heard.casework.deadlines import MHA_TYPES
from heard.casework.models import Case, MhaHearingKind, MhaStatus
from heard.casework.services import todos

MHA_FIELDS = [
    "mha_status",
    "mha_status_began_at",
    "mha_detention_extended",
    "mha_hearing_kind",
    "mha_hearing_on",
]
# Sections counted in hours: the time they began matters, not just the day.
HOUR_BASED = frozenset(
    {MhaStatus.S4, MhaStatus.S5_2, MhaStatus.S5_4, MhaStatus.S135, MhaStatus.S136}
)
EXTENDABLE = frozenset({MhaStatus.S135, MhaStatus.S136})


def check_mha_facts(data: dict) -> dict[str, str]:
    """Messages keyed by field, empty when the facts make sense together."""
    errors: dict[str, str] = {}
    status = data.get("mha_status") or ""
    began_at = data.get("mha_status_began_at")
    if status and status not in MhaStatus.values:
        errors["mha_status"] = _("Select the person's status from the list")
    if status and began_at is None:
        errors["mha_status_began_at"] = _("Enter when the status began")
    if began_at is not None and not status:
        errors["mha_status"] = _("Select the person's status, or remove when it began")
    if began_at is not None and began_at > timezone.now():
        errors["mha_status_began_at"] = _("When the status began must be now or in the past")
    if data.get("mha_detention_extended") and status not in EXTENDABLE:
        errors["mha_detention_extended"] = _(
            "Only a section 135 or 136 detention can be extended by 12 hours"
        )
    kind, hearing_on = data.get("mha_hearing_kind") or "", data.get("mha_hearing_on")
    if kind and kind not in MhaHearingKind.values:
        errors["mha_hearing_kind"] = _("Select the kind of hearing")
    elif kind and hearing_on is None:
        errors["mha_hearing_on"] = _("Enter the date of the hearing")
    elif hearing_on is not None and not kind:
        errors["mha_hearing_kind"] = _("Select the kind of hearing, or remove its date")
    return errors


def case_update_mha(*, case: Case, data: dict, acting_user, request=None) -> Case:
    """Save the Mental Health Act facts; audited with a diff; the deadlines follow."""
    data = {field: data.get(field) for field in MHA_FIELDS}
    data["mha_status"] = data["mha_status"] or ""
    data["mha_hearing_kind"] = data["mha_hearing_kind"] or ""
    data["mha_detention_extended"] = bool(data["mha_detention_extended"])
    errors = check_mha_facts(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        before = snapshot(locked, MHA_FIELDS)
        for field, value in data.items():
            setattr(locked, field, value)
        locked.save(update_fields=[*MHA_FIELDS, "updated_at"])
        changes = diff(before, snapshot(locked, MHA_FIELDS))
        if changes:
            audit_record(
                "case.mha_updated",
                organisation=locked.organisation,
                actor=acting_user,
                target=locked,
                changes=changes,
                request=request,
            )
            todos.regenerate_tasks(case=locked, acting_user=acting_user, request=request)
    for field in MHA_FIELDS:
        setattr(case, field, getattr(locked, field))
    return case


def began_at_from(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    """The local moment a status began: midnight when only the day matters."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, time or dt.time(0, 0)))


def mha_facts_from_referral(*, advocacy_type: str, referral) -> dict:
    """The Mental Health Act facts an IMHA case opens with: the section the referrer chose
    and the day it began (midnight, so hour-based deadlines err early until the advocate
    adds the time). Empty for other types, or when the referral names no section."""
    if referral is None or advocacy_type not in MHA_TYPES:
        return {}
    answers = referral.eligibility_answers if isinstance(referral.eligibility_answers, dict) else {}
    status = (answers.get("mha") or {}).get("status") or ""
    if status not in MhaStatus.values:
        return {}
    facts = {"mha_status": status}
    began_on = referral.mha_began_on
    if began_on is not None and began_on <= timezone.localdate():
        facts["mha_status_began_at"] = began_at_from(began_on, None)
    return facts
