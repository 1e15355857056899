"""Writing safeguarding concerns: record, acknowledge, chase, outcome, sign-off. All audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff, snapshot
from heard.core.dates import future_date_error
from heard.core.permissions import Perm

from .models import SafeguardingConcern


class ConcernRefused(Exception):
    """A change the concern's state does not allow; the message is shown to the user."""


AUDITED_FIELDS = [
    "case",
    "about_organisation",
    "summary",
    "abuse_types",
    "raised_to",
    "raised_to_other",
    "raised_on",
    "their_reference",
    "acknowledged_on",
    "chase_on",
    "outcome",
    "outcome_note",
    "outcome_on",
    "signed_off_by",
    "signed_off_at",
    "sign_off_note",
]


def _not_in_future(errors: dict, field: str, value: dt.date | None, label: str) -> None:
    message = future_date_error(value, label)
    if message:
        errors[field] = message


def _save_and_audit(concern, before, event_type, *, acting_user, request, details=None):
    concern.full_clean()
    concern.save()
    audit_record(
        event_type,
        organisation=concern.organisation,
        actor=acting_user,
        target=concern,
        changes=diff(before, snapshot(concern, AUDITED_FIELDS)),
        details=details,
        request=request,
    )
    return concern


def concern_raise(
    *,
    organisation,
    acting_user,
    summary: str,
    abuse_types: list[str],
    raised_to: str,
    raised_on: dt.date,
    case=None,
    about_organisation: str = "",
    raised_to_other: str = "",
    their_reference: str = "",
    chase_on: dt.date | None = None,
    request=None,
) -> SafeguardingConcern:
    """Record a concern raised with an outside body, from a case or about an organisation."""
    errors: dict[str, str] = {}
    _not_in_future(errors, "raised_on", raised_on, _("Date raised"))
    if case is not None and case.organisation_id != organisation.pk:
        errors["case"] = _("Choose one of your organisation's cases")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = SafeguardingConcern(
            organisation=organisation,
            case=case,
            about_organisation=about_organisation.strip(),
            summary=summary.strip(),
            abuse_types=list(dict.fromkeys(abuse_types)),
            raised_to=raised_to,
            raised_to_other=raised_to_other.strip() if raised_to == "other" else "",
            raised_on=raised_on,
            their_reference=their_reference.strip(),
            chase_on=chase_on,
            raised_by=acting_user,
        )
        return _save_and_audit(
            concern,
            {},
            "safeguarding.raised",
            acting_user=acting_user,
            request=request,
            details={"case": case.reference} if case is not None else None,
        )


def _locked(concern: SafeguardingConcern) -> SafeguardingConcern:
    return SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)


def concern_acknowledge(
    *,
    concern: SafeguardingConcern,
    acting_user,
    acknowledged_on: dt.date,
    their_reference: str = "",
    request=None,
) -> SafeguardingConcern:
    """Record that the body it went to acknowledged the concern (and its reference for it)."""
    errors: dict[str, str] = {}
    _not_in_future(errors, "acknowledged_on", acknowledged_on, _("Date acknowledged"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = _locked(concern)
        before = snapshot(concern, AUDITED_FIELDS)
        concern.acknowledged_on = acknowledged_on
        if their_reference.strip():
            concern.their_reference = their_reference.strip()
        return _save_and_audit(
            concern, before, "safeguarding.acknowledged", acting_user=acting_user, request=request
        )


def concern_set_chase_date(
    *, concern: SafeguardingConcern, acting_user, chase_on: dt.date, request=None
) -> SafeguardingConcern:
    """Set (or move) the date to chase the body for an acknowledgement or an outcome."""
    with transaction.atomic():
        concern = _locked(concern)
        if concern.outcome:
            raise ConcernRefused(_("This concern has an outcome, so there is nothing to chase"))
        before = snapshot(concern, AUDITED_FIELDS)
        concern.chase_on = chase_on
        return _save_and_audit(
            concern,
            before,
            "safeguarding.chase_date_set",
            acting_user=acting_user,
            request=request,
        )


def concern_record_outcome(
    *,
    concern: SafeguardingConcern,
    acting_user,
    outcome: str,
    outcome_on: dt.date,
    outcome_note: str = "",
    request=None,
) -> SafeguardingConcern:
    """Record what the body decided. An outcome means it was received, so the flag ends too."""
    errors: dict[str, str] = {}
    _not_in_future(errors, "outcome_on", outcome_on, _("Date of the outcome"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        concern = _locked(concern)
        before = snapshot(concern, AUDITED_FIELDS)
        concern.outcome = outcome
        concern.outcome_on = outcome_on
        concern.outcome_note = outcome_note.strip()
        return _save_and_audit(
            concern,
            before,
            "safeguarding.outcome_recorded",
            acting_user=acting_user,
            request=request,
        )


def concern_sign_off(
    *, concern: SafeguardingConcern, acting_user, note: str = "", request=None
) -> SafeguardingConcern:
    """A manager's (or admin's) sign-off: recorded once, with who and when."""
    if not acting_user.has_perm(Perm.SAFEGUARDING_SIGN_OFF, concern.organisation):
        raise PermissionDenied
    with transaction.atomic():
        concern = _locked(concern)
        if concern.signed_off_at is not None:
            raise ConcernRefused(
                _("This concern was already signed off by %(name)s on %(date)s")
                % {
                    "name": concern.signed_off_by,
                    "date": f"{timezone.localtime(concern.signed_off_at):%d/%m/%Y}",
                }
            )
        before = snapshot(concern, AUDITED_FIELDS)
        concern.signed_off_by = acting_user
        concern.signed_off_at = timezone.now()
        concern.sign_off_note = note.strip()
        return _save_and_audit(
            concern, before, "safeguarding.signed_off", acting_user=acting_user, request=request
        )


def concern_record_view(*, concern, acting_user, request=None) -> None:
    """Audit that ``acting_user`` opened ``concern`` (an access event)."""
    audit_record(
        "safeguarding.viewed",
        organisation=concern.organisation,
        actor=acting_user,
        target=concern,
        request=request,
    )


def concerns_record_export(*, organisation, acting_user, request=None) -> None:
    """Audit a download of the safeguarding concerns CSV."""
    audit_record(
        "safeguarding.exported",
        organisation=organisation,
        actor=acting_user,
        details={"what": "safeguarding concerns CSV"},
        request=request,
    )
