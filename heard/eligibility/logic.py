"""Three-valued conditions: met (True), ruled out (False) or not known (None).

Referrers use the engine to meet a duty to refer, so it must never guess. A
condition whose answer is missing is unknown and names the field(s) that
would settle it. Each condition is judged on its own: we do not reason that
"every possible value of this unknown field would give the same answer".
Combining uses Kleene's rules, which are monotone: learning an answer can
turn unknown into met or ruled out, but never undoes a met or ruled-out
condition. That property is what lets the engine promise that adding
information never reopens a ``not_eligible`` decision.

Each condition carries its own plain-English wording so a rule reads as data:
``met`` is a clause ("the person is 16 or over") used in both "applies
because ..." and "could apply if ..."; ``failed`` is the full sentence shown
when it rules a route out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .answers import Answers
from .wording import join_clauses

__all__ = [
    "Check",
    "Condition",
    "all_of",
    "any_of",
    "assumed_not",
    "at_least",
    "at_most",
    "equals",
    "is_false",
    "is_true",
    "join_clauses",
    "more_than",
    "one_of",
    "under",
    "unique",
]


@dataclass(frozen=True)
class Check:
    """What one condition says about one set of answers."""

    value: bool | None
    met: str
    failed: str = ""
    missing: tuple[str, ...] = ()  # fields that would settle it; only when value is None
    assumptions: tuple[str, ...] = ()  # sentences for exclusions taken as false
    citations: tuple[str, ...] = ()  # extra law relied on when this is met


Condition = Callable[[Answers], Check]


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order without repeats (reasons, citations, fields)."""
    return tuple(dict.fromkeys(items))


# --- leaves: one field each --------------------------------------------------
#
# ``met`` and ``failed`` may be left empty for the parts of an ``any_of`` or
# ``all_of``, which supply the wording for the whole.


def _compare(
    field: str,
    test: Callable[[object], bool],
    met: str = "",
    failed: str = "",
    citations: tuple[str, ...] = (),
) -> Condition:
    def condition(answers: Answers) -> Check:
        value = answers.get(field)
        if value is None:
            return Check(None, met, failed, missing=(field,))
        return Check(bool(test(value)), met, failed, citations=citations)

    condition.fields = (field,)  # type: ignore[attr-defined]  # for docs and tests
    return condition


def equals(field: str, expected: object, *, met: str = "", failed: str = "", **kw) -> Condition:
    return _compare(field, lambda v: v == expected, met, failed, **kw)


def one_of(
    field: str, options: Iterable[str], *, met: str = "", failed: str = "", **kw
) -> Condition:
    allowed = frozenset(options)
    return _compare(field, lambda v: v in allowed, met, failed, **kw)


def is_true(field: str, *, met: str = "", failed: str = "", **kw) -> Condition:
    return equals(field, True, met=met, failed=failed, **kw)


def is_false(field: str, *, met: str = "", failed: str = "", **kw) -> Condition:
    return equals(field, False, met=met, failed=failed, **kw)


def at_least(field: str, bound: int, *, met: str = "", failed: str = "") -> Condition:
    return _compare(field, lambda v: v >= bound, met, failed)


def at_most(field: str, bound: int, *, met: str = "", failed: str = "") -> Condition:
    return _compare(field, lambda v: v <= bound, met, failed)


def more_than(field: str, bound: int, *, met: str = "", failed: str = "") -> Condition:
    return _compare(field, lambda v: v > bound, met, failed)


def under(field: str, bound: int, *, met: str = "", failed: str = "") -> Condition:
    return _compare(field, lambda v: v < bound, met, failed)


def assumed_not(
    field: str, excluded: object, *, met: str, failed: str, assumption: str
) -> Condition:
    """An exclusion: met unless the field holds ``excluded``.

    Absent is taken as "not excluded" (the contract says these rare facts
    default to false), and the check records ``assumption`` so every result
    that relies on it says so. It is never unknown, so never ``missing``.
    """

    def condition(answers: Answers) -> Check:
        value = answers.get(field)
        if value is None:
            return Check(True, met, failed, assumptions=(assumption,))
        return Check(value != excluded, met, failed)

    condition.fields = (field,)  # type: ignore[attr-defined]
    return condition


# --- combinations (Kleene) ---------------------------------------------------


def any_of(*conditions: Condition, met: str, failed: str) -> Condition:
    """Met if any part is met; ruled out only if every part is ruled out."""

    def condition(answers: Answers) -> Check:
        checks = [c(answers) for c in conditions]
        for check in checks:
            if check.value is True:
                return Check(
                    True,
                    check.met,
                    failed,
                    assumptions=check.assumptions,
                    citations=check.citations,
                )
        if all(check.value is False for check in checks):
            return Check(False, met, failed)
        open_checks = [c for c in checks if c.value is None]
        # Once some parts are ruled out, name only the parts still possible.
        still_possible = met
        if len(open_checks) < len(checks) and all(c.met for c in open_checks):
            still_possible = " or ".join(c.met for c in open_checks)  # wording.JOINS
        return Check(
            None,
            still_possible,
            failed,
            missing=unique(f for c in open_checks for f in c.missing),
            assumptions=unique(a for c in open_checks for a in c.assumptions),
        )

    condition.fields = unique(f for c in conditions for f in c.fields)  # type: ignore[attr-defined]
    return condition


def all_of(*conditions: Condition, met: str, failed: str | None = None) -> Condition:
    """Met if every part is met; ruled out as soon as one part is ruled out."""

    def condition(answers: Answers) -> Check:
        checks = [c(answers) for c in conditions]
        for check in checks:
            if check.value is False:
                return Check(False, met, failed or check.failed)
        value = True if all(c.value is True for c in checks) else None
        return Check(
            value,
            met,
            failed or "",
            missing=unique(f for c in checks if c.value is None for f in c.missing),
            assumptions=unique(a for c in checks for a in c.assumptions),
            citations=unique(x for c in checks for x in c.citations) if value else (),
        )

    condition.fields = unique(f for c in conditions for f in c.fields)  # type: ignore[attr-defined]
    return condition
