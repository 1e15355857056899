"""Rate-limit counts live in the shared cache: another process, or a restart, sees them."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from heard.referrals.services import intake


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "heard_cache",
        }
    }
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.mark.django_db
def test_public_referral_counts_survive_a_restart(database_cache, organisation, monkeypatch):
    for _ in range(intake.RATE_LIMIT):
        intake.count_submission(organisation, "203.0.113.5")
    assert intake.rate_limited(organisation, "203.0.113.5")
    # A new process starts with fresh cache objects; the counts are in the database table.
    restarted = DatabaseCache("heard_cache", {})
    monkeypatch.setattr(intake, "cache", restarted)
    assert intake.rate_limited(organisation, "203.0.113.5")
    assert not intake.rate_limited(organisation, "203.0.113.6")
