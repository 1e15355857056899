"""A visitor's session is saved without waiting for the disk; a signed-in one is not."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import UpdateError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from heard.core.sessions import SessionStore

# Outside a test transaction, as a request is.
pytestmark = pytest.mark.django_db(transaction=True)

RELAXED = "SET LOCAL synchronous_commit = off"


def saved(store) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        store.save()
    return [q["sql"] for q in queries]


def test_a_visitors_session_is_saved_and_read_back():
    store = SessionStore()
    store["heard_referral_draft:full:1"] = {"token": "a" * 32}
    statements = saved(store)
    assert (RELAXED in statements) == (connection.vendor == "postgresql")
    assert SessionStore(store.session_key)["heard_referral_draft:full:1"] == {"token": "a" * 32}


def test_a_signed_in_session_keeps_the_durable_commit():
    store = SessionStore()
    store[SESSION_KEY] = "1"
    assert RELAXED not in saved(store)
    assert SessionStore(store.session_key)[SESSION_KEY] == "1"


def test_a_save_inside_someone_elses_transaction_does_not_relax_it():
    store = SessionStore()
    store["x"] = 1
    with transaction.atomic():
        assert RELAXED not in saved(store)


def test_a_visitors_session_is_saved_without_a_savepoint():
    """The save is its transaction's only work, so Django's inner savepoint is not sent."""
    store = SessionStore()
    store["x"] = 1
    statements = saved(store)  # created
    store["x"] = 2
    statements += saved(store)  # updated
    assert not [sql for sql in statements if "SAVEPOINT" in sql]
    assert SessionStore(store.session_key)["x"] == 2


def test_a_visitors_session_that_has_gone_is_not_recreated_by_an_update():
    store = SessionStore()
    store["x"] = 1
    store.save()
    SessionStore(store.session_key).delete()
    store["x"] = 2
    with pytest.raises(UpdateError):
        store.save(must_create=False)
