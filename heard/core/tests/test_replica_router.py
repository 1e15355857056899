"""The replica router without a replica: everything stays on the primary, nothing is stamped.

The router against a real replica is tested in tests/test_replica.py (PostgreSQL, CI).
"""

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.http import HttpResponse
from django.test import RequestFactory

from heard.casework.models import Case
from heard.core.replica import (
    REPLICA,
    STAMP_COOKIE,
    ReadYourWritesMiddleware,
    ReplicaRouter,
    reading_from_replica,
)


def test_without_a_replica_the_block_reads_the_primary(settings):
    """No replica configured: ``reading_from_replica`` changes nothing."""
    settings.HEARD_READ_REPLICA = ""
    with reading_from_replica():
        assert Case.objects.all().db == DEFAULT_DB_ALIAS


def test_a_replica_alias_that_is_not_configured_is_ignored(settings):
    """Naming a replica the settings do not define never routes reads to it."""
    settings.HEARD_READ_REPLICA = "nowhere"
    with reading_from_replica():
        assert Case.objects.all().db == DEFAULT_DB_ALIAS


def test_writes_and_migrations_never_go_to_the_replica():
    router = ReplicaRouter()
    assert router.db_for_write(Case) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(REPLICA, "casework") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "casework") is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_replica_no_stamp_is_set(settings, method):
    """The read-your-writes cookie exists only where there is a replica to avoid."""
    settings.HEARD_READ_REPLICA = ""
    middleware = ReadYourWritesMiddleware(lambda request: HttpResponse("ok"))
    response = middleware(getattr(RequestFactory(), method)("/"))
    assert STAMP_COOKIE not in response.cookies
