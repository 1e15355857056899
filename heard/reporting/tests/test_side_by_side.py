"""Read side by side (two connections, as production reads a whole report on PostgreSQL),
every figure of every known report is still exactly the hand-worked one. The rest of the
suite reads on one connection: a helper cannot see a test's uncommitted rows, so here the
rows are committed."""

import pytest
from django.db import connection

from heard.reporting.tests import expected
from heard.reporting.tests.test_measures import REPORTS, build
from heard.reporting.tests.world import build_world

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def test_every_known_report_read_side_by_side_is_the_hand_worked_one(settings):
    settings.HEARD_DATABASE_READERS = 2
    world = build_world()
    for name in REPORTS:
        report, tables, completeness = build(world, name)
        problems = expected.compare(report, tables, completeness)
        assert not problems, "\n".join([f"{name}, read side by side:", *problems])
