"""``ahead_of_next_statement``: a statement sent with the next one, never without it."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from heard.core.round_trips import ahead_of_next_statement

pytestmark = pytest.mark.django_db


def _setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('heard.round_trip_test', true)")
        return cursor.fetchone()[0]


def _ahead(value: str):
    return ahead_of_next_statement(
        "SELECT set_config('heard.round_trip_test', %s, true)"
        if connection.vendor == "postgresql"
        else "SELECT %s",
        [value],
    )


def test_the_next_read_sees_it_and_is_the_only_statement_logged():
    if connection.vendor != "postgresql":
        with CaptureQueriesContext(connection) as queries, _ahead("x"):
            pass
        assert len(queries) == 1  # SQLite runs it at once, alone
        return
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        with _ahead("sent-with-the-read"):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('heard.round_trip_test', true), %s", ["100%"]
                )
                assert cursor.fetchone() == ("sent-with-the-read", "100%")
            with connection.cursor() as cursor:
                cursor.execute("SELECT 2")  # later statements go as they are
                assert cursor.fetchone() == (2,)
        assert [q["sql"] for q in queries.captured_queries][-1] == "SELECT 2"
        assert len(queries) == 2


def test_a_block_without_a_statement_sends_it_on_leaving():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs it at once")
    with transaction.atomic():
        with _ahead("on-leaving"):
            pass
        assert _setting() == "on-leaving"


def test_a_failure_of_the_statement_sent_ahead_is_a_django_error():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs it at once")
    failing = ahead_of_next_statement("SELECT 1 / %s", [0])
    with transaction.atomic():
        with pytest.raises(DatabaseError), failing, connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        transaction.set_rollback(True)  # the failed statement aborted the transaction
