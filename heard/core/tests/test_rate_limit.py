"""Rate counts for the public forms: one row per client and form, in the database."""

import datetime as dt
import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.core import rate_limit
from heard.core.models import RateCount
from heard.referrals.services import intake
from tests.concurrency import at_once
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_places_run_out_at_the_limit_and_a_new_window_starts_again(organisation):
    key = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    now = timezone.now()
    assert [rate_limit.take(key, 3, 60, now=now) for _ in range(4)] == [True] * 3 + [False]
    assert RateCount.objects.get(key=key).count == 3  # a refused attempt is not counted
    assert rate_limit.take(key, 4, 60, now=now)  # a higher limit has a place left
    later = now + dt.timedelta(seconds=61)
    assert rate_limit.take(key, 3, 60, now=later)  # the window has ended: a new one
    row = RateCount.objects.get(key=key)
    assert row.count == 1
    assert row.window_ends == later + dt.timedelta(seconds=60)


def test_no_limit_means_no_place(organisation):
    key = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    assert not rate_limit.take(key, 0, 60)
    assert not RateCount.objects.exists()


def test_taking_a_place_is_one_statement(organisation):
    """No COUNT(*) over a whole table (the database cache ran one on every count), and the
    check and the count of a submission together in one statement, refused or not."""
    key = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    with CaptureQueriesContext(connection) as queries:
        assert rate_limit.take(key, 1, 60)
        assert not rate_limit.take(key, 1, 60)
    assert len(queries) == 2
    assert not any("COUNT(" in q["sql"].upper() for q in queries)


def test_a_place_taken_in_a_transaction_that_fails_is_given_back(organisation):
    key = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert rate_limit.take(key, 1, 60)
        raise RuntimeError("the submission failed after the count")
    assert rate_limit.take(key, 1, 60)


def test_many_other_clients_do_not_push_a_count_out(organisation):
    """The database cache culled a third of its entries past 300: limits were forgotten."""
    for _ in range(intake.RATE_LIMIT):
        assert intake.take_submission_place(organisation, "203.0.113.5")
    for n in range(400):
        intake.take_submission_place(organisation, f"198.51.{n // 250}.{n % 250}")
    assert not intake.take_submission_place(organisation, "203.0.113.5")
    assert intake.take_submission_place(organisation, "203.0.113.6")


def test_the_address_is_stored_only_hashed_and_per_form_and_organisation(organisation):
    other = OrganisationFactory(slug="elsewhere")
    intake.take_submission_place(organisation, "203.0.113.5")
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
    rate_limit.take(old, 10, 60, now=now - dt.timedelta(hours=2))
    rate_limit.take(current, 10, 60, now=now)
    assert rate_limit.purge_expired(now=now) == 1
    assert list(RateCount.objects.values_list("key", flat=True)) == [current]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database refuses concurrent writers outright",
)
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_cannot_both_take_the_last_place(organisation):
    """The first holds the row until it commits; the second then sees a full window."""
    key = rate_limit.rate_key("referral", organisation, "203.0.113.5")
    assert rate_limit.take(key, 2, 60)

    def submit():
        with transaction.atomic():
            taken = rate_limit.take(key, 2, 60)
            time.sleep(0.3)  # still storing the submission when the other one asks
        return taken

    assert sorted(at_once(submit)) == [False, True]
    assert RateCount.objects.get(key=key).count == 2
