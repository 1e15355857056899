"""Links without a walk of the URL resolver each time they are needed.

``reverse()`` walks the URL resolver each time; on a list page that was one walk per row.
``IdPaths("casework:case_detail", "case_id")`` reverses the pattern once with a marker id
and formats each row's id into it. ``fixed_path`` remembers the path of a URL that takes no
arguments (the menu, the header's and footer's links: every page has them) per process.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_fixed: dict[tuple[str, str, object], str] = {}


def fixed_path(viewname: str) -> str:
    """``reverse(viewname)`` for a URL without arguments, remembered: it is the same for every
    request served under one script prefix and URLconf, so each process reverses it once."""
    key = (viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    path = _fixed.get(key)
    if path is None:
        path = _fixed[key] = reverse(viewname)
    return path


_MARKER = 987654321987  # an id no row has: it is replaced, so it never reaches a page


class IdPaths:
    """The path of ``viewname`` for any id, reversed once."""

    def __init__(self, viewname: str, kwarg: str):
        path = reverse(viewname, kwargs={kwarg: _MARKER})
        if path.count(str(_MARKER)) != 1:
            raise ValueError(f"{viewname} does not put its {kwarg} in the path once")
        self._before, self._after = path.split(str(_MARKER))

    def __call__(self, pk: int) -> str:
        return f"{self._before}{int(pk)}{self._after}"
