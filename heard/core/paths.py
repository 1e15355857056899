"""Links for every row of a list from one ``reverse()``: a page of 50 rows reverses once.

``reverse()`` walks the URL resolver each time; on a list page that was one walk per row.
``IdPaths("casework:case_detail", "case_id")`` reverses the pattern once with a marker id
and formats each row's id into it.
"""

from __future__ import annotations

from django.urls import reverse

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
