"""Writing challenges: raise, record the response, escalate. Every change is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff, snapshot
from heard.core.dates import future_date_error

from .models import ESCALATABLE_OUTCOMES, HIGHEST_LEVEL, Challenge, Level, Outcome
from .response_times import SETTING_KEY, default_response_due, response_days


class ChallengeRefused(Exception):
    """A change the challenge's state does not allow; the message is shown to the user."""


AUDITED_FIELDS = [
    "level",
    "challenged_organisation",
    "challenged_role",
    "subject",
    "summary",
    "raised_on",
    "response_due_on",
    "answered_on",
    "response",
    "outcome",
    "issue",
    "previous",
]


def _not_in_future(errors: dict, field: str, value: dt.date | None, label: str) -> None:
    message = future_date_error(value, label)
    if message:
        errors[field] = message


def challenge_raise(
    *,
    case,
    acting_user,
    level: int,
    challenged_organisation: str,
    subject: str,
    summary: str,
    raised_on: dt.date,
    challenged_role: str = "",
    response_due_on: dt.date | None = None,
    issue=None,
    previous: Challenge | None = None,
    request=None,
) -> Challenge:
    """Record a challenge on ``case``. Without a due date, the level's default applies."""
    errors: dict[str, str] = {}
    _not_in_future(errors, "raised_on", raised_on, _("Date raised"))
    if level not in Level.values:
        errors["level"] = _("Select the level of the challenge")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        challenge = Challenge(
            organisation_id=case.organisation_id,
            case=case,
            issue=issue,
            previous=previous,
            level=level,
            challenged_organisation=challenged_organisation.strip(),
            challenged_role=challenged_role.strip(),
            subject=subject,
            summary=summary.strip(),
            raised_on=raised_on,
            response_due_on=response_due_on
            or default_response_due(case.organisation, level, raised_on),
            raised_by=acting_user,
        )
        challenge.full_clean()
        challenge.save()
        audit_record(
            "challenge.raised",
            organisation=case.organisation,
            actor=acting_user,
            target=challenge,
            changes={k: [None, v] for k, v in snapshot(challenge, AUDITED_FIELDS).items()},
            details={
                "case": case.reference,
                "due_date_entered": response_due_on is not None,
                **({"escalates": previous.pk} if previous is not None else {}),
            },
            request=request,
        )
    return challenge


def challenge_record_response(
    *,
    challenge: Challenge,
    acting_user,
    outcome: str,
    answered_on: dt.date | None = None,
    response: str = "",
    request=None,
) -> Challenge:
    """Record how the challenged body answered (or that it did not), which closes the challenge.

    An outcome may be corrected later, unless the challenge has been escalated: then it is
    part of the chain's history.
    """
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Select the outcome")
    _not_in_future(errors, "answered_on", answered_on, _("Date answered"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if Challenge.objects.filter(previous=challenge).exists():
            raise ChallengeRefused(
                _("This challenge has been escalated, so its outcome can no longer be changed")
            )
        before = snapshot(challenge, AUDITED_FIELDS)
        challenge.outcome = outcome
        challenge.answered_on = answered_on
        challenge.response = response.strip()
        challenge.outcome_recorded_at = timezone.now()
        challenge.full_clean()
        challenge.save()
        audit_record(
            "challenge.response_recorded",
            organisation=challenge.organisation,
            actor=acting_user,
            target=challenge,
            changes=diff(before, snapshot(challenge, AUDITED_FIELDS)),
            request=request,
        )
    return challenge


def escalation_refusal(challenge: Challenge, following: Challenge | None) -> str:
    """Why ``challenge`` cannot be escalated ("" when it can). ``following`` is its escalation."""
    if following is not None:
        return _("This challenge has already been escalated to level %(level)s") % {
            "level": following.level
        }
    if challenge.level >= HIGHEST_LEVEL:
        return _("A level 4 challenge is the highest level: it cannot go higher")
    if challenge.outcome and challenge.outcome not in ESCALATABLE_OUTCOMES:
        return _("This challenge was %(value)s, so there is nothing to escalate") % {
            "value": challenge.get_outcome_display().lower()
        }
    return ""


def challenge_escalate(
    *,
    challenge: Challenge,
    acting_user,
    level: int,
    challenged_organisation: str,
    summary: str,
    raised_on: dt.date,
    challenged_role: str = "",
    response_due_on: dt.date | None = None,
    previous_outcome: str | None = None,
    previous_answered_on: dt.date | None = None,
    request=None,
) -> Challenge:
    """Take ``challenge`` to a higher level: close it (if open) and raise the next, linked to it.

    An open challenge needs to be closed with what happened: not upheld, partly
    upheld (both with the date of the answer) or no response. The new challenge
    keeps the case, the issue and what is being challenged.
    """
    with transaction.atomic():
        challenge = (
            Challenge.objects.select_for_update(of=("self",))
            .select_related("case", "case__organisation", "issue")
            .get(pk=challenge.pk)
        )
        refusal = escalation_refusal(
            challenge, Challenge.objects.filter(previous=challenge).first()
        )
        if refusal:
            raise ChallengeRefused(refusal)
        errors: dict[str, str] = {}
        if not challenge.outcome:
            if previous_outcome not in ESCALATABLE_OUTCOMES:
                errors["previous_outcome"] = _(
                    "Select what happened to the level %(level)s challenge"
                ) % {"level": challenge.level}
            elif previous_outcome != Outcome.NO_RESPONSE and previous_answered_on is None:
                errors["previous_answered_on"] = _("Enter the date they answered")
            elif previous_outcome == Outcome.NO_RESPONSE and previous_answered_on is not None:
                errors["previous_answered_on"] = _(
                    "Leave the date answered empty when there was no response"
                )
            _not_in_future(errors, "previous_answered_on", previous_answered_on, _("Date answered"))
            if previous_answered_on and previous_answered_on < challenge.raised_on:
                errors["previous_answered_on"] = _(
                    "Date answered must be on or after the date raised"
                )
        if level not in Level.values or level <= challenge.level:
            errors["level"] = _("Choose a level higher than level %(level)s") % {
                "level": challenge.level
            }
        if raised_on < challenge.raised_on:
            errors["raised_on"] = _(
                "Date raised must be on or after the date the previous challenge was raised"
            )
        if errors:
            raise ValidationError(errors)
        if not challenge.outcome:
            before = snapshot(challenge, AUDITED_FIELDS)
            challenge.outcome = previous_outcome
            challenge.answered_on = previous_answered_on
            challenge.outcome_recorded_at = timezone.now()
            challenge.full_clean()
            challenge.save()
            changes = diff(before, snapshot(challenge, AUDITED_FIELDS))
        else:
            changes = {}
        audit_record(
            "challenge.escalated",
            organisation=challenge.organisation,
            actor=acting_user,
            target=challenge,
            changes=changes,
            details={"to_level": level},
            request=request,
        )
        return challenge_raise(
            case=challenge.case,
            acting_user=acting_user,
            level=level,
            challenged_organisation=challenged_organisation,
            challenged_role=challenged_role,
            subject=challenge.subject,
            summary=summary,
            raised_on=raised_on,
            response_due_on=response_due_on,
            issue=challenge.issue,
            previous=challenge,
            request=request,
        )


def challenge_response_days_update(
    *, organisation, acting_user, days: dict[int, int], request=None
) -> dict[int, int]:
    """Set the organisation's default working days for a response, per level."""
    errors = {}
    for level in Level.values:
        value = days.get(level)
        if not isinstance(value, int) or not 1 <= value <= 260:
            errors[f"level_{level}"] = _(
                "Enter a number of working days from 1 to 260 for level %(level)s"
            ) % {"level": level}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        organisation = type(organisation).objects.select_for_update().get(pk=organisation.pk)
        before = response_days(organisation)
        organisation.settings = {
            **organisation.settings,
            SETTING_KEY: {str(level): days[level] for level in Level.values},
        }
        organisation.save(update_fields=["settings"])
        after = response_days(organisation)
        changes = {
            f"level_{level}": [before[level], after[level]]
            for level in Level.values
            if before[level] != after[level]
        }
        if changes:
            audit_record(
                "challenge.response_times_changed",
                organisation=organisation,
                actor=acting_user,
                target=organisation,
                changes=changes,
                request=request,
            )
    return after


def challenge_record_view(*, challenge, acting_user, request=None) -> None:
    """Audit that ``acting_user`` opened ``challenge`` (an access event)."""
    audit_record(
        "challenge.viewed",
        organisation=challenge.organisation,
        actor=acting_user,
        target=challenge,
        request=request,
    )


def challenges_record_export(*, organisation, acting_user, request=None) -> None:
    """Audit a download of the challenges CSV."""
    audit_record(
        "challenge.exported",
        organisation=organisation,
        actor=acting_user,
        details={"what": "challenges CSV"},
        request=request,
    )
