"""A case's milestones, stored on the case: the day of first contact and of first allocation.

Contract reports measure working days from referral to each (docs/reporting.md); reading
them from every case's activities and status history at report time cost an index probe
per case. The case keeps them instead (``Case.first_contact_on``, ``Case.allocated_on``):

* **First contact**: the local day of the earliest activity in effect with the person.
* **Allocation**: the local day of the first status row ``allocated``.

Both are computed by the database from the records, by the one expression each below, so
stored and live cannot differ in definition. How stale they can be (docs/reporting.md,
"Case milestones"):

* The activity services (create, edit, entered in error), activity and case imports and
  the lifecycle service (every status row) call ``refresh`` in their own transaction:
  never behind them.
* ``heard seed --scale national`` writes them with each case (it knows the day it
  allocated the case and the day of its first visit); the demo seed calls ``rebuild``.
* Anything else (erasure and retention removing activities, an import undone, a
  restore, hand-made SQL) is put right by ``rebuild``: nightly
  (``rebuild_case_milestones`` in ``HEARD_PERIODIC_TASKS``) or at once with ``heard
  rebuild-case-milestones``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from heard.casework.models import Activity, Case, CaseStatus, Status


def first_contact_day() -> Subquery:
    """The case's first contact, live: the day of its earliest activity in effect with the
    person (``None`` before any)."""
    # ``organisation`` first, so the (organisation, case, -occurred_at) index serves it.
    return Subquery(
        Activity.objects.in_effect()
        .filter(organisation=OuterRef("organisation"), case=OuterRef("pk"), with_person=True)
        .order_by("occurred_at", "id")
        .annotate(day=TruncDate("occurred_at"))
        .values("day")[:1],
        output_field=DateField(),
    )


def allocation_day() -> Subquery:
    """The case's first allocation, live: the day of its first ``allocated`` status row."""
    return Subquery(
        CaseStatus.objects.filter(case=OuterRef("pk"), status=Status.ALLOCATED)
        .order_by("changed_at", "id")
        .annotate(day=TruncDate("changed_at"))
        .values("day")[:1],
        output_field=DateField(),
    )


def local_day(moment) -> dt.date:
    """The organisation's local day of ``moment``, as ``TruncDate`` gives it in a query."""
    return timezone.localdate(moment)


def refresh(case_ids: Iterable[int]) -> int:
    """Recompute the stored milestones of these cases from their records (one statement).

    Call inside the transaction that changed a case's activities or status rows.
    """
    ids = sorted({pk for pk in case_ids if pk is not None})
    if not ids:
        return 0
    return Case.objects.filter(pk__in=ids).update(
        first_contact_on=first_contact_day(), allocated_on=allocation_day()
    )


def rebuild(organisation_id: int) -> int:
    """Recompute every case of one organisation whose stored milestones differ from the live
    ones; returns how many changed."""
    rows = (
        Case.objects.filter(organisation_id=organisation_id)
        .annotate(live_contact=first_contact_day(), live_allocation=allocation_day())
        .order_by()
        .values_list("pk", "first_contact_on", "live_contact", "allocated_on", "live_allocation")
    )
    ids = [
        pk
        for pk, contact, live_contact, allocation, live_allocation in rows.iterator(chunk_size=5000)
        if (contact, allocation) != (live_contact, live_allocation)
    ]
    for start in range(0, len(ids), 5000):
        refresh(ids[start : start + 5000])
    return len(ids)
