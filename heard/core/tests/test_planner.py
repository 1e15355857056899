"""``without_jit``: a report's transaction runs without JIT and with a larger ``work_mem``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.core.planner import REPORT_WORK_MEM, without_jit


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
