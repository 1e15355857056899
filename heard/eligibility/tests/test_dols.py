"""DoLS IMCAs (MCA 2005 s39A, s39C, s39D) and the paid RPR (Schedule A1 Part 10)."""

import pytest

from .helpers import mentions, result, with_

ASSUME_ATTORNEY = "Assumes no attorney or deputy holds this decision."

S39A = {"age": 80, "dols": {"stage": "requested"}, "anyone_appropriate_to_consult": False}
S39C = {
    "age": 80,
    "dols": {"stage": "authorised", "rpr": "none"},
    "anyone_appropriate_to_consult": False,
}
S39D = {"age": 80, "dols": {"stage": "authorised", "rpr": "unpaid", "imca_requested": True}}
PAID_RPR = {
    "age": 80,
    "dols": {"stage": "authorised", "rpr": "none", "unpaid_rpr_available": False},
}
ELIGIBLE = {
    "imca_dols_39a": S39A,
    "imca_dols_39c": S39C,
    "imca_dols_39d": S39D,
    "paid_rpr": PAID_RPR,
}
CITATION = {
    "imca_dols_39a": "Mental Capacity Act 2005 s39A",
    "imca_dols_39c": "Mental Capacity Act 2005 s39C",
    "imca_dols_39d": "Mental Capacity Act 2005 s39D",
    "paid_rpr": "Mental Capacity Act 2005 Schedule A1 Part 10",
}
DOLS_TYPES = list(ELIGIBLE)
DOLS_IMCAS = ["imca_dols_39a", "imca_dols_39c", "imca_dols_39d"]


@pytest.mark.parametrize("type_code", DOLS_TYPES)
def test_each_type_is_a_duty_with_its_citation(type_code):
    res = result(ELIGIBLE[type_code], type_code)
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == [CITATION[type_code]]


@pytest.mark.parametrize("type_code", DOLS_TYPES)
def test_18_or_over(type_code):
    assert result(with_(ELIGIBLE[type_code], age=17), type_code)["decision"] == "not_eligible"
    assert result(with_(ELIGIBLE[type_code], age=18), type_code)["decision"] == "eligible"
    res = result(with_(ELIGIBLE[type_code], age=...), type_code)
    assert (res["decision"], res["missing"]) == ("need_more_information", ["age"])


@pytest.mark.parametrize("type_code", DOLS_TYPES)
def test_age_10_alone_rules_out_every_dols_type(type_code):
    assert result({"age": 10}, type_code)["decision"] == "not_eligible"


@pytest.mark.parametrize("type_code", DOLS_TYPES)
def test_clarification_dols_types_do_not_test_capacity(type_code):
    res = result(with_(ELIGIBLE[type_code], lacks_capacity=False), type_code)
    assert res["decision"] == "eligible"


@pytest.mark.parametrize("type_code", DOLS_TYPES)
@pytest.mark.parametrize("nation", ["england", "wales", ...])
def test_no_nation_condition(type_code, nation):
    assert result(with_(ELIGIBLE[type_code], nation=nation), type_code)["decision"] == "eligible"


@pytest.mark.parametrize("type_code", DOLS_IMCAS)
def test_s40_removes_the_dols_imca_duties(type_code):
    res = result(with_(ELIGIBLE[type_code], attorney_or_deputy=True), type_code)
    assert res["decision"] == "not_eligible"
    assert mentions(res, "s40")


@pytest.mark.parametrize("type_code", DOLS_IMCAS)
def test_dols_imcas_state_the_attorney_assumption(type_code):
    assert ASSUME_ATTORNEY in result(ELIGIBLE[type_code], type_code)["reasons"]
    res = result(with_(ELIGIBLE[type_code], attorney_or_deputy=False), type_code)
    assert ASSUME_ATTORNEY not in res["reasons"]


def test_clarification_s40_does_not_affect_paid_rpr():
    res = result(with_(PAID_RPR, attorney_or_deputy=True), "paid_rpr")
    assert res["decision"] == "eligible"
    assert ASSUME_ATTORNEY not in result(PAID_RPR, "paid_rpr")["reasons"]


@pytest.mark.parametrize("type_code", DOLS_TYPES)
def test_dols_stage_unknown_needs_it(type_code):
    answers = with_(ELIGIBLE[type_code], dols__stage=...)
    res = result(answers, type_code)
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["dols.stage"]


# s39A


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("requested", "eligible"),
        ("urgent", "eligible"),
        ("none", "not_eligible"),
        ("authorised", "not_eligible"),
    ],
)
def test_39a_stages(stage, expected):
    assert result(with_(S39A, dols__stage=stage), "imca_dols_39a")["decision"] == expected


def test_39a_ruled_out_by_someone_to_consult():
    res = result(with_(S39A, anyone_appropriate_to_consult=True), "imca_dols_39a")
    assert res["decision"] == "not_eligible"


def test_39a_needs_to_know_about_consultees():
    res = result(with_(S39A, anyone_appropriate_to_consult=...), "imca_dols_39a")
    assert res["missing"] == ["anyone_appropriate_to_consult"]


# s39C


@pytest.mark.parametrize("stage", ["none", "requested", "urgent"])
def test_39c_needs_an_authorisation(stage):
    assert result(with_(S39C, dols__stage=stage), "imca_dols_39c")["decision"] == "not_eligible"


@pytest.mark.parametrize(
    ("rpr", "expected"),
    [("none", "eligible"), ("unpaid", "not_eligible"), ("paid", "not_eligible")],
)
def test_39c_is_for_a_gap_between_representatives(rpr, expected):
    assert result(with_(S39C, dols__rpr=rpr), "imca_dols_39c")["decision"] == expected


def test_39c_rpr_unknown():
    assert result(with_(S39C, dols__rpr=...), "imca_dols_39c")["missing"] == ["dols.rpr"]


def test_39c_ruled_out_by_someone_to_consult():
    res = result(with_(S39C, anyone_appropriate_to_consult=True), "imca_dols_39c")
    assert res["decision"] == "not_eligible"


# s39D


@pytest.mark.parametrize(
    ("rpr", "expected"),
    [("unpaid", "eligible"), ("paid", "not_eligible"), ("none", "not_eligible")],
)
def test_39d_is_for_an_unpaid_representative(rpr, expected):
    assert result(with_(S39D, dols__rpr=rpr), "imca_dols_39d")["decision"] == expected


def test_39d_needs_a_request():
    assert result(with_(S39D, dols__imca_requested=False), "imca_dols_39d")["decision"] == (
        "not_eligible"
    )
    res = result(with_(S39D, dols__imca_requested=...), "imca_dols_39d")
    assert res["missing"] == ["dols.imca_requested"]


def test_39d_needs_an_authorisation():
    assert result(with_(S39D, dols__stage="urgent"), "imca_dols_39d")["decision"] == (
        "not_eligible"
    )


def test_39d_does_not_care_about_consultees():
    answers = with_(S39D, anyone_appropriate_to_consult=True)
    assert result(answers, "imca_dols_39d")["decision"] == "eligible"


# paid RPR


@pytest.mark.parametrize(
    ("rpr", "expected"), [("none", "eligible"), ("paid", "eligible"), ("unpaid", "not_eligible")]
)
def test_paid_rpr_when_no_unpaid_representative(rpr, expected):
    assert result(with_(PAID_RPR, dols__rpr=rpr), "paid_rpr")["decision"] == expected


def test_paid_rpr_ruled_out_by_available_family_or_friend():
    answers = with_(PAID_RPR, dols__unpaid_rpr_available=True)
    assert result(answers, "paid_rpr")["decision"] == "not_eligible"


def test_paid_rpr_availability_unknown():
    res = result(with_(PAID_RPR, dols__unpaid_rpr_available=...), "paid_rpr")
    assert res["missing"] == ["dols.unpaid_rpr_available"]


@pytest.mark.parametrize("stage", ["none", "requested", "urgent"])
def test_paid_rpr_needs_an_authorisation(stage):
    assert result(with_(PAID_RPR, dols__stage=stage), "paid_rpr")["decision"] == "not_eligible"


# dates


@pytest.mark.parametrize("type_code", DOLS_TYPES)
def test_not_in_force_before_april_2009(type_code):
    res = result(ELIGIBLE[type_code], type_code, as_of="2009-03-31")
    assert res["decision"] == "not_eligible"
    assert mentions(res, "came into force on 1 April 2009")
    assert result(ELIGIBLE[type_code], type_code, as_of="2009-04-01")["decision"] == "eligible"
