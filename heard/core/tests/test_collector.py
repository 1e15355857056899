"""The worker freezes its long-lived objects after its first requests (``heard.core.collector``).

The receiver is called directly: sending ``request_finished`` would also run Django's own
receivers, which close database connections.
"""

import gc

import pytest
from django.core.signals import request_finished

from heard.core import collector


@pytest.fixture
def fresh_worker(monkeypatch):
    monkeypatch.setattr(collector, "_served", 0)
    gc.unfreeze()
    collector.freeze_long_lived_objects()
    yield
    request_finished.disconnect(dispatch_uid=collector.DISPATCH_UID)
    gc.unfreeze()


def connected() -> bool:
    return any(key[0] == collector.DISPATCH_UID for key, *_rest in request_finished.receivers)


def test_objects_alive_after_the_first_request_are_frozen(fresh_worker):
    assert connected()
    assert gc.get_freeze_count() == 0
    collector._freeze_after_request()
    assert gc.get_freeze_count() > 0


def test_freezing_happens_at_powers_of_two_and_stops_after_the_last(fresh_worker):
    frozen_at = []
    for served in range(1, collector.LAST_FREEZE + 1):
        gc.unfreeze()
        collector._freeze_after_request()
        if gc.get_freeze_count():
            frozen_at.append(served)
    assert frozen_at == [2**n for n in range(10)]
    assert not connected()
