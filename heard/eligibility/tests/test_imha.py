"""IMHA: Mental Health Act 1983 s130A-D (England) and s130E-L (Wales)."""

import pytest

from .helpers import mentions, result, with_

ENGLAND_QUALIFYING = [
    "s2",
    "s3",
    "s35",
    "s36",
    "s37",
    "s37_41",
    "s38",
    "s45a",
    "s47",
    "s47_49",
    "s48",
    "s48_49",
    "guardianship",
    "cto",
    "conditional_discharge",
]
ENGLAND_EXCLUDED = ["s4", "s5_2", "s5_4", "s135", "s136"]
NOT_UNDER_THE_ACT = ["none", "informal_inpatient"]
WALES_COMPULSORY = ENGLAND_QUALIFYING + ENGLAND_EXCLUDED
ENGLAND_CITATIONS = ["Mental Health Act 1983 s130A", "Mental Health Act 1983 s130C"]
MEASURE = "(inserted by the Mental Health (Wales) Measure 2010)"
S130E = f"Mental Health Act 1983 s130E {MEASURE}"


def imha(answers, as_of="2026-01-05"):
    return result(answers, "imha", as_of)


def england(status, **mha):
    return {"nation": "england", "age": 40, "mha": {"status": status, **mha}}


def wales(status, **mha):
    return {"nation": "wales", "age": 40, "mha": {"status": status, **mha}}


# England: s130C(2)


@pytest.mark.parametrize("status", ENGLAND_QUALIFYING)
def test_england_qualifying_statuses(status):
    res = imha(england(status))
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == ENGLAND_CITATIONS


@pytest.mark.parametrize("status", ENGLAND_EXCLUDED + NOT_UNDER_THE_ACT)
def test_england_others_not_eligible_without_s57_or_ect(status):
    answers = england(status, s57_treatment_considered=False, ect_considered=False)
    assert imha(answers)["decision"] == "not_eligible"


@pytest.mark.parametrize("status", ENGLAND_EXCLUDED + NOT_UNDER_THE_ACT)
def test_england_others_qualify_when_s57_treatment_considered(status):
    res = imha(england(status, s57_treatment_considered=True))
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert mentions(res, "section 57")


@pytest.mark.parametrize("status", ENGLAND_EXCLUDED + NOT_UNDER_THE_ACT)
def test_england_under_18_qualifies_when_ect_considered(status):
    answers = with_(england(status, s57_treatment_considered=False, ect_considered=True), age=17)
    res = imha(answers)
    assert res["decision"] == "eligible"
    assert mentions(res, "ECT")


def test_england_ect_route_is_for_under_18s_only():
    answers = with_(england("none", s57_treatment_considered=False, ect_considered=True), age=18)
    assert imha(answers)["decision"] == "not_eligible"


def test_england_ect_considered_age_unknown_needs_age():
    answers = with_(england("none", s57_treatment_considered=False, ect_considered=True), age=...)
    res = imha(answers)
    assert (res["decision"], res["missing"]) == ("need_more_information", ["age"])


def test_england_other_status_with_s57_unknown_needs_it():
    res = imha(england("informal_inpatient", ect_considered=False))
    assert (res["decision"], res["missing"]) == (
        "need_more_information",
        ["mha.s57_treatment_considered"],
    )


def test_england_status_unknown():
    res = imha({"nation": "england", "age": 40, "mha": {"s57_treatment_considered": False}})
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["mha.status"]


def test_no_age_limit():
    assert imha(with_(england("s3"), age=5))["decision"] == "eligible"
    assert imha(with_(wales("informal_inpatient"), age=0))["decision"] == "eligible"


def test_mental_health_act_2025_not_yet_commenced_informal_patients_in_england():
    """Dated rules: the 2025 Act's wider IMHA is not modelled until commenced."""
    answers = england("informal_inpatient", s57_treatment_considered=False, ect_considered=False)
    assert imha(answers, as_of="2026-06-01")["decision"] == "not_eligible"


# Wales: s130E


@pytest.mark.parametrize("status", WALES_COMPULSORY)
def test_wales_every_compulsory_status(status):
    res = imha(wales(status))
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == [S130E, f"Mental Health Act 1983 s130I {MEASURE}"]


def test_wales_every_informal_inpatient():
    res = imha(wales("informal_inpatient"))
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == [S130E, f"Mental Health Act 1983 s130J {MEASURE}"]


def test_wales_not_under_the_act():
    res = imha(wales("none", s57_treatment_considered=True, ect_considered=True))
    assert res["decision"] == "not_eligible"


def test_wales_status_unknown():
    res = imha({"nation": "wales"})
    assert (res["decision"], res["missing"]) == ("need_more_information", ["mha.status"])


# nation


def test_clarification_s2_without_nation_needs_nation():
    res = imha({"mha": {"status": "s2"}})
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["nation"]


@pytest.mark.parametrize("status", ENGLAND_EXCLUDED)
def test_short_term_sections_without_nation_need_nation(status):
    res = imha({"age": 40, "mha": {"status": status, "s57_treatment_considered": False}})
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["nation"]


# dates


def test_england_not_in_force_before_april_2009():
    assert imha(england("s3"), as_of="2009-03-31")["decision"] == "not_eligible"
    assert imha(england("s3"), as_of="2009-04-01")["decision"] == "eligible"


def test_wales_compulsory_from_3_january_2012():
    res = imha(wales("s3"), as_of="2012-01-02")
    assert res["decision"] == "not_eligible"
    assert mentions(res, "came into force on 3 January 2012")
    assert imha(wales("s136"), as_of="2012-01-03")["decision"] == "eligible"


def test_wales_informal_from_2_april_2012():
    assert imha(wales("informal_inpatient"), as_of="2012-04-01")["decision"] == "not_eligible"
    assert imha(wales("informal_inpatient"), as_of="2012-04-02")["decision"] == "eligible"
