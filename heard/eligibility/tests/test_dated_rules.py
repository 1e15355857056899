"""Dated rules: a route only counts between its in-force and ceased dates."""

from datetime import date

import pytest

from heard.eligibility import assess, engine, rules
from heard.eligibility.answers import parse
from heard.eligibility.logic import is_true
from heard.eligibility.rules import MAY, MUST, ROUTES, Route

FLAG = is_true(
    "complaint_about_nhs",
    met="the person is making a complaint",
    failed="The person is not making a complaint.",
)


def route(duty=MUST, start=date(2020, 1, 1), ceased=None, label="A test route"):
    return Route(
        type="nhs_complaints",
        label=label,
        duty=duty,
        citations=(f"Test Act {label}",),
        in_force_from=start,
        ceased_on=ceased,
        conditions=(FLAG,),
    )


@pytest.fixture
def decide(monkeypatch):
    """Decide ``nhs_complaints`` with its routes swapped for test routes."""

    def run(routes, answers):
        monkeypatch.setitem(ROUTES, "nhs_complaints", tuple(routes))
        return engine.decide("nhs_complaints", parse(answers))

    return run


def test_in_force_window_is_inclusive_start_exclusive_end():
    r = route(start=date(2020, 1, 1), ceased=date(2021, 1, 1))
    assert not r.in_force(date(2019, 12, 31))
    assert r.in_force(date(2020, 1, 1))
    assert r.in_force(date(2020, 12, 31))
    assert not r.in_force(date(2021, 1, 1))


def test_a_ceased_rule_gives_way_to_its_replacement(decide):
    old = route(label="Old rule", ceased=date(2030, 1, 1))
    new = route(label="New rule", start=date(2030, 1, 1))
    answers = {"complaint_about_nhs": True}
    before = decide([old, new], {**answers, "as_of": "2029-12-31"})
    after = decide([old, new], {**answers, "as_of": "2030-01-01"})
    assert before["citations"] == ["Test Act Old rule"]
    assert after["citations"] == ["Test Act New rule"]


def test_a_ceased_rule_says_so(decide):
    res = decide(
        [route(ceased=date(2021, 1, 1))], {"complaint_about_nhs": True, "as_of": "2022-05-01"}
    )
    assert res["decision"] == "not_eligible"
    assert res["reasons"] == [
        "A test route was not in force on 1 May 2022; it ceased to apply on 1 January 2021."
    ]


def test_a_rule_not_yet_in_force_says_so(decide):
    res = decide([route()], {"complaint_about_nhs": True, "as_of": "2019-06-30"})
    assert res["reasons"] == [
        "A test route was not in force on 30 June 2019; it came into force on 1 January 2020."
    ]


def test_out_of_force_route_does_not_count_as_open(decide):
    res = decide([route()], {"as_of": "2019-06-30"})
    assert res["decision"] == "not_eligible"


def test_stronger_duty_wins_when_two_routes_are_met(decide):
    may = route(duty=MAY, label="Power")
    must = route(duty=MUST, label="Duty")
    res = decide([may, must], {"complaint_about_nhs": True, "as_of": "2024-01-01"})
    assert res["duty"] == "must"
    assert res["citations"] == ["Test Act Duty", "Test Act Power"]
    assert res["reasons"][0].startswith("Duty applies because")


def test_every_real_route_is_dated_and_cited():
    for type_code, routes in ROUTES.items():
        assert routes, type_code
        for r in routes:
            assert r.citations and r.label and r.duty in {MUST, MAY}
            assert isinstance(r.in_force_from, date)
            assert r.ceased_on is None or r.ceased_on > r.in_force_from


@pytest.mark.parametrize(
    ("type_code", "start"),
    [
        ("care_act", date(2015, 4, 1)),
        ("imca", date(2007, 4, 1)),
        ("imca_dols_39a", date(2009, 4, 1)),
        ("imca_dols_39c", date(2009, 4, 1)),
        ("imca_dols_39d", date(2009, 4, 1)),
        ("paid_rpr", date(2009, 4, 1)),
        ("nhs_complaints", date(2013, 4, 1)),
    ],
)
def test_in_force_dates(type_code, start):
    assert {r.in_force_from for r in ROUTES[type_code]} == {start}


def test_before_any_law_everything_is_not_eligible():
    out = assess({"as_of": "1999-01-01"})
    assert {r["decision"] for r in out["results"]} == {"not_eligible"}


def test_every_condition_has_wording():
    """Sentences are built from each condition's own text, so none may be blank."""
    empty = parse({"as_of": "2026-01-05"})
    for routes in rules.ROUTES.values():
        for r in routes:
            for condition in r.conditions:
                check = condition(empty)
                assert check.met and check.failed, (r.label, check)
