"""The team view, training matrix and a person's record cost the same number of queries
whatever the number of staff, sessions and records."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from heard.development.models import AdvocateProfile, Readiness, TrainingRecord
from heard.development.tests.factories import (
    InductionItemFactory,
    SupervisionActionFactory,
    SupervisionSessionFactory,
    TrainingItemFactory,
)
from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _grow(organisation, manager, size: int):
    """``size`` advocates, each with sessions, actions, training, readiness and cases."""
    items = [TrainingItemFactory(organisation=organisation) for _ in range(2)]
    induction = InductionItemFactory(organisation=organisation)
    today = timezone.localdate()
    for n in range(size):
        member = MembershipFactory(
            organisation=organisation, role=Role.ADVOCATE, caseload_capacity=1
        )
        AdvocateProfile.objects.create(
            organisation=organisation,
            membership=member,
            line_supervisor=manager,
            start_date=today - dt.timedelta(days=200),
            external_supervisor_name="Dr Ext" if n % 2 else "",
        )
        for days in (10, 80):
            session = SupervisionSessionFactory(
                organisation=organisation,
                attendees=[member],
                held_on=today - dt.timedelta(days=days),
            )
            SupervisionActionFactory(session=session, owner=member)
        for item in items:
            TrainingRecord.objects.create(
                organisation=organisation,
                membership=member,
                item=item,
                status="achieved",
                achieved_on=today,
                expires_on=today + dt.timedelta(days=30),
            )
        induction.sign_offs.create(
            organisation=organisation,
            membership=member,
            completed_on=today,
            signed_off_by=manager.user,
        )
        Readiness.objects.create(
            organisation=organisation,
            membership=member,
            advocacy_type="imca",
            signed_off_on=today,
            signed_off_by=manager.user,
        )
        for _ in range(2):
            CaseFactory(organisation=organisation, allocated_to=member, status="active")


def _count(client, url) -> int:
    client.get(url)  # the first request also loads the session and the user
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("name", ["development:team", "development:matrix"])
def test_team_pages_do_not_grow_with_staff(client, organisation, name):
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    client.force_login(manager.user)
    url = reverse(name)
    _grow(organisation, manager, 2)
    small = _count(client, url)
    _grow(organisation, manager, 6)
    assert _count(client, url) == small


def test_the_team_view_shows_over_capacity_and_overdue(client, organisation):
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    client.force_login(manager.user)
    _grow(organisation, manager, 2)
    body = client.get(reverse("development:team")).content.decode()
    assert "Over capacity" in body
    assert "overdue" in body


def test_a_persons_record_does_not_grow_with_their_history(client, organisation):
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    client.force_login(manager.user)
    _grow(organisation, manager, 1)
    member = AdvocateProfile.objects.get().membership
    url = reverse("development:member", kwargs={"membership_id": member.pk})
    small = _count(client, url)
    today = timezone.localdate()
    for days in range(5):
        session = SupervisionSessionFactory(
            organisation=organisation, attendees=[member], held_on=today - dt.timedelta(days=days)
        )
        SupervisionActionFactory(session=session, owner=member)
        CaseFactory(organisation=organisation, allocated_to=member, status="active")
    assert _count(client, url) == small


def test_manager_view_overdue_supervision_does_not_grow_with_staff_or_sessions(
    client, organisation
):
    """The manager view names who is overdue, at the same query count for 2 or 8 advocates."""
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    client.force_login(manager.user)
    url = reverse("casework:manager")
    _grow(organisation, manager, 2)
    small = _count(client, url)
    _grow(organisation, manager, 6)
    response = client.get(url)
    assert "Supervision overdue" in response.content.decode()
    assert len(response.context["development_team"].overdue) == 8  # group sessions never held
    assert _count(client, url) == small


def test_my_day_lists_open_supervision_actions_at_a_fixed_cost(client, organisation):
    member = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    client.force_login(member.user)
    url = reverse("casework:my_day")
    session = SupervisionSessionFactory(organisation=organisation, attendees=[member])
    SupervisionActionFactory(session=session, owner=member, description="Ring the ward manager")
    small = _count(client, url)
    assert "Ring the ward manager" in client.get(url).content.decode()
    for _ in range(12):
        SupervisionActionFactory(session=session, owner=member)
    assert _count(client, url) == small
    panel = client.get(url).context["supervision_actions"]
    assert len(panel.rows) == 10 and panel.more
