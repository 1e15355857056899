"""Running the same work in several threads at once, for races on a real database."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def at_once(work: Callable[[], object], *, threads: int = 2) -> list:
    """Start ``work`` in ``threads`` threads released together; what each returned, in the
    order they finished. Each thread has its own database connection, closed after."""
    barrier = threading.Barrier(threads)
    results, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait(timeout=5)
            result = work()
            with lock:
                results.append(result)
        finally:
            connection.close()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join(timeout=30)
    return results
