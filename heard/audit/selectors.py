"""Reading the audit trail."""

from __future__ import annotations

from functools import cache

from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from .models import AuditEvent, PendingAnonymousEvent

#: How far "everything about a record" reaches: a person's cases (one step), and each case's
#: activities, documents, challenges and concerns (two steps).
RELATED_DEPTH = 2
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.IntegerField)


def access_log_for(organisation, obj):
    """Who has looked at (or exported) this record, newest first."""
    return (
        AuditEvent.objects.for_organisation(organisation)
        .about(obj)
        .access()
        .select_related("actor")
    )


@cache
def records_about(
    model: type[models.Model],
) -> tuple[tuple[type[models.Model], tuple[str, ...]], ...]:
    """Every model whose rows belong to a row of ``model``, with the lookups that reach it.

    Read from the models' own foreign keys (``Case.person``, ``Document.case``...), so an
    area added later is covered without registering anything. Only rows with whole-number
    keys are followed: the audit trail stores a target's key as text, and that is how a
    subquery can match it on both databases.
    """
    found: dict[type[models.Model], list[str]] = {}

    def walk(parent: type[models.Model], prefix: str, depth: int) -> None:
        if depth == 0:
            return
        for relation in parent._meta.get_fields(include_hidden=True):
            if not (relation.auto_created and not relation.concrete):
                continue
            if not (relation.one_to_many or relation.one_to_one):
                continue
            child = relation.related_model
            if child._meta.auto_created or child._meta.app_label == "audit":
                continue  # many-to-many links (a supervision's cases) are not records about them
            if not isinstance(child._meta.pk, _INTEGER_KEYS):
                continue
            lookup = f"{relation.field.name}__{prefix}" if prefix else relation.field.name
            if lookup not in found.setdefault(child, []):
                found[child].append(lookup)
            walk(child, lookup, depth - 1)

    walk(model, "", RELATED_DEPTH)
    return tuple((child, tuple(lookups)) for child, lookups in found.items() if child is not model)


def _about_record_or_related(obj) -> Q:
    condition = Q(target_type=obj._meta.label_lower, target_id=str(obj.pk))
    for child, lookups in records_about(type(obj)):
        reaches = Q()
        for lookup in lookups:
            reaches |= Q(**{lookup: obj.pk})
        keys = (
            child._base_manager.filter(reaches)
            .annotate(audit_key=Cast("pk", CharField()))
            .values("audit_key")
        )
        condition |= Q(target_type=child._meta.label_lower, target_id__in=keys)
    return condition


def access_log_about(organisation, obj):
    """Who has looked at this record or at anything that belongs to it, newest first.

    For a person: their record, their cases and everything in them (activities, issues,
    tasks, documents, challenges, safeguarding concerns), their referrals and their
    data-protection requests. One query, however many records they have.
    """
    return (
        AuditEvent.objects.for_organisation(organisation)
        .filter(_about_record_or_related(obj))
        .access()
        .select_related("actor")
    )


def history_for(organisation, obj):
    """Every event about this record: changes and views, newest first."""
    return AuditEvent.objects.for_organisation(organisation).about(obj).select_related("actor")


def anonymous_pending_for(organisation, obj):
    """Anonymous events about this record not yet in the trail (they join it the next day)."""
    return PendingAnonymousEvent.objects.filter(
        organisation=organisation, target_type=obj._meta.label_lower, target_id=str(obj.pk)
    ).order_by("-day", "id")
