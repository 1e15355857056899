"""The manager view's "Supervision overdue" panel decides who is overdue in SQL; it must agree
with ``supervision_due``, the rule the team view and a person's record use."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.development import selectors
from heard.development.dashboard import PANEL_LIMIT
from heard.development.models import AdvocateProfile, SupervisionKind
from heard.development.tests.factories import SupervisionSessionFactory
from heard.organisations.models import Membership, Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _member(organisation, name, *, started_days_ago=None, external=""):
    member = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=5,
        user__full_name=name,
    )
    if started_days_ago is not None or external:
        AdvocateProfile.objects.create(
            organisation=organisation,
            membership=member,
            start_date=timezone.localdate() - dt.timedelta(days=started_days_ago)
            if started_days_ago is not None
            else None,
            external_supervisor_name=external,
        )
    return member


def _sessions(organisation, member, **days_ago):
    for kind, days in days_ago.items():
        SupervisionSessionFactory(
            organisation=organisation,
            kind=kind,
            attendees=[member],
            held_on=timezone.localdate() - dt.timedelta(days=days),
        )


def _python_rule(organisation, today):
    """Who ``supervision_due`` says is overdue, reading every member (the old way)."""
    every = selectors.frequencies(organisation)
    people = selectors.with_last_supervision(
        Membership.objects.filter(
            organisation=organisation, is_active=True, caseload_capacity__gt=0
        ).select_related("user", "development_profile")
    )
    overdue = []
    for member in people:
        late = [
            d.kind for d in selectors.supervision_due(member, every=every, today=today) if d.overdue
        ]
        if late:
            overdue.append((member.user.full_name, late))
    return sorted(overdue)


def test_the_panel_agrees_with_supervision_due(organisation):
    """Start dates, the join date, each kind's last session and an external supervisor."""
    today = timezone.localdate()
    # Up to date on both kinds; no external supervisor, so none is expected.
    _sessions(organisation, _member(organisation, "Ann Current"), one_to_one=5, group=5)
    # Started recently: nothing is due yet.
    _member(organisation, "Ben New", started_days_ago=3)
    # Started long ago, never supervised: both kinds overdue.
    _member(organisation, "Cat Never", started_days_ago=400)
    # External supervisor and no external session for a year: only that is overdue.
    dan = _member(organisation, "Dan External", started_days_ago=400, external="Dr Ext")
    _sessions(organisation, dan, one_to_one=5, group=5, external=200)
    # Group practice last held 31 days ago (every 30): overdue by one day.
    _sessions(organisation, _member(organisation, "Eve Group"), one_to_one=41, group=31)
    # Joined today (no profile): not yet due.
    _member(organisation, "Fay Today")

    rows, total = selectors.overdue_supervision(
        organisation, Membership.objects.filter(organisation=organisation), today=today, limit=10
    )

    shown = [(row.membership.user.full_name, [d.kind for d in row.overdue]) for row in rows]
    assert shown == _python_rule(organisation, today)
    assert shown == [
        ("Cat Never", [SupervisionKind.ONE_TO_ONE, SupervisionKind.GROUP]),
        ("Dan External", [SupervisionKind.EXTERNAL]),
        ("Eve Group", [SupervisionKind.GROUP]),
    ]
    assert total == 3


def test_the_panel_shows_the_first_ten_by_name_and_counts_the_rest(organisation):
    """Twelve overdue: ten named, in name order, and "2 more"."""
    for n in range(12):
        _member(organisation, f"Staff {n:02d}", started_days_ago=400)

    rows, total = selectors.overdue_supervision(
        organisation,
        Membership.objects.filter(organisation=organisation),
        today=timezone.localdate(),
        limit=PANEL_LIMIT,
    )

    assert [row.membership.user.full_name for row in rows] == [
        f"Staff {n:02d}" for n in range(PANEL_LIMIT)
    ]
    assert total == 12
