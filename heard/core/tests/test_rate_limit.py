"""Rate counts for the public forms: one row per client and form, in the database."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.core import rate_limit
from heard.core.models import RateCount
from heard.referrals.services import intake
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_counts_reach_the_limit_and_a_new_window_starts_again(organisation):
    key = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    now = timezone.now()
    for _ in range(3):
        rate_limit.count(key, 60, now=now)
    assert rate_limit.is_limited(key, 3, now=now)
    assert not rate_limit.is_limited(key, 4, now=now)
    later = now + dt.timedelta(seconds=61)
    assert not rate_limit.is_limited(key, 3, now=later)
    rate_limit.count(key, 60, now=later)
    row = RateCount.objects.get(key=key)
    assert row.count == 1
    assert row.window_ends == later + dt.timedelta(seconds=60)


def test_a_count_is_one_statement_and_a_check_is_one(organisation):
    """No COUNT(*) over a whole table (the database cache ran one on every count)."""
    key = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    with CaptureQueriesContext(connection) as queries:
        rate_limit.count(key, 60)
        rate_limit.count(key, 60)
        rate_limit.is_limited(key, 10)
    assert len(queries) == 3
    assert not any("COUNT(" in q["sql"].upper() for q in queries)


def test_many_other_clients_do_not_push_a_count_out(organisation):
    """The database cache culled a third of its entries past 300: limits were forgotten."""
    for _ in range(intake.RATE_LIMIT):
        intake.count_submission(organisation, "203.0.113.5")
    for n in range(400):
        intake.count_submission(organisation, f"198.51.{n // 250}.{n % 250}")
    assert intake.rate_limited(organisation, "203.0.113.5")
    assert not intake.rate_limited(organisation, "203.0.113.6")


def test_the_address_is_stored_only_hashed_and_per_form_and_organisation(organisation):
    other = OrganisationFactory(slug="elsewhere")
    intake.count_submission(organisation, "203.0.113.5")
    keys = set(RateCount.objects.values_list("key", flat=True))
    assert not any("203.0.113.5" in key for key in keys)
    assert (
        len(
            {
                rate_limit.rate_key(s, o, "203.0.113.5")
                for s in ("referral", "feedback")
                for o in (organisation, other)
            }
        )
        == 4
    )


def test_expired_counts_are_purged(organisation):
    now = timezone.now()
    old = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    current = rate_limit.rate_key("referral", organisation, "203.0.113.6")
    rate_limit.count(old, 60, now=now - dt.timedelta(hours=2))
    rate_limit.count(current, 60, now=now)
    assert rate_limit.purge_expired(now=now) == 1
    assert list(RateCount.objects.values_list("key", flat=True)) == [current]
