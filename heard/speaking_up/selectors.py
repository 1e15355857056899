"""Reading speaking-up concerns: the leads' list, a raiser's own, one concern's actions and history."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from heard.audit.selectors import anonymous_pending_for, history_for

from .models import SpeakingUpConcern

HISTORY_LIMIT = 100


def concerns_for_leads(queryset: QuerySet) -> QuerySet:
    """Newest day first; within a day by the random key, never by when they were raised."""
    return (
        queryset.select_related("raised_by")
        .annotate(action_count=Count("actions"))
        .order_by("-raised_on", "id")
    )


def own_concerns(queryset: QuerySet, user) -> QuerySet:
    """The named concerns ``user`` raised (anonymous ones are linked to nobody, so never here)."""
    return queryset.filter(raised_by=user, is_anonymous=False).order_by("-raised_on", "id")


def concern_for_page(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("raised_by")


def actions_for(concern: SpeakingUpConcern) -> QuerySet:
    return concern.actions.select_related("recorded_by").order_by("taken_on", "created_at", "id")


def changes_for(organisation, concern: SpeakingUpConcern) -> list:
    """The concern's recorded changes (not the views of it), newest first.

    An anonymous raise waits outside the trail until its day ends; it is shown all the same.
    """
    pending = list(anonymous_pending_for(organisation, concern))
    recorded = list(history_for(organisation, concern).filter(is_access=False)[:HISTORY_LIMIT])
    return pending + recorded


def concerns_for_export(queryset: QuerySet) -> QuerySet:
    return (
        queryset.select_related("raised_by")
        .annotate(action_count=Count("actions"))
        .order_by("raised_on", "id")
    )
