"""Writing speaking-up concerns: raise (named or anonymous), record actions and the outcome.

An anonymous concern is written so that nothing stored can lead back to its
raiser: no user link, the day but no time, a random key, and an anonymous
audit event that waits with its day only and joins the trail after the day
ends, in random order among that day's anonymous events (ADR in
``docs/data-protection.md``). The raiser's user and request are not passed to
anything that stores — the function does not even read them on that path.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from heard.audit.services import audit_record, audit_record_anonymous, diff, snapshot

from .models import About, SpeakingUpAction, SpeakingUpConcern

# What the audit trail keeps about a concern: never its text, never who (for anonymity).
AUDITED_FIELDS = ["is_anonymous", "about", "about_organisation", "raised_on"]
OUTCOME_FIELDS = ["outcome", "outcome_on"]


def speaking_up_raise(
    *,
    organisation,
    acting_user,
    anonymous: bool,
    about: str,
    concern: str,
    about_organisation: str = "",
    request=None,
) -> SpeakingUpConcern:
    """Raise a concern. Named: the raiser is recorded and may follow it. Anonymous: no trace."""
    raised_on = timezone.localdate()
    with transaction.atomic():
        row = SpeakingUpConcern(
            organisation=organisation,
            is_anonymous=anonymous,
            raised_by=None if anonymous else acting_user,
            raised_on=raised_on,
            about=about,
            about_organisation=about_organisation.strip() if about == About.OUTSIDE else "",
            concern=concern.strip(),
        )
        row.full_clean()
        row.save()
        changes = {k: [None, v] for k, v in snapshot(row, AUDITED_FIELDS).items()}
        if anonymous:
            audit_record_anonymous(
                "speaking_up.raised",
                organisation=organisation,
                target=row,
                changes=changes,
                day=raised_on,
            )
        else:
            audit_record(
                "speaking_up.raised",
                organisation=organisation,
                actor=acting_user,
                target=row,
                changes=changes,
                request=request,
            )
    return row


def speaking_up_record_action(
    *,
    concern: SpeakingUpConcern,
    acting_user,
    taken_on: dt.date,
    description: str,
    request=None,
) -> SpeakingUpAction:
    """A lead records something done about the concern."""
    with transaction.atomic():
        action = SpeakingUpAction(
            organisation_id=concern.organisation_id,
            concern=concern,
            taken_on=taken_on,
            description=description.strip(),
            recorded_by=acting_user,
        )
        action.full_clean()
        action.save()
        audit_record(
            "speaking_up.action_recorded",
            organisation=concern.organisation,
            actor=acting_user,
            target=concern,
            details={"action_id": action.pk, "taken_on": taken_on.isoformat()},
            request=request,
        )
    return action


def speaking_up_record_outcome(
    *,
    concern: SpeakingUpConcern,
    acting_user,
    outcome: str,
    outcome_on: dt.date,
    outcome_note: str,
    request=None,
) -> SpeakingUpConcern:
    """A lead records the outcome and what was done (which a named raiser then sees)."""
    with transaction.atomic():
        concern = SpeakingUpConcern.objects.select_for_update().get(pk=concern.pk)
        before = snapshot(concern, OUTCOME_FIELDS)
        concern.outcome = outcome
        concern.outcome_on = outcome_on
        concern.outcome_note = outcome_note.strip()
        concern.full_clean()
        concern.save()
        audit_record(
            "speaking_up.outcome_recorded",
            organisation=concern.organisation,
            actor=acting_user,
            target=concern,
            changes=diff(before, snapshot(concern, OUTCOME_FIELDS)),
            request=request,
        )
    return concern
