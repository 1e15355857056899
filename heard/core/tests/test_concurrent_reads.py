"""Independent reads run side by side on PostgreSQL: each helper on a connection of its own,
bound to the same organisation and person, with the caller's planner settings and language,
read only; an error anywhere reaches the caller; elsewhere they run one after another."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from heard.core import tenant_db
from heard.core.concurrent_reads import run_together
from heard.core.planner import without_jit

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="side by side only on PostgreSQL"
)


def where_it_ran(seen: list, lock: threading.Lock, barrier: threading.Barrier | None = None):
    """A read that notes its connection, binding, settings, language and thread."""

    def read():
        if barrier is not None:
            barrier.wait(timeout=10)  # both lanes hold a read at once
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_backend_pid(), current_setting('heard.organisation_id', true), "
                "current_setting('heard.user_id', true), current_setting('jit'), "
                "current_setting('transaction_read_only')"
            )
            row = cursor.fetchone()
        with lock:
            seen.append((*row, translation.get_language(), threading.current_thread().name))

    return read


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_lanes_two_connections_one_binding(organisation, user):
    seen, lock, barrier = [], threading.Lock(), threading.Barrier(2)
    reads = [where_it_ran(seen, lock, barrier) for _ in range(2)]
    reads += [where_it_ran(seen, lock) for _ in range(4)]
    with (
        translation.override("cy"),
        tenant_db.organisation_context(organisation, user=user),
        without_jit(),
    ):
        run_together(reads, alias="default", readers=2)
    assert len(seen) == 6
    assert len({pid for pid, *_rest in seen}) == 2  # this connection and a helper's
    assert {(org, user) for _pid, org, user, *_rest in seen} == {
        (str(organisation.pk), str(user.pk))
    }
    assert {jit for *_start, jit, _ro, _lang, _thread in seen} == {"off"}
    assert {lang for *_start, lang, _thread in seen} == {"cy"}
    helper = [row for row in seen if row[-1].startswith("heard-reads")]
    assert helper and all(read_only == "on" for *_s, read_only, _lang, _thread in helper)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_error_in_either_lane_reaches_the_caller(organisation):
    barrier = threading.Barrier(2)

    def fails():
        barrier.wait(timeout=10)
        raise ValueError("this read failed")

    def waits():
        barrier.wait(timeout=10)

    for order in ([fails, waits], [waits, fails]):
        barrier.reset()
        with (
            pytest.raises(ValueError, match="this read failed"),
            tenant_db.organisation_context(organisation),
        ):
            run_together(order, alias="default", readers=2)


@pytest.mark.django_db
@pytest.mark.parametrize("readers", [1, 2])
def test_one_reader_or_sqlite_reads_here_one_after_another(readers):
    order = []

    def read(n):
        return lambda: order.append((n, threading.current_thread().name))

    if connection.vendor == "postgresql" and readers == 2:
        pytest.skip("two readers on PostgreSQL run side by side (above)")
    run_together([read(n) for n in range(3)], alias="default", readers=readers)
    assert [n for n, _thread in order] == [0, 1, 2]
    assert {thread for _n, thread in order} == {threading.current_thread().name}
