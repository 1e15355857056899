"""Erasing a person: what is scrubbed, what is kept, and the audit tombstone (ADR-0031).

A person's record and everything about them is *anonymised in place*: free text,
names, contact details, dates of birth and stored files are removed, while the
shape of the work (that a case of a given type was open from one date to
another, its status history, who did the work) stays so the organisation's
counts and reports stay true. Nothing left can identify the person.
"""

from __future__ import annotations

import contextlib
import re

from django.core.files.storage import default_storage
from django.db import models, transaction

from heard.audit.models import AuditEvent
from heard.audit.redaction import ERASED, apply_redactions, commitments
from heard.audit.services import audit_record

# Text that is Heard's own codes or references, not information about anyone.
KEEP = {
    "reference",
    "token",
    "idempotency_key",
    "content_type",
    "rule_key",
    "citation",
    "local_authority",
    "person_reference",
    "casework.casestatus.reason",  # a closure reason code
}
# JSON fields that hold what someone said or needs (others hold lists of codes).
SCRUB_JSON = {"communication_needs", "eligibility_answers", "eligibility_result", "impairments"}
SCRUB_DATES = {"date_of_birth"}
PERSON_NAMES = {"first_name": ERASED, "last_name": "person"}
# Audit detail keys that hold what someone typed (a search, a reason, a summary, a path
# with its query string). An event about no erased row is still redacted when one of
# these names the person: a search for "Olwen Pritchard" targets nobody, but names her.
FREE_TEXT_DETAIL_KEYS = ("query", "reason", "summary", "name", "title", "path")
# Fields whose values identify someone when typed into a search or a reason.
IDENTIFYING_FIELDS = ("first_name", "last_name", "preferred_name", "reference", "nhs_number")


def _kept(model, f) -> bool:
    return f.name in KEEP or f"{model._meta.label_lower}.{f.name}" in KEEP


def scrubbed_values(model) -> dict:
    """The update that removes ``model``'s personal data, from its fields' kinds."""
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or f.is_relation or f.choices or _kept(model, f):
            continue
        if isinstance(f, models.FileField):
            values[f.name] = ""
        elif isinstance(f, models.CharField | models.TextField):
            values[f.name] = "" if f.blank else ERASED
        elif isinstance(f, models.GenericIPAddressField):
            values[f.name] = None
        elif isinstance(f, models.JSONField) and f.name in SCRUB_JSON:
            values[f.name] = f.get_default()
        elif isinstance(f, models.DateField) and f.name in SCRUB_DATES:
            values[f.name] = None
        elif isinstance(f, models.BooleanField) and model._meta.label_lower == "people.person":
            values[f.name] = f.get_default()  # communication needs
    if model._meta.label_lower == "people.person":
        values.update(PERSON_NAMES)
    return values


def footprint(person) -> dict[type[models.Model], models.QuerySet]:
    """Every row that holds information about ``person``, by model."""
    from heard.casework.models import (
        Activity,
        Case,
        CaseStatus,
        ConflictOfInterest,
        Document,
        Issue,
        PriorityChange,
        Task,
    )
    from heard.challenges.models import Challenge
    from heard.people.models import Person
    from heard.referrals.models import Referral, TriageDecision
    from heard.safeguarding.models import SafeguardingConcern

    from .models import SubjectAccessRequest

    organisation = person.organisation
    cases = Case.objects.filter(organisation=organisation, person=person)
    referrals = Referral.objects.filter(organisation=organisation, person=person)
    on_cases = {"organisation": organisation, "case__in": cases}
    return {
        Person: Person.objects.filter(pk=person.pk),
        Referral: referrals,
        TriageDecision: TriageDecision.objects.filter(
            organisation=organisation, referral__in=referrals
        ),
        Case: cases,
        CaseStatus: CaseStatus.objects.filter(**on_cases),
        PriorityChange: PriorityChange.objects.filter(**on_cases),
        Issue: Issue.objects.filter(**on_cases),
        Activity: Activity.objects.filter(**on_cases),
        Task: Task.objects.filter(**on_cases),
        Document: Document.objects.filter(**on_cases),
        Challenge: Challenge.objects.filter(**on_cases),
        SafeguardingConcern: SafeguardingConcern.objects.filter(**on_cases),
        ConflictOfInterest: ConflictOfInterest.objects.filter(
            organisation=organisation, person=person
        ),
        SubjectAccessRequest: SubjectAccessRequest.objects.filter(
            organisation=organisation, person=person
        ),
    }


def identifiers(*records) -> list[str]:
    """What someone might type to find these records: names, references, NHS number, postcode."""
    found = []
    for record in records:
        for name in IDENTIFYING_FIELDS:
            value = str(getattr(record, name, "") or "")
            found += [part for part in re.split(r"[\s,()]+", value) if len(part) >= 3]
        postcode = str(getattr(record, "postcode", "") or "")
        if postcode:
            found += [postcode, postcode.replace(" ", "")]
    return sorted({text for text in found if text != ERASED}, key=str.lower)


def _typed_about(organisation, words: list[str], excluded: set[int]) -> list[AuditEvent]:
    """Audit events whose free text names one of ``words`` (a whole word, any case)."""
    if not words:
        return []
    names = models.Q(pk__in=[])
    for key in FREE_TEXT_DETAIL_KEYS:
        for word in words:
            names |= models.Q(**{f"details__{key}__icontains": word})
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE
    )
    found = []
    for event in AuditEvent.objects.filter(names, organisation=organisation).exclude(
        pk__in=excluded
    ):
        details = event.details if isinstance(event.details, dict) else {}
        if any(pattern.search(str(details.get(key, ""))) for key in FREE_TEXT_DETAIL_KEYS):
            found.append(event)
    return found


def _erase(organisation, rows, *, event, target, label, details, actor, system_actor, words=()):
    """Scrub ``rows``, redact the audit events about them, and write the tombstone.

    ``words`` identify the person (see :func:`identifiers`): events that typed them into
    free text (searches, reasons) are redacted too, though they target no erased row.
    """
    ids = {model: list(qs.values_list("pk", flat=True)) for model, qs in rows.items()}
    targets = models.Q(pk__in=[])
    for model, pks in ids.items():
        if pks:
            targets |= models.Q(
                target_type=model._meta.label_lower, target_id__in=[str(pk) for pk in pks]
            )
    about = list(AuditEvent.objects.filter(targets, organisation=organisation))
    about += _typed_about(organisation, list(words), {e.pk for e in about})
    files = [
        name
        for model, qs in rows.items()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
        for name in qs.exclude(**{f.name: ""}).values_list(f.name, flat=True)
    ]
    for model, pks in ids.items():
        values = scrubbed_values(model)
        if pks and values:
            model._default_manager.filter(pk__in=pks).update(**values)
    promised = commitments(about)
    tombstone = audit_record(
        event,
        organisation=organisation,
        actor=actor,
        system_actor=None if actor else system_actor,
        target=target,
        target_label=label,
        details={
            **details,
            "rows": {model._meta.label_lower: len(pks) for model, pks in ids.items() if pks},
            "files": len(files),
            "redacts": promised,
        },
    )
    # Redact now when this connection may (SQLite, the owner); otherwise `heard audit-redact`.
    apply_redactions(only={int(k): v for k, v in promised.items()})
    if files:
        storage = default_storage
        transaction.on_commit(lambda: [_delete(storage, name) for name in files])
    return tombstone


def erase_person(person, *, tombstone_actor=None, system_actor=None, reference="") -> AuditEvent:
    """Anonymise ``person`` and everything about them; returns the audit tombstone.

    Call inside a transaction. Stored files are deleted once it commits.
    """
    from heard.development.models import ReflectiveNote
    from heard.referrals.models import Referral

    rows = footprint(person)
    words = identifiers(person, *rows[Referral])
    # Private notes stay their author's; only the link naming the person goes.
    ReflectiveNote.people_named.through.objects.filter(person_id=person.pk).delete()
    return _erase(
        person.organisation,
        rows,
        event="person.erased",
        target=person,
        label=f"{ERASED} ({person.reference})",
        details={"erasure": reference},
        actor=tombstone_actor,
        system_actor=system_actor,
        words=words,
    )


def erase_referral(referral, *, system_actor="worker", reference="") -> AuditEvent:
    """Anonymise a referral that never became a person's record (declined or signposted)."""
    from heard.referrals.models import Referral, TriageDecision

    rows = {
        Referral: Referral.objects.filter(pk=referral.pk),
        TriageDecision: TriageDecision.objects.filter(referral=referral),
    }
    return _erase(
        referral.organisation,
        rows,
        event="referral.erased",
        target=referral,
        label=f"{ERASED} ({referral.reference})",
        details={"erasure": reference},
        actor=None,
        system_actor=system_actor,
        words=identifiers(referral),
    )


def _delete(storage, name: str) -> None:
    with contextlib.suppress(OSError):
        storage.delete(name)
