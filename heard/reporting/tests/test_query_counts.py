"""Report pages cost the same number of queries whatever the amount of data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.casework.models import CaseStatus
from heard.organisations.models import Role
from heard.reporting.tests.world import PERIOD, at, build_world, make_case, status
from tests.factories import (
    ActivityFactory,
    IssueFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

QUERY = f"?start={PERIOD.start}&end={PERIOD.end}"


def _grow(world, size: int):
    """``size`` more referrals, cases, activities and issues in the quarter."""
    for n in range(size):
        day = PERIOD.start + dt.timedelta(days=n % 80)
        person = PersonFactory(organisation=world.organisation, ethnicity="white_irish")
        referral = ReferralFactory(
            organisation=world.organisation, received_at=at(day), requested_types=["care_act"]
        )
        case = make_case(
            world.organisation,
            world.care_act,
            person,
            day,
            referral=referral,
            priority="urgent" if n % 3 else "standard",
        )
        status(case, "allocated", day + dt.timedelta(days=2), "waiting")
        ActivityFactory(
            case=case,
            with_person=True,
            occurred_at=at(day + dt.timedelta(days=3)),
            minutes=30 + n,
            recorded_by=world.advocate_user,
        )
        IssueFactory(case=case, created_by=world.advocate_user)
    assert CaseStatus.objects.count() > size


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "/reports/services/{care_act}/",
        "/reports/all-services/",
        "/reports/services/{care_act}/equality/",
        "/reports/services/{care_act}/dashboard/",
    ],
)
def test_report_pages_do_not_grow_with_data(client, path):
    world = build_world()
    admin = MembershipFactory(organisation=world.organisation, role=Role.MANAGER)
    client.force_login(admin.user)
    url = path.format(care_act=world.care_act.pk) + QUERY
    _queries(client, url)  # the first request of a session does its own bookkeeping
    before = _queries(client, url)
    _grow(world, 12)
    after = _queries(client, url)
    assert after == before
    assert before < 80
