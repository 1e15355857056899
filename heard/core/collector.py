"""Python's garbage collector in a long-running web worker (docs/performance.md, "The national
picture: the collector's pauses").

A full collection walks every object the collector tracks. Most of them are the worker's own
furniture, alive for its whole life: Django, the URL patterns and views, compiled templates,
translation catalogues (some 150,000 objects once a worker has served a few pages). A page
that builds many short-lived containers, such as the national picture decoding 50 members'
figures, triggers a full collection every few requests, and each one walked all of that
furniture again: 50 to 150 ms added to one request in eight.

``gc.freeze`` moves every object alive at that moment out of the collector's reach (they are
still freed by reference counting; only a reference cycle among them would never be
collected). Freezing right after a collection, so nothing already unreachable is kept, at a
worker's 1st, 2nd, 4th, ... 512th request catches what the first requests of each page load
lazily, and leaves a full collection only the objects that requests left behind.
"""

import gc

from django.core.signals import request_finished

LAST_FREEZE = 512
DISPATCH_UID = "heard.core.collector"

_served = 0


def _freeze_after_request(**kwargs) -> None:
    global _served
    _served += 1
    if _served & (_served - 1) == 0:  # a power of two
        gc.collect()
        gc.freeze()
    if _served >= LAST_FREEZE:
        request_finished.disconnect(dispatch_uid=DISPATCH_UID)


def freeze_long_lived_objects() -> None:
    """Freeze the worker's long-lived objects after its first requests (the WSGI entry point)."""
    request_finished.connect(_freeze_after_request, dispatch_uid=DISPATCH_UID)
