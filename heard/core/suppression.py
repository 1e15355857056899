"""Disclosure control for figures that leave the organisation.

Commissioner reports and the network hub must not let anyone identify a
person from a small count. This follows "Disclosure control" in the
equality domain notes (shared/domain/equality.md):

* Primary suppression: any count from 1 to 4 is shown as "fewer than 5".
  Zero stays 0 - an empty category identifies nobody.
* Secondary suppression: when a row's total is published, a suppressed cell
  could be worked out by subtraction. ``suppress_table`` then hides more
  cells (the next smallest non-zero ones) or, failing that, the total, until
  no hidden cell can be pinned down.

Suppressed values are ``SuppressedCount`` objects: a ``str`` subclass, so
templates and JSON render them as text and ``== "fewer than 5"`` works, while
code can test ``isinstance(value, SuppressedCount)``. They never carry the
real number, so nothing downstream can leak it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "DEFAULT_THRESHOLD",
    "SECONDARY_LABEL",
    "SuppressedCount",
    "is_suppressed",
    "suppress",
    "suppress_table",
]

DEFAULT_THRESHOLD = 5

#: Shown for a count hidden only to protect another cell. It is deliberately
#: not "fewer than 5": that would be untrue, since such a count can be large.
SECONDARY_LABEL = "not shown"


class SuppressedCount(str):
    """A hidden count. ``str()`` is "fewer than 5" (primary) or "not shown" (secondary)."""

    __slots__ = ("secondary", "threshold")

    threshold: int
    secondary: bool

    def __new__(cls, threshold: int = DEFAULT_THRESHOLD, *, secondary: bool = False):
        text = SECONDARY_LABEL if secondary else f"fewer than {threshold}"
        obj = super().__new__(cls, text)
        obj.threshold = threshold
        obj.secondary = secondary
        return obj

    def __repr__(self) -> str:
        kind = "secondary" if self.secondary else "primary"
        return f"SuppressedCount({kind}, threshold={self.threshold})"

    def __reduce__(self):
        return (_rebuild, (self.threshold, self.secondary))


def _rebuild(threshold: int, secondary: bool) -> SuppressedCount:
    return SuppressedCount(threshold, secondary=secondary)


def _check_count(count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"count must be an int, got {type(count).__name__}")
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    return count


def suppress(count: int, threshold: int = DEFAULT_THRESHOLD) -> int | SuppressedCount:
    """Return ``count`` unchanged, or a ``SuppressedCount`` if 1 <= count < threshold.

    ``suppress(0) == 0``, ``suppress(3) == "fewer than 5"``, ``suppress(7) == 7``.
    """
    count = _check_count(count)
    if 0 < count < threshold:
        return SuppressedCount(threshold)
    return count


def is_suppressed(value: object) -> bool:
    """Return True if ``value`` came out of suppression as hidden."""
    return isinstance(value, SuppressedCount)


def _pinned_down(hidden: dict[str, int], primary: set[str], threshold: int) -> bool:
    """Return True if a reader who knows the sum of the hidden cells can deduce one.

    The reader sees each primary cell is between 1 and threshold - 1, and each
    secondary cell (labelled differently) is at least ``threshold``. A cell is
    pinned down when those bounds and the known sum leave it one possible value.
    """
    total = sum(hidden.values())
    bounds = {key: (1, threshold - 1) if key in primary else (threshold, total) for key in hidden}
    low_sum = sum(lo for lo, _ in bounds.values())
    high_sum = sum(hi for _, hi in bounds.values())
    for lo, hi in bounds.values():
        least = max(lo, total - (high_sum - hi))
        most = min(hi, total - (low_sum - lo))
        if least >= most:
            return True
    return False


def suppress_table(
    cells: Mapping[str, int],
    total_key: str | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> dict[str, int | SuppressedCount]:
    """Apply primary and secondary suppression to one row of counts.

    ``cells`` maps category to count, in display order; ``total_key`` names the
    entry that is the row total, if the total is published. Returns a new dict
    with the same keys in the same order, each value an ``int`` (shown as is)
    or a ``SuppressedCount``.

    Secondary suppression runs only when a total is published and not itself
    suppressed. It hides the smallest non-zero visible cell (ties in key order)
    until no hidden cell can be deduced from the total, and hides the total
    itself if no cell is left to hide. The categories are assumed to add up to
    the total; where they do not (people in more than one category), this is
    still applied, which errs on the side of hiding more.
    """
    counts = {key: _check_count(value) for key, value in cells.items()}
    if total_key is not None and total_key not in counts:
        raise KeyError(f"total_key {total_key!r} is not one of the cells")

    result: dict[str, int | SuppressedCount] = {
        key: suppress(value, threshold) for key, value in counts.items()
    }
    if total_key is None or is_suppressed(result[total_key]):
        return result

    categories = [key for key in counts if key != total_key]
    primary = {key for key in categories if is_suppressed(result[key])}
    hidden = {key: counts[key] for key in primary}
    order = {key: index for index, key in enumerate(categories)}

    while hidden and _pinned_down(hidden, primary, threshold):
        candidates = [key for key in categories if key not in hidden and counts[key] > 0]
        if not candidates:
            result[total_key] = SuppressedCount(threshold, secondary=True)
            return result
        chosen = min(candidates, key=lambda key: (counts[key], order[key]))
        hidden[chosen] = counts[chosen]
        result[chosen] = SuppressedCount(threshold, secondary=True)
    return result
