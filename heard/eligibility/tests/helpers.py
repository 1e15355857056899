"""Small builders shared by the eligibility tests."""

from __future__ import annotations

import copy

from heard.eligibility import assess

#: Pinned so tests do not depend on the day they run (all rules are in force).
AS_OF = "2026-01-05"


def assess_all(answers: dict, as_of: str | None = AS_OF) -> dict[str, dict]:
    """Assess and index the results by type."""
    given = dict(answers)
    if as_of is not None and "as_of" not in given:
        given["as_of"] = as_of
    return {r["type"]: r for r in assess(given)["results"]}


def result(answers: dict, type_code: str, as_of: str | None = AS_OF) -> dict:
    return assess_all(answers, as_of)[type_code]


def decision(answers: dict, type_code: str, as_of: str | None = AS_OF) -> str:
    return result(answers, type_code, as_of)["decision"]


def with_(base: dict, **changes) -> dict:
    """A deep copy of ``base`` with changes; ``dols__stage=...`` sets a nested field,
    and a value of ``...`` (Ellipsis) removes the field."""
    answers = copy.deepcopy(base)
    for key, value in changes.items():
        path = key.split("__")
        target = answers
        for part in path[:-1]:
            target = target.setdefault(part, {})
        if value is ...:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    return answers


def mentions(res: dict, text: str) -> bool:
    """Whether any reason contains ``text``."""
    return any(text in reason for reason in res["reasons"])
