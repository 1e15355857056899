"""``without_jit``: a report's transaction runs without JIT and with a larger ``work_mem``;
``planned_for_their_values``: aggregates are planned for their values, never prepared."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.core.planner import REPORT_WORK_MEM, planned_for_their_values, without_jit
from heard.organisations.models import Organisation
from tests.factories import OrganisationFactory


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_it_sets_both_for_the_block_only_in_one_statement():
    if connection.vendor != "postgresql":
        with CaptureQueriesContext(connection) as queries, without_jit():
            pass
        assert len(queries) == 0  # nothing to set elsewhere
        return
    with CaptureQueriesContext(connection) as queries, without_jit():
        assert len(queries) == 1
        assert _setting("jit") == "off"
        assert _setting("work_mem") == REPORT_WORK_MEM


def _prepared(marker: str) -> list[tuple[int, int]]:
    """(generic plans, custom plans) of this connection's prepared statements naming ``marker``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
            " WHERE strpos(statement, %s) > 0",
            [marker],
        )
        return cursor.fetchall()


def _count(slug: str, times: int) -> None:
    for _ in range(times):
        assert Organisation.objects.filter(slug=slug).count() == 1


@pytest.mark.django_db
def test_outside_the_block_a_repeated_statement_is_prepared_and_its_plan_kept():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    OrganisationFactory(slug="kept-plan")
    _count("kept-plan", 12)
    [(generic, custom)] = _prepared('"organisations_organisation"."slug" = $1')
    assert generic > 0 and custom == 5  # PostgreSQL's five custom plans, then the generic one


@pytest.mark.django_db
def test_in_the_block_the_same_statement_is_planned_each_time_for_its_values():
    if connection.vendor != "postgresql":
        with planned_for_their_values():  # nothing to change elsewhere
            assert Organisation.objects.count() == 0
        return
    OrganisationFactory(slug="each-time")
    with planned_for_their_values():
        _count("each-time", 12)
    assert _prepared('"organisations_organisation"."slug" = $1') == []


@pytest.mark.django_db
def test_a_failing_statement_in_the_block_is_still_a_django_error():
    from django.db import DatabaseError

    with planned_for_their_values(), pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table_here")


@pytest.mark.django_db
def test_blocks_nest_and_the_threshold_comes_back():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold
    with planned_for_their_values():
        with planned_for_their_values():
            assert connection.connection.prepare_threshold is None
        assert connection.connection.prepare_threshold is None
    assert connection.connection.prepare_threshold == threshold
