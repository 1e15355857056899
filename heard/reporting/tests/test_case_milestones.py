"""A case's stored first-contact and allocation days always equal the ones computed live."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.casework import milestones
from heard.casework.models import Activity, Case, CaseStatus
from heard.casework.services.activities import activity_create, activity_update
from heard.casework.services.entered_in_error import mark_entered_in_error
from heard.casework.services.lifecycle import (
    case_allocate,
    case_deallocate,
    case_reallocate,
)
from heard.organisations.models import Role
from heard.reporting.tasks import rebuild_case_milestones
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def stored(organisation) -> dict:
    return {
        row["pk"]: (row["first_contact_on"], row["allocated_on"])
        for row in Case.objects.filter(organisation=organisation).values(
            "pk", "first_contact_on", "allocated_on"
        )
    }


def live(organisation) -> dict:
    return {
        row["pk"]: (row["contact"], row["allocation"])
        for row in Case.objects.filter(organisation=organisation)
        .annotate(contact=milestones.first_contact_day(), allocation=milestones.allocation_day())
        .values("pk", "contact", "allocation")
    }


@pytest.fixture
def world():
    organisation = OrganisationFactory()
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    advocates = [MembershipFactory(organisation=organisation, role=Role.ADVOCATE) for _ in range(2)]
    cases = [CaseFactory(organisation=organisation) for _ in range(3)]
    return organisation, cases, manager.user, advocates


write = st.fixed_dictionaries(
    {
        "case": st.integers(0, 2),
        "step": st.sampled_from(["allocate", "deallocate", "reallocate", "activity"]),
        # Late evening times cross local midnight in summer time: the day is the local one.
        "hours_ago": st.integers(1, 24 * 60),
        "contact": st.booleans(),
        "then": st.sampled_from(["keep", "edit", "mark"]),
        "new_hours_ago": st.integers(1, 24 * 60),
        "new_contact": st.booleans(),
    }
)


def _activity(hours_ago: int, contact: bool) -> dict:
    return {
        "kind": "visit",
        "occurred_at": timezone.now() - dt.timedelta(hours=hours_ago),
        "minutes": 30,
        "travel_minutes": 0,
        "with_person": contact,
        "present": "",
        "note": "",
    }


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=st.lists(write, min_size=1, max_size=8))
def test_stored_milestones_equal_the_live_ones_after_any_writes(world, writes):
    """Allocations, reallocations, deallocations and activities created, edited or marked
    entered in error through the services: every case's stored days match the days computed
    live from its records, and a rebuild changes nothing."""
    organisation, cases, user, advocates = world
    with transaction.atomic():
        for item in writes:
            case = Case.objects.get(pk=cases[item["case"]].pk)
            if item["step"] == "allocate" and case.status == "waiting":
                case_allocate(case=case, advocate=advocates[0], acting_user=user)
            elif item["step"] == "deallocate" and case.status == "allocated":
                case_deallocate(case=case, reason="advocate_left", acting_user=user)
            elif item["step"] == "reallocate" and case.status in ("allocated", "active"):
                other = advocates[1] if case.allocated_to_id != advocates[1].pk else advocates[0]
                case_reallocate(case=case, advocate=other, reason="advocate_left", acting_user=user)
            elif item["step"] == "activity":
                activity = activity_create(
                    case=case,
                    acting_user=user,
                    data=_activity(item["hours_ago"], item["contact"]),
                )
                if item["then"] == "edit":
                    activity_update(
                        activity=activity,
                        acting_user=user,
                        data=_activity(item["new_hours_ago"], item["new_contact"]),
                    )
                elif item["then"] == "mark":
                    mark_entered_in_error(record=activity, reason="Wrong case", acting_user=user)
        expected = live(organisation)
        assert stored(organisation) == expected
        assert milestones.rebuild(organisation.pk) == 0
        transaction.set_rollback(True)


def test_first_contact_is_the_earliest_contact_in_effect(world):
    """Marking the first contact entered in error moves first contact to the next one."""
    _organisation, cases, user, advocates = world
    case = cases[0]
    case_allocate(case=case, advocate=advocates[0], acting_user=user)
    early = activity_create(case=case, acting_user=user, data=_activity(24 * 10, True))
    activity_create(case=case, acting_user=user, data=_activity(24 * 3, True))
    activity_create(case=case, acting_user=user, data=_activity(24 * 20, False))
    case.refresh_from_db()
    assert case.first_contact_on == timezone.localdate(early.occurred_at)
    assert case.allocated_on == timezone.localdate()
    mark_entered_in_error(record=early, reason="Wrong case", acting_user=user)
    case.refresh_from_db()
    assert case.first_contact_on == timezone.localdate(timezone.now() - dt.timedelta(days=3))


def test_the_command_and_the_task_rebuild_what_bulk_loads_left_out(world):
    """Rows written past the services (a bulk load) count after a rebuild."""
    organisation, cases, user, _advocates = world
    when = timezone.now() - dt.timedelta(days=5)
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            case=case,
            kind="visit",
            occurred_at=when,
            minutes=30,
            with_person=True,
            recorded_by=user,
        )
        for case in cases
    )
    CaseStatus.objects.bulk_create(
        CaseStatus(organisation=organisation, case=case, status="allocated", changed_at=when)
        for case in cases[:2]
    )
    assert stored(organisation) != live(organisation)
    call_command("rebuild-case-milestones", "--organisation", organisation.slug)
    assert stored(organisation) == live(organisation)
    assert set(stored(organisation).values()) == {
        (timezone.localdate(when), timezone.localdate(when)),
        (timezone.localdate(when), None),
    }
    Case.objects.filter(organisation=organisation).update(first_contact_on=None, allocated_on=None)
    assert rebuild_case_milestones.call() == 3
    assert stored(organisation) == live(organisation)
