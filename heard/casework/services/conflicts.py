"""Conflicts of interest: staff declare them; allocation checks them against a case.

A conflict is declared by the staff member it concerns, against one of three things:

- **a person** (kind ``person``), chosen by their reference: it blocks allocating
  that person's cases to them;
- **a family** (kind ``family``), by family name: it blocks allocating the case of
  anyone whose last name is that name (case-insensitive). Names are shared by
  unrelated people, so a manager may override with a reason when it is not the
  same family;
- **a provider** (kind ``provider``), by name (a care home, a hospital ward, an
  agency). Heard does not know every provider involved in someone's care, so a
  provider conflict blocks only when the provider's name appears in what the case
  does record — the referral's situation, the referrer's organisation, and the
  person's and the referral's addresses (a care home's name is usually in the
  address). Otherwise it is shown to the manager as a warning to check.

An unresolved conflict that blocks stops the allocation unless a manager gives a
reason to override it (``heard.casework.services.lifecycle`` audits ``case.conflict_overridden``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record
from heard.casework.models import Case, ConflictKind, ConflictOfInterest

# Shorter provider names ("Ash") would match inside unrelated words.
MIN_PROVIDER_NAME = 3


@dataclass(frozen=True)
class ConflictMatch:
    """A declared conflict that concerns a case, and whether it blocks allocation."""

    conflict: ConflictOfInterest
    blocks: bool
    explanation: str


def _normalise(text: str) -> str:
    return " ".join((text or "").lower().split())


def provider_text(case: Case) -> str:
    """What the case records about where the person is and who is involved, normalised."""
    parts = [case.person.address]
    if case.referral_id:
        referral = case.referral
        parts += [referral.situation, referral.referrer_organisation, referral.address]
    return _normalise(" ".join(p for p in parts if p))


def _explain(conflict: ConflictOfInterest, *, blocks: bool) -> str:
    if conflict.kind == ConflictKind.PERSON:
        return _("Declared a conflict of interest with this person")
    if conflict.kind == ConflictKind.COMMISSIONER:
        return _("Declared a conflict of interest with %(name)s, who commission this service") % {
            "name": conflict.name
        }
    if conflict.kind == ConflictKind.FAMILY:
        return _("Declared a conflict of interest with the %(name)s family") % {
            "name": conflict.name
        }
    if blocks:
        return _(
            "Declared a conflict of interest with %(name)s, which this case's referral or address mentions"
        ) % {"name": conflict.name}
    return _(
        "Declared a conflict of interest with %(name)s (a provider): the case does not mention it, but check it is not involved"
    ) % {"name": conflict.name}


def conflict_matches(case: Case, membership_ids) -> dict[int, list[ConflictMatch]]:
    """Unresolved conflicts of these staff that concern ``case``, by membership id (one query).

    Person and family conflicts that match always block. Provider conflicts are all
    returned: they block when the case mentions the provider, and are a warning otherwise.
    """
    membership_ids = list(membership_ids)
    if not membership_ids:
        return {}
    concerns = Q(kind=ConflictKind.PERSON, person_id=case.person_id) | Q(
        kind__in=(ConflictKind.PROVIDER, ConflictKind.COMMISSIONER)
    )
    last_name = case.person.last_name.strip()
    if last_name:
        concerns |= Q(kind=ConflictKind.FAMILY, name__iexact=last_name)
    rows = ConflictOfInterest.objects.filter(
        concerns,
        organisation_id=case.organisation_id,
        membership_id__in=membership_ids,
        resolved_at__isnull=True,
    ).order_by("declared_at", "id")
    haystack = None
    matches: dict[int, list[ConflictMatch]] = defaultdict(list)
    for conflict in rows:
        if conflict.kind == ConflictKind.PROVIDER:
            if haystack is None:
                haystack = provider_text(case)
            name = _normalise(conflict.name)
            blocks = len(name) >= MIN_PROVIDER_NAME and name in haystack
        elif conflict.kind == ConflictKind.COMMISSIONER:
            # Only the case's own service's commissioner concerns it (read when needed).
            commissioner = _normalise(case.service.commissioner)
            name = _normalise(conflict.name)
            if not commissioner or len(name) < MIN_PROVIDER_NAME:
                continue
            if name not in commissioner and commissioner not in name:
                continue
            blocks = True
        else:
            blocks = True
        matches[conflict.membership_id].append(
            ConflictMatch(conflict, blocks, _explain(conflict, blocks=blocks))
        )
    return dict(matches)


def blocking_conflicts(case: Case, membership) -> list[ConflictMatch]:
    """The conflicts that stop ``membership`` being allocated ``case`` without an override."""
    return [m for m in conflict_matches(case, [membership.pk]).get(membership.pk, []) if m.blocks]


def conflict_declare(
    *,
    membership,
    kind: str,
    acting_user,
    person=None,
    name: str = "",
    description: str = "",
    request=None,
) -> ConflictOfInterest:
    """Record a staff member's own conflict of interest (person, family or provider)."""
    name = " ".join((name or "").split())
    description = (description or "").strip()
    errors = {}
    if kind not in ConflictKind.values:
        errors["kind"] = _("Select who the conflict of interest is with")
    elif kind == ConflictKind.PERSON:
        if person is None:
            errors["person"] = _("Enter the person's reference")
        elif person.organisation_id != membership.organisation_id:
            errors["person"] = _("Enter the reference of a person your organisation supports")
        name = ""
    else:
        person = None
        if not name:
            errors["name"] = {
                ConflictKind.FAMILY: "Enter the family name",
                ConflictKind.COMMISSIONER: "Enter the commissioner's name",
            }.get(kind, "Enter the provider's name")
        elif (
            kind in (ConflictKind.PROVIDER, ConflictKind.COMMISSIONER)
            and len(name) < MIN_PROVIDER_NAME
        ):
            errors["name"] = _(
                "Enter at least %(MIN_PROVIDER_NAME)s characters of the provider's name"
            ) % {"MIN_PROVIDER_NAME": MIN_PROVIDER_NAME}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conflict = ConflictOfInterest(
            organisation_id=membership.organisation_id,
            membership=membership,
            kind=kind,
            person=person,
            name=name,
            description=description,
            declared_at=timezone.now(),
        )
        conflict.full_clean()
        conflict.save()
        audit_record(
            "conflict.declared",
            organisation=membership.organisation,
            actor=acting_user,
            target=conflict,
            changes={"kind": [None, kind]},
            details={
                "membership_id": membership.pk,
                "person_reference": person.reference if person else "",
                "name": name,
            },
            request=request,
        )
    return conflict


def conflict_resolve(*, conflict: ConflictOfInterest, acting_user, request=None):
    """Mark a conflict as no longer applying. Resolving twice changes nothing."""
    with transaction.atomic():
        conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
        if conflict.resolved_at is not None:
            return conflict
        conflict.resolved_at = timezone.now()
        conflict.save(update_fields=["resolved_at", "updated_at"])
        audit_record(
            "conflict.resolved",
            organisation=conflict.organisation,
            actor=acting_user,
            target=conflict,
            changes={"resolved_at": [None, conflict.resolved_at.isoformat()]},
            request=request,
        )
    return conflict
