"""The daily time summary always equals the figures computed live from the activities."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.casework.models import CONTACT_KINDS, Activity, ActivityKind
from heard.casework.services.activities import activity_create, activity_update
from heard.casework.services.entered_in_error import mark_entered_in_error
from heard.reporting import time_summary
from heard.reporting.models import DailyTime
from heard.reporting.tasks import rebuild_time_summary
from tests.factories import CaseFactory, MembershipFactory, OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

FIGURES = ("activities", "minutes", "travel_minutes", "contacts")


def summary_rows(organisation) -> dict:
    return {
        (row.service_id, row.advocacy_type, row.day, row.kind): tuple(
            getattr(row, name) for name in FIGURES
        )
        for row in DailyTime.objects.filter(organisation=organisation)
        if row.activities
    }


def live(organisation) -> dict:
    return {
        (row["service_id"], row["advocacy_type"], row["day"], row["kind"]): tuple(
            row[name] for name in FIGURES
        )
        for row in time_summary.live_rows(Activity.objects.filter(organisation=organisation))
    }


kinds = st.sampled_from(ActivityKind.values)
write = st.fixed_dictionaries(
    {
        "case": st.integers(0, 2),
        "kind": kinds,
        # Late evening times cross local midnight in summer time: the day is the local one.
        "hours_ago": st.integers(1, 24 * 90),
        "minutes": st.integers(0, 600),
        "travel_minutes": st.integers(0, 120),
        "contact": st.booleans(),
        "then": st.sampled_from(["keep", "edit", "mark"]),
        "new_kind": kinds,
        "new_hours_ago": st.integers(1, 24 * 90),
        "new_minutes": st.integers(0, 600),
    }
)


@pytest.fixture
def world():
    organisation = OrganisationFactory()
    services = [ServiceFactory(organisation=organisation) for _ in range(2)]
    cases = [
        CaseFactory(organisation=organisation, service=services[n % 2], status="active")
        for n in range(3)
    ]
    return organisation, cases, MembershipFactory(organisation=organisation).user


def _data(kind, hours_ago, minutes, travel_minutes, contact) -> dict:
    return {
        "kind": kind,
        "occurred_at": timezone.now() - dt.timedelta(hours=hours_ago),
        "minutes": minutes,
        "travel_minutes": travel_minutes,
        "with_person": contact and kind in CONTACT_KINDS,
        "present": "",
        "note": "",
    }


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=st.lists(write, min_size=1, max_size=8))
def test_the_summary_equals_the_live_figures_after_any_writes(world, writes):
    """Created, edited and entered-in-error activities through the services: the summary
    matches a live grouping of the activities in effect, and a rebuild changes nothing."""
    organisation, cases, user = world
    with transaction.atomic():
        for item in writes:
            activity = activity_create(
                case=cases[item["case"]],
                acting_user=user,
                data=_data(
                    item["kind"],
                    item["hours_ago"],
                    item["minutes"],
                    item["travel_minutes"],
                    item["contact"],
                ),
            )
            if item["then"] == "edit":
                activity_update(
                    activity=activity,
                    acting_user=user,
                    data=_data(
                        item["new_kind"],
                        item["new_hours_ago"],
                        item["new_minutes"],
                        item["travel_minutes"],
                        item["contact"],
                    ),
                )
            elif item["then"] == "mark":
                mark_entered_in_error(record=activity, reason="Wrong case", acting_user=user)
        expected = live(organisation)
        assert summary_rows(organisation) == expected
        marked = sum(1 for item in writes if item["then"] == "mark")
        assert sum(row[0] for row in expected.values()) == len(writes) - marked
        time_summary.rebuild(organisation.pk)
        assert summary_rows(organisation) == expected
        transaction.set_rollback(True)


def test_the_command_and_the_task_rebuild_what_bulk_loads_left_out(world):
    """Rows written past the services (a bulk load) appear after a rebuild."""
    organisation, cases, user = world
    Activity.objects.bulk_create(
        Activity(
            organisation=organisation,
            case=cases[n % 3],
            kind="visit",
            occurred_at=timezone.now() - dt.timedelta(days=n),
            minutes=30,
            recorded_by=user,
        )
        for n in range(40)
    )
    assert summary_rows(organisation) != live(organisation)
    call_command("rebuild-time-summary", "--organisation", organisation.slug)
    assert summary_rows(organisation) == live(organisation)
    DailyTime.objects.filter(organisation=organisation).delete()
    assert rebuild_time_summary.call() > 0
    assert summary_rows(organisation) == live(organisation)
    assert sum(row[1] for row in live(organisation).values()) == 40 * 30


def test_long_ranges_read_the_summary_and_short_ones_do_not():
    today = dt.date(2026, 6, 30)
    assert not time_summary.is_long_range(dt.date(2026, 6, 1), today)
    assert time_summary.is_long_range(dt.date(2026, 4, 1), today)
