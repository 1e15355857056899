"""Turning the routes' three-valued answers into one decision per advocacy type.

A route is *met* when all its conditions are met, *ruled out* as soon as one
known answer fails it (or the law was not in force on ``as_of``), and *open*
otherwise. A type is eligible if any route is met (the strongest duty wins),
not eligible only when every route is ruled out, and otherwise needs more
information: the ``missing`` fields are those that would settle its open
routes.
"""

from __future__ import annotations

from dataclasses import dataclass

from .answers import FIELDS, Answers, parse
from .logic import Check, equals, unique
from .rules import MAY, MUST, ROUTES, TYPES, Cite, Route
from .wording import (
    APPLIES,
    CEASED,
    COULD_APPLY,
    IN_NATION,
    NOT_YET_IN_FORCE,
    ONLY_IN,
    join_clauses,
    long_date,
)

__all__ = ["RULES_VERSION", "assess", "assess_parsed"]

#: Bump when any rule, wording or citation changes, so stored assessments can
#: say which rules produced them.
RULES_VERSION = "2026.1"

_DUTY_STRENGTH = {MUST: 2, MAY: 1}
_FIELD_ORDER = {name: i for i, name in enumerate(FIELDS)}


@dataclass(frozen=True)
class Outcome:
    """One route's verdict, with the words and law that explain it."""

    route: Route
    value: bool | None  # met / ruled out / open
    reason: str
    missing: tuple[str, ...] = ()
    assumptions: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()


def _citations(route: Route, answers: Answers) -> tuple[str, ...]:
    """The route's citations, dropping those for the other nation when it is known."""
    nation = answers.get("nation")
    texts = []
    for citation in route.citations:
        if isinstance(citation, Cite):
            if nation is not None and citation.nation != nation:
                continue
            texts.append(citation.text)
        else:
            texts.append(citation)
    return tuple(texts)


def _nation_check(route: Route, answers: Answers) -> Check:
    condition = equals(
        "nation",
        route.nation,
        met=IN_NATION[route.nation],
        failed=route.outside_nation or ONLY_IN[route.nation] % {"route": route.label},
    )
    return condition(answers)


def evaluate(route: Route, answers: Answers) -> Outcome:
    """Judge one route against the answers."""
    if not route.in_force(answers.as_of):
        if answers.as_of < route.in_force_from:
            template, day = NOT_YET_IN_FORCE, route.in_force_from
        else:
            template, day = CEASED, route.ceased_on
        reason = template % {
            "route": route.label,
            "as_of": long_date(answers.as_of),
            "day": long_date(day),  # type: ignore[arg-type]
        }
        return Outcome(route, False, reason)

    checks = [c(answers) for c in route.conditions]
    if route.nation:
        checks.insert(0, _nation_check(route, answers))

    failed = next((c for c in checks if c.value is False), None)
    if failed is not None:
        return Outcome(route, False, failed.failed)

    assumptions = unique(a for c in checks for a in c.assumptions)
    if all(c.value is True for c in checks):
        # A clause that holds only by assumption is covered by its assumption sentence.
        clauses = [c.met for c in checks if c.met and not c.assumptions]
        return Outcome(
            route,
            True,
            APPLIES % {"route": route.label, "clauses": join_clauses(clauses)},
            assumptions=assumptions,
            citations=unique(
                (*_citations(route, answers), *(x for c in checks for x in c.citations))
            ),
        )

    open_checks = [c for c in checks if c.value is None]
    return Outcome(
        route,
        None,
        COULD_APPLY % {"route": route.label, "clauses": join_clauses(c.met for c in open_checks)},
        missing=unique(f for c in open_checks for f in c.missing),
        assumptions=assumptions,
        citations=_citations(route, answers),
    )


def _result(
    type_code: str, decision: str, duty: str, reasons, citations, missing=()
) -> dict[str, object]:
    return {
        "type": type_code,
        "decision": decision,
        "duty": duty,
        "reasons": list(unique(reasons)),
        "citations": list(unique(citations)),
        "missing": sorted(unique(missing), key=_FIELD_ORDER.__getitem__),
    }


def decide(type_code: str, answers: Answers) -> dict[str, object]:
    """One result in the contract's shape for one advocacy type."""
    outcomes = [evaluate(route, answers) for route in ROUTES[type_code]]

    met = sorted(
        (o for o in outcomes if o.value is True),
        key=lambda o: -_DUTY_STRENGTH[o.route.duty],
    )
    if met:
        return _result(
            type_code,
            "eligible",
            met[0].route.duty,
            [*(o.reason for o in met), *(a for o in met for a in o.assumptions)],
            [c for o in met for c in o.citations],
        )

    open_routes = [o for o in outcomes if o.value is None]
    if not open_routes:
        return _result(
            type_code,
            "not_eligible",
            "none",
            [o.reason for o in outcomes],
            _ruled_out_citations(outcomes, answers),
        )

    return _result(
        type_code,
        "need_more_information",
        "none",
        [
            *(o.reason for o in outcomes if o.value is False),
            *(o.reason for o in open_routes),
            *(a for o in open_routes for a in o.assumptions),
        ],
        [c for o in open_routes for c in o.citations],
        [f for o in open_routes for f in o.missing],
    )


def _ruled_out_citations(outcomes: list[Outcome], answers: Answers) -> list[str]:
    """The law that was checked and not met: routes in force for the person's nation.

    If every in-force route was for the other nation, cite them anyway: that
    territorial limit is itself the legal reason.
    """
    in_force = [o.route for o in outcomes if o.route.in_force(answers.as_of)]
    nation = answers.get("nation")
    relevant = [r for r in in_force if r.nation is None or nation is None or r.nation == nation]
    return [c for r in (relevant or in_force) for c in _citations(r, answers)]


def assess_parsed(answers: Answers) -> dict[str, object]:
    """The assessment for answers that have already been checked."""
    return {
        "rules_version": RULES_VERSION,
        "as_of": answers.as_of.isoformat(),
        "results": [decide(type_code, answers) for type_code in TYPES],
    }


def assess(answers: object) -> dict[str, object]:
    """Assess one situation: the engine's public contract.

    Raises ``InvalidAnswers`` (with ``errors``) if the answers break the contract.
    """
    return assess_parsed(parse(answers))
