"""Reads for people's data protection rights, including everything held about one person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.models import AuditEvent

from .models import DataProtectionSettings, SarStatus, SubjectAccessRequest

# Fields that are Heard's own machinery, not information about the person.
INTERNAL_FIELDS = {"organisation", "token", "idempotency_key", "file"}


def data_protection_lead_id(organisation) -> int | None:
    if organisation is None:
        return None
    cache = getattr(organisation, "_heard_dp_lead", None)
    if cache is None:
        lead = (
            DataProtectionSettings.objects.for_organisation(organisation)
            .values_list("data_protection_lead_id", flat=True)
            .first()
        )
        cache = organisation._heard_dp_lead = (lead,)
    return cache[0]


def settings_for(organisation) -> DataProtectionSettings:
    found = (
        DataProtectionSettings.objects.for_organisation(organisation)
        .select_related("data_protection_lead__user")
        .first()
    )
    return found or DataProtectionSettings(organisation=organisation)


def request_list(queryset: QuerySet) -> QuerySet:
    """Requests for the list page: open ones first by deadline, then answered ones."""
    return queryset.select_related("person").order_by(
        models.Case(models.When(status=SarStatus.COMPLETED, then=1), default=0),
        "due_on",
        "id",
    )


def due_for_reminder(today: dt.date, *, within_days: int = 7) -> QuerySet:
    """Open requests due within ``within_days`` whose reminder has not been sent."""
    return SubjectAccessRequest.objects.filter(
        status__in=[SarStatus.AWAITING_IDENTITY, SarStatus.IN_PROGRESS],
        reminder_sent_at__isnull=True,
        due_on__lte=today + dt.timedelta(days=within_days),
    ).select_related("organisation", "created_by")


def private_notes_for(sar: SubjectAccessRequest) -> QuerySet:
    """Private notes naming the request's person: for the data protection lead's review only."""
    from heard.development.selectors import reflective_notes_naming

    if sar.person is None:
        return SubjectAccessRequest.objects.none()
    return reflective_notes_naming(sar.person).select_related("author__user")


# --- everything held about one person -----------------------------------------------------


def _value(instance: models.Model, f: models.Field) -> Any:
    if f.choices:
        return str(getattr(instance, f"get_{f.name}_display")())
    value = getattr(instance, f.name)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


def record_of(instance: models.Model, *, exclude: set[str] = frozenset()) -> dict[str, Any]:
    """A record as ``{field label: value}``: choices shown as words, links as names."""
    data = {}
    for f in instance._meta.concrete_fields:
        if f.name in INTERNAL_FIELDS or f.name in exclude:
            continue
        value = _value(instance, f)
        if value in ("", None, [], {}):
            continue
        data[str(f.verbose_name)] = value
    return data


@dataclass
class Section:
    key: str
    title: str
    records: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PersonData:
    """Everything held about one person, ready for the report and the JSON file."""

    person: dict[str, Any]
    sections: list[Section]
    documents: list[Any]
    history: list[dict[str, Any]]
    access_log: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            **{section.key: section.records for section in self.sections},
            "documents": [
                {**record_of(doc), "file in this archive": document_name(doc)}
                for doc in self.documents
            ],
            "history": self.history,
            "who_viewed_the_record": self.access_log,
        }


def document_name(document) -> str:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in document.original_name)
    return f"documents/{document.pk}-{safe[:80] or 'file'}"


def person_data(person, *, private_note_ids: list[int] | None = None) -> PersonData:
    """Everything held about ``person`` in their organisation, with the audit of who saw it."""
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
    from heard.development.selectors import reflective_notes_naming
    from heard.referrals.models import Referral, TriageDecision
    from heard.safeguarding.models import SafeguardingConcern

    organisation = person.organisation
    referrals = list(Referral.objects.for_organisation(organisation).filter(person=person))
    cases = list(
        Case.objects.for_organisation(organisation)
        .filter(person=person)
        .select_related("service", "allocated_to__user", "referral")
    )
    case_ids = [case.pk for case in cases]

    def on_cases(model, *related):
        return list(
            model.objects.filter(organisation=organisation, case_id__in=case_ids)
            .select_related(*related)
            .order_by("pk")
        )

    statuses = on_cases(CaseStatus, "case", "advocate__user", "changed_by")
    priorities = on_cases(PriorityChange, "case", "changed_by")
    issues = on_cases(Issue, "case", "created_by", "entered_in_error_by")
    activities = on_cases(Activity, "case", "recorded_by", "entered_in_error_by")
    tasks = on_cases(Task, "case", "assigned_to__user", "completed_by", "created_by")
    documents = on_cases(Document, "case", "uploaded_by", "entered_in_error_by")
    challenges = on_cases(Challenge, "case", "issue", "raised_by")
    concerns = on_cases(SafeguardingConcern, "case", "raised_by", "signed_off_by")
    decisions = list(
        TriageDecision.objects.filter(organisation=organisation, referral__in=referrals)
        .select_related("referral", "case", "decided_by")
        .order_by("pk")
    )
    conflicts = list(
        ConflictOfInterest.objects.for_organisation(organisation)
        .filter(person=person)
        .select_related("membership__user")
    )
    notes = []
    if private_note_ids:
        notes = list(
            reflective_notes_naming(person)
            .filter(pk__in=private_note_ids)
            .select_related("author__user", "shared_with__user")
        )

    sections = [
        Section("referrals", _("Referrals"), [record_of(r) for r in referrals]),
        Section("triage_decisions", _("Triage decisions"), [record_of(d) for d in decisions]),
        Section("cases", _("Cases"), [record_of(c) for c in cases]),
        Section("case_statuses", _("Case status history"), [record_of(s) for s in statuses]),
        Section("priority_changes", _("Priority changes"), [record_of(p) for p in priorities]),
        Section("issues", _("Issues"), [record_of(i) for i in issues]),
        Section("activities", _("Activities and notes"), [record_of(a) for a in activities]),
        Section("tasks", _("Tasks"), [record_of(t) for t in tasks]),
        Section("challenges", _("Challenges"), [record_of(c) for c in challenges]),
        Section(
            "safeguarding_concerns", _("Safeguarding concerns"), [record_of(c) for c in concerns]
        ),
        Section(
            "conflicts_of_interest",
            _("Conflicts of interest declared by staff"),
            [record_of(c) for c in conflicts],
        ),
        Section(
            "private_notes",
            _("Private notes released by the data protection lead"),
            [record_of(n, exclude={"shared_with", "shared_at"}) for n in notes],
        ),
    ]

    targets = {
        "people.person": [person],
        "referrals.referral": referrals,
        "casework.case": cases,
        "casework.issue": issues,
        "casework.activity": activities,
        "casework.task": tasks,
        "casework.document": documents,
        "challenges.challenge": challenges,
        "safeguarding.safeguardingconcern": concerns,
    }
    events = list(
        AuditEvent.objects.for_organisation(organisation)
        .filter(_about_any(targets))
        .order_by("occurred_at", "id")
    )
    history, access_log = [], []
    for event in events:
        row = {
            "when": timezone.localtime(event.occurred_at).isoformat(timespec="minutes"),
            "who": event.actor_label,
            "what": event.description,
            "record": event.target_label,
        }
        if event.is_access:
            access_log.append(row)
        else:
            history.append({**row, "changes": event.changes})
    return PersonData(
        person=record_of(person),
        sections=sections,
        documents=documents,
        history=history,
        access_log=access_log,
    )


def _about_any(targets: dict[str, list[models.Model]]) -> Q:
    query = Q(pk__in=[])
    for label, objects in targets.items():
        if objects:
            query |= Q(target_type=label, target_id__in=[str(o.pk) for o in objects])
    return query


# --- retention -----------------------------------------------------------------------------


def retention_cutoffs(dp_settings, today: dt.date) -> tuple[dt.date, dt.datetime]:
    """The day before which closed records expire, and the moment before which declined
    referrals expire, under the organisation's rules."""
    from .deadlines import add_calendar_months

    closed_before = add_calendar_months(today, -12 * dp_settings.closed_case_years)
    referral_day = add_calendar_months(today, -dp_settings.declined_referral_months)
    received_before = timezone.make_aware(dt.datetime.combine(referral_day, dt.time.min))
    return closed_before, received_before


def expired_people(organisation, closed_before: dt.date) -> QuerySet:
    """People whose every case closed before ``closed_before`` (or who never had one and were
    recorded before it), with no newer referral and nothing open about them."""
    from heard.audit.redaction import ERASED
    from heard.casework.models import Status
    from heard.people.models import Person

    from .erasure import PERSON_NAMES
    from .models import ErasureRequest, ErasureStatus

    cutoff = timezone.make_aware(dt.datetime.combine(closed_before, dt.time.min))
    open_requests = SubjectAccessRequest.objects.filter(
        person=models.OuterRef("pk"),
        status__in=[SarStatus.AWAITING_IDENTITY, SarStatus.IN_PROGRESS],
    )
    pending_erasure = ErasureRequest.objects.filter(
        person=models.OuterRef("pk"), status=ErasureStatus.AWAITING_APPROVAL
    )
    return (
        Person.objects.for_organisation(organisation)
        .annotate(
            open_cases=models.Count("cases", filter=~Q(cases__status=Status.CLOSED)),
            last_closed=models.Max("cases__status_changed_at"),
            newer_referrals=models.Count("referrals", filter=Q(referrals__received_at__gte=cutoff)),
        )
        .filter(open_cases=0, newer_referrals=0)
        .filter(Q(last_closed__lt=cutoff) | Q(last_closed__isnull=True, created_at__lt=cutoff))
        .exclude(models.Exists(open_requests))
        .exclude(models.Exists(pending_erasure))
        .exclude(first_name=ERASED, last_name=PERSON_NAMES["last_name"])
        .order_by("last_closed", "id")
    )


def expired_referrals(organisation, received_before: dt.datetime) -> QuerySet:
    """Declined or signposted referrals that never became a person's record."""
    from heard.audit.redaction import ERASED
    from heard.referrals.models import Referral, ReferralStatus

    return (
        Referral.objects.for_organisation(organisation)
        .filter(
            person__isnull=True,
            status__in=[ReferralStatus.DECLINED, ReferralStatus.SIGNPOSTED],
            received_at__lt=received_before,
        )
        .exclude(first_name=ERASED)
        .order_by("received_at", "id")
    )
