"""Triage: a manager's decision on a referral (accept, decline, signpost, await information).

Each decision is one immutable ``TriageDecision`` row (ADR-0005); the
referral's ``status`` follows the latest. Accepting, declining and signposting
are final; awaiting information can be followed by any decision later. Every
service here runs in one transaction and records ``referral.triaged``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff
from heard.casework.models import Priority
from heard.casework.services.lifecycle import case_open_waiting
from heard.organisations.models import Service
from heard.people import equality
from heard.people.models import Person
from heard.people.services import person_create, person_equality_fill
from heard.referrals.models import (
    NEED_PERSON_FIELDS,
    CommunicationNeed,
    Decision,
    DeclineReason,
    Referral,
    ReferralStatus,
    TriageDecision,
)

#: Statuses a referral can still be decided from.
OPEN_STATUSES = frozenset({ReferralStatus.NEW, ReferralStatus.AWAITING_INFORMATION})

_DECIDED_WORDS = {
    ReferralStatus.ACCEPTED: "accepted",
    ReferralStatus.DECLINED: "declined",
    ReferralStatus.SIGNPOSTED: "signposted elsewhere",
}


# Referral.contact_preference -> Person.preferred_contact_method.
_CONTACT_METHODS = {
    "phone": "phone",
    "email": "email",
    "letter": "letter",
    "via_helper": "via_supporter",
}


class TriageRefused(Exception):
    """A decision the referral's state does not allow; the message is shown to the user."""


def _lock_open_referral(referral: Referral) -> Referral:
    """Re-read the referral under a row lock and refuse if it has already been decided.

    The lock makes two managers deciding at once take turns: the second sees the first's
    decision and is refused, rather than both writing one.
    """
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status not in OPEN_STATUSES:
        raise TriageRefused(decided_message(locked))
    return locked


def decided_message(referral: Referral) -> str:
    """Why a decided referral cannot be decided again, in words for the manager."""
    word = _DECIDED_WORDS.get(referral.status, referral.get_status_display().lower())
    return _(
        "Referral %(reference)s has already been %(word)s. A decided referral cannot be decided again."
    ) % {"reference": referral.reference, "word": word}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _record(
    referral: Referral,
    *,
    decision: str,
    new_status: str,
    acting_user,
    request=None,
    chase_on: dt.date | None = None,
    details: dict | None = None,
    **fields,
) -> TriageDecision:
    now = timezone.now()
    row = TriageDecision(
        organisation_id=referral.organisation_id,
        referral=referral,
        decision=decision,
        chase_on=chase_on,
        decided_by=acting_user,
        decided_at=now,
        **fields,
    )
    row.full_clean()
    row.save()
    before = {"status": referral.status, "chase_on": _iso(referral.chase_on)}
    referral.status = new_status
    referral.chase_on = chase_on
    referral.save(update_fields=["status", "chase_on", "person", "updated_at"])
    audit_record(
        "referral.triaged",
        organisation=referral.organisation,
        actor=acting_user,
        target=referral,
        changes=diff(before, {"status": str(new_status), "chase_on": _iso(chase_on)}),
        details={"decision": decision, "triage_decision_id": row.pk, **(details or {})},
        request=request,
    )
    return row


def person_data_from_referral(referral: Referral, *, last_name: str = "") -> dict:
    """The fields of a new Person, copied from what the referrer told us."""
    data = {
        "first_name": referral.first_name,
        "last_name": referral.last_name or last_name,
        "preferred_name": referral.preferred_name,
        "date_of_birth": referral.date_of_birth,
        "address": referral.address,
        "postcode": referral.postcode,
        "phone": referral.phone,
        "email": referral.email,
        "local_authority": referral.local_authority,
        "language_preference": referral.language_preference,
    }
    preference = _CONTACT_METHODS.get(getattr(referral, "contact_preference", ""))
    if preference:
        data["preferred_contact_method"] = preference
    data.update(_communication_fields(referral.communication_needs))
    return data


def _communication_fields(needs: dict) -> dict:
    """The person's communication fields from a referral's ``communication_needs``
    (one vocabulary: ``CommunicationNeed``, ``NEED_PERSON_FIELDS``)."""
    data: dict = {}
    other = [needs.get("other", "").strip()]
    for code in needs.get("needs", []):
        if code in NEED_PERSON_FIELDS:
            data[NEED_PERSON_FIELDS[code]] = True
        elif code in CommunicationNeed.values:
            other.append(str(CommunicationNeed(code).label))
    if needs.get("interpreter_language", "").strip():
        data["interpreter_language"] = needs["interpreter_language"].strip()
    if any(other):
        data["other_communication_needs"] = "; ".join(part for part in other if part)
    return data


def referral_accept(
    *,
    referral: Referral,
    acting_user,
    service: Service,
    advocacy_type: str,
    priority: str = Priority.STANDARD,
    person: Person | None = None,
    last_name: str = "",
    note: str = "",
    request=None,
) -> TriageDecision:
    """Accept: link to ``person`` (or create one from the referral) and open a waiting case.

    All in one transaction: if opening the case fails (say the service does not deliver
    that advocacy type), the new person, the case and the decision are all rolled back.
    ``last_name`` fills in a new person's last name when the referral had none.
    """
    with transaction.atomic():
        referral = _lock_open_referral(referral)
        organisation = referral.organisation
        if person is not None and person.organisation_id != organisation.pk:
            raise ValidationError({"person": _("Choose a person recorded by your organisation")})
        created = person is None
        if created:
            person = person_create(
                organisation=organisation,
                acting_user=acting_user,
                data=person_data_from_referral(referral, last_name=last_name),
                request=request,
            )
        referral.person = person
        copied = person_equality_fill(
            person=person,
            answers={name: getattr(referral, name) for name in equality.REFERRAL_FIELDS},
            acting_user=acting_user,
            referral_reference=referral.reference,
            request=request,
        )
        case = case_open_waiting(
            organisation=organisation,
            person=person,
            service=service,
            advocacy_type=advocacy_type,
            priority=priority,
            received_on=timezone.localdate(referral.received_at),
            acting_user=acting_user,
            referral=referral,
            request=request,
        )
        return _record(
            referral,
            decision=Decision.ACCEPT,
            new_status=ReferralStatus.ACCEPTED,
            acting_user=acting_user,
            request=request,
            case=case,
            note=note,
            details={
                "case": case.reference,
                "person": person.reference,
                "person_created": created,
                "equality_copied": copied,
                "service": service.name,
                "advocacy_type": advocacy_type,
                "priority": priority,
            },
        )


def referral_decline(
    *, referral: Referral, acting_user, reason: str, note: str = "", request=None
) -> TriageDecision:
    """Decline with a reason; "other" needs a note saying what the reason was."""
    note = note.strip()
    if reason == DeclineReason.OTHER and not note:
        raise ValidationError({"note": _("Enter why the referral is declined")})
    with transaction.atomic():
        referral = _lock_open_referral(referral)
        return _record(
            referral,
            decision=Decision.DECLINE,
            new_status=ReferralStatus.DECLINED,
            acting_user=acting_user,
            request=request,
            decline_reason=reason,
            note=note,
            details={"decline_reason": reason},
        )


def referral_withdraw(
    *, referral: Referral, acting_user, note: str, request=None
) -> TriageDecision:
    """Record that the referrer or the person withdrew the referral before a decision; the
    note says who withdrew it and why. It stays listable with the status "withdrawn"."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Enter who withdrew the referral and why")})
    with transaction.atomic():
        referral = _lock_open_referral(referral)
        return _record(
            referral,
            decision=Decision.WITHDRAW,
            new_status=ReferralStatus.WITHDRAWN,
            acting_user=acting_user,
            request=request,
            note=note,
        )


def referral_signpost(
    *, referral: Referral, acting_user, signposted_to: str, note: str = "", request=None
) -> TriageDecision:
    """Signpost the person to another organisation or service (named), with an optional note."""
    signposted_to = signposted_to.strip()
    if not signposted_to:
        raise ValidationError({"signposted_to": _("Enter who the person was signposted to")})
    with transaction.atomic():
        referral = _lock_open_referral(referral)
        return _record(
            referral,
            decision=Decision.SIGNPOST,
            new_status=ReferralStatus.SIGNPOSTED,
            acting_user=acting_user,
            request=request,
            signposted_to=signposted_to,
            note=note.strip(),
            details={"signposted_to": signposted_to},
        )


def referral_await_information(
    *, referral: Referral, acting_user, note: str, chase_on: dt.date, request=None
) -> TriageDecision:
    """Wait for information (``note`` says what), to be chased on ``chase_on`` (today or later)."""
    note = note.strip()
    errors = {}
    if not note:
        errors["note"] = _("Enter what information is needed")
    if chase_on is None:
        errors["chase_on"] = _("Enter the date to chase the information")
    elif chase_on < timezone.localdate():
        errors["chase_on"] = _("Chase date must be today or in the future")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        referral = _lock_open_referral(referral)
        return _record(
            referral,
            decision=Decision.AWAIT_INFORMATION,
            new_status=ReferralStatus.AWAITING_INFORMATION,
            acting_user=acting_user,
            request=request,
            chase_on=chase_on,
            note=note,
        )
