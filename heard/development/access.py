"""Whose development records a member may see: the one place that decides (ADR-0011).

- An advocate's profile, induction, training, supervision and barriers: the
  advocate, their line supervisor, and the organisation's managers and admins.
- Wellbeing check-ins and supportive signals: the advocate and their line
  supervisor only. They are never figures for managers to rank.
- Reflective notes: the author, and the supervisor they chose to share a note
  with. Nobody else, admins included, on any page, export, search or API.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from heard.organisations.models import Role

MANAGING_ROLES = (Role.ADMIN, Role.MANAGER)


def supervisor_id(subject) -> int | None:
    profile = getattr(subject, "development_profile", None)
    return profile.line_supervisor_id if profile else None


def can_view_development(viewer, subject) -> bool:
    if viewer is None or subject is None or viewer.organisation_id != subject.organisation_id:
        return False
    return (
        viewer.pk == subject.pk
        or viewer.role in MANAGING_ROLES
        or supervisor_id(subject) == viewer.pk
    )


def can_view_wellbeing(viewer, subject) -> bool:
    if viewer is None or subject is None or viewer.organisation_id != subject.organisation_id:
        return False
    return viewer.pk == subject.pk or supervisor_id(subject) == viewer.pk


def can_manage_development(viewer, subject) -> bool:
    """Sign-offs and supervision for ``subject``: a manager, an admin or their line supervisor."""
    return can_view_development(viewer, subject) and (
        viewer.role in MANAGING_ROLES or supervisor_id(subject) == viewer.pk
    )


def readable_notes(queryset: QuerySet, viewer) -> QuerySet:
    """Reflective notes ``viewer`` may read: their own, and those shared with them."""
    if viewer is None:
        return queryset.none()
    return queryset.filter(
        Q(author=viewer) | Q(shared_with=viewer, shared_at__isnull=False),
        organisation_id=viewer.organisation_id,
    )


def get_note_or_404(queryset: QuerySet, viewer, **lookup):
    """One reflective note the viewer may read; 404 for everyone else, admins included."""
    try:
        return readable_notes(queryset, viewer).select_related("author__user").get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def visible_sessions(queryset: QuerySet, viewer) -> QuerySet:
    """Supervision sessions: managers and admins see all; others those they attended or led,
    or that their supervisees attended."""
    if viewer is None:
        return queryset.none()
    if viewer.role in MANAGING_ROLES:
        return queryset
    return queryset.filter(
        Q(attendees=viewer)
        | Q(supervisor=viewer)
        | Q(attendees__development_profile__line_supervisor=viewer)
    ).distinct()
