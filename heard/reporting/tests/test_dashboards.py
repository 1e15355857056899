"""Twelve-month trends agree with the measures month by month."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.reporting import measures, trends
from heard.reporting.periods import months_back
from heard.reporting.report import scope_for
from heard.reporting.tests.world import build_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 30)


@pytest.fixture
def world():
    return build_world()


def test_each_month_is_the_measure_for_that_month(world):
    services = [world.care_act, world.imha]
    found = {
        t.key: t
        for t in trends.twelve_months(
            world.organisation, services, TODAY, all_services=True, suppressed=False
        )
    }
    for index, month in enumerate(months_back(TODAY, 12)):
        scope = scope_for(world.organisation, services, month, all_services=True)
        assert found["referrals"].values[index] == measures.referrals_by_type(scope).value(
            "total", "referrals"
        )
        cases = measures.case_counts(scope)
        assert found["opened"].values[index] == cases.value("total", "opened")
        assert found["closed"].values[index] == cases.value("total", "closed")
        assert found["hours"].values[index] == measures.hours_by_type(scope).value(
            "total", "total_hours"
        )
    # April: referrals R1 and R2; May: R3, R4 and the five Care Act referrals R7–R11 (11–15
    # May); June: none (March's R5 is outside the last three months).
    assert found["referrals"].values[-3:] == [2, 7, 0]


def test_the_dashboards_draw_charts_with_tables(world, client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    client.force_login(world.manager.user)
    for url in ("/reports/dashboard/", f"/reports/services/{world.care_act.pk}/dashboard/"):
        body = client.get(url).content.decode()
        assert body.count("<svg") == 4
        assert body.count('data-trend="') == 4
        assert "Jun 2026" in body
