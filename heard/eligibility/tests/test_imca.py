"""IMCA: Mental Capacity Act 2005 s35-41 and the expansion-of-role regulations."""

import pytest

from .helpers import decision, mentions, result, with_

COMMON = {"age": 40, "lacks_capacity": True}
SMT = {
    **COMMON,
    "mca_decision": "serious_medical_treatment",
    "anyone_appropriate_to_consult": False,
}
MOVE = {
    **COMMON,
    "mca_decision": "accommodation_change",
    "anyone_appropriate_to_consult": False,
    "accommodation": {"setting": "care_home", "expected_stay_days": 90},
}
REVIEW = {
    **COMMON,
    "mca_decision": "care_review",
    "anyone_appropriate_to_consult": False,
    "accommodation": {"expected_stay_days": 100},
}
SAFEGUARDING = {**COMMON, "mca_decision": "safeguarding"}
ALL_ROUTES = [SMT, MOVE, REVIEW, SAFEGUARDING]

ASSUME_ATTORNEY = "Assumes no attorney or deputy holds this decision."
ASSUME_URGENT = "Assumes the serious medical treatment does not need to be given urgently."
ASSUME_PART4 = "Assumes the treatment is not regulated by Part 4 of the Mental Health Act."
ASSUME_MHA = "Assumes the person is not required to live there under the Mental Health Act."
ASSUME_DOLS = "Assumes no DoLS standard authorisation is in force."

ENGLAND_REGS = (
    "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) "
    "(Expansion of Role) Regulations 2006"
)
WALES_REGS = (
    "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) (Wales) "
    "Regulations 2007 (SI 2007/852 (W.77))"
)


def imca(answers, as_of="2026-01-05"):
    return result(answers, "imca", as_of)


# common conditions


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_every_route_needs_age_16(route):
    assert imca(with_(route, age=15))["decision"] == "not_eligible"
    assert imca(with_(route, age=16))["decision"] == "eligible"


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_every_route_needs_lack_of_capacity(route):
    assert imca(with_(route, lacks_capacity=False))["decision"] == "not_eligible"
    res = imca(with_(route, lacks_capacity=...))
    assert (res["decision"], res["missing"]) == ("need_more_information", ["lacks_capacity"])


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_attorney_or_deputy_removes_every_route(route):
    res = imca(with_(route, attorney_or_deputy=True))
    assert res["decision"] == "not_eligible"
    assert mentions(res, "s40")


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_absent_attorney_is_assumed_and_said(route):
    res = imca(route)
    assert res["decision"] == "eligible"
    assert ASSUME_ATTORNEY in res["reasons"]
    res = imca(with_(route, attorney_or_deputy=False))
    assert ASSUME_ATTORNEY not in res["reasons"]


def test_age_10_alone_rules_imca_out():
    res = imca({"age": 10})
    assert res["decision"] == "not_eligible"
    assert res["reasons"] == ["An IMCA is only for people aged 16 or over."]


def test_no_nation_condition():
    for nation in ["england", "wales", ...]:
        assert imca(with_(SMT, nation=nation))["decision"] == "eligible"


def test_decision_unknown_needs_it():
    res = imca(with_(SMT, mca_decision=...))
    assert res["decision"] == "need_more_information"
    assert "mca_decision" in res["missing"]


# serious medical treatment (s37)


def test_smt_is_a_duty_under_s37_and_states_its_assumptions():
    res = imca(SMT)
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == ["Mental Capacity Act 2005 s37"]
    assert res["reasons"][1:] == [ASSUME_ATTORNEY, ASSUME_URGENT, ASSUME_PART4]


def test_smt_with_exclusions_known_false_has_no_assumptions():
    answers = with_(
        SMT,
        attorney_or_deputy=False,
        treatment_urgent=False,
        treatment_regulated_by_mha_part4=False,
    )
    res = imca(answers)
    assert res["decision"] == "eligible"
    assert not any(r.startswith("Assumes") for r in res["reasons"])


def test_smt_ruled_out_by_someone_to_consult():
    assert imca(with_(SMT, anyone_appropriate_to_consult=True))["decision"] == "not_eligible"


def test_smt_needs_to_know_about_consultees():
    res = imca(with_(SMT, anyone_appropriate_to_consult=...))
    assert res["missing"] == ["anyone_appropriate_to_consult"]


def test_smt_ruled_out_when_urgent():
    res = imca(with_(SMT, treatment_urgent=True))
    assert res["decision"] == "not_eligible"
    assert mentions(res, "urgently")


def test_smt_ruled_out_when_regulated_by_mha_part4():
    res = imca(with_(SMT, treatment_regulated_by_mha_part4=True))
    assert res["decision"] == "not_eligible"
    assert mentions(res, "Part 4")


def test_smt_not_affected_by_mha_accommodation_exclusion():
    assert imca(with_(SMT, accommodation_required_by_mha=True))["decision"] == "eligible"


# change of accommodation (s38, s39)


@pytest.mark.parametrize(
    ("setting", "days", "expected"),
    [
        ("hospital", 29, "eligible"),
        ("hospital", 28, "not_eligible"),
        ("hospital", 0, "not_eligible"),
        ("care_home", 57, "eligible"),
        ("care_home", 56, "not_eligible"),
        ("care_home", 40, "not_eligible"),
        ("hospital", 40, "eligible"),
    ],
)
def test_accommodation_thresholds(setting, days, expected):
    answers = with_(MOVE, accommodation={"setting": setting, "expected_stay_days": days})
    res = imca(answers)
    assert res["decision"] == expected
    if expected == "eligible":
        assert res["duty"] == "must"
        assert res["citations"] == ["Mental Capacity Act 2005 s38", "Mental Capacity Act 2005 s39"]


def test_accommodation_days_unknown():
    res = imca(with_(MOVE, accommodation={"setting": "hospital"}))
    assert (res["decision"], res["missing"]) == (
        "need_more_information",
        ["accommodation.expected_stay_days"],
    )


def test_accommodation_setting_unknown_is_unknown_even_if_every_setting_would_pass():
    """Each condition on its own: 100 days passes both thresholds, but setting is unknown."""
    res = imca(with_(MOVE, accommodation={"expected_stay_days": 100}))
    assert (res["decision"], res["missing"]) == ("need_more_information", ["accommodation.setting"])


def test_accommodation_short_stay_rules_out_whatever_the_setting():
    res = imca(with_(MOVE, accommodation={"expected_stay_days": 20}))
    assert res["decision"] == "not_eligible"


def test_accommodation_ruled_out_by_someone_to_consult():
    assert imca(with_(MOVE, anyone_appropriate_to_consult=True))["decision"] == "not_eligible"


def test_accommodation_ruled_out_when_required_by_mha():
    res = imca(with_(MOVE, accommodation_required_by_mha=True))
    assert res["decision"] == "not_eligible"
    assert mentions(res, "Mental Health Act")


def test_accommodation_assumes_not_required_by_mha():
    res = imca(MOVE)
    assert ASSUME_MHA in res["reasons"]
    assert ASSUME_URGENT not in res["reasons"]  # only the SMT route relies on that
    assert ASSUME_MHA not in imca(with_(MOVE, accommodation_required_by_mha=False))["reasons"]


# care review (power)


@pytest.mark.parametrize("setting", ["hospital", "care_home", None])
def test_care_review_threshold_ignores_setting(setting):
    answers = with_(REVIEW, accommodation={"setting": setting, "expected_stay_days": 85})
    res = imca(answers)
    assert (res["decision"], res["duty"]) == ("eligible", "may")
    answers = with_(REVIEW, accommodation={"setting": setting, "expected_stay_days": 84})
    assert imca(answers)["decision"] == "not_eligible"


def test_care_review_days_unknown():
    res = imca(with_(REVIEW, accommodation=...))
    assert res["missing"] == ["accommodation.expected_stay_days"]


def test_care_review_ruled_out_by_someone_to_consult():
    assert imca(with_(REVIEW, anyone_appropriate_to_consult=True))["decision"] == "not_eligible"


def test_care_review_ruled_out_when_required_by_mha():
    assert imca(with_(REVIEW, accommodation_required_by_mha=True))["decision"] == "not_eligible"


def test_care_review_ruled_out_by_dols_authorisation():
    res = imca(with_(REVIEW, dols={"stage": "authorised"}))
    assert res["decision"] == "not_eligible"
    assert mentions(res, "DoLS standard authorisation is in force")


@pytest.mark.parametrize("stage", ["none", "requested", "urgent"])
def test_care_review_allowed_under_other_dols_stages(stage):
    res = imca(with_(REVIEW, dols={"stage": stage}))
    assert res["decision"] == "eligible"
    assert ASSUME_DOLS not in res["reasons"]


def test_care_review_absent_dols_stage_is_taken_as_not_authorised_and_said():
    res = imca(REVIEW)
    assert res["decision"] == "eligible"
    assert ASSUME_DOLS in res["reasons"]
    assert ASSUME_MHA in res["reasons"]
    assert "dols.stage" not in res["missing"]


def test_care_review_cites_the_nation_regulations():
    assert imca(with_(REVIEW, nation="england"))["citations"] == [
        "Mental Capacity Act 2005 s41",
        f"{ENGLAND_REGS} reg 3",
    ]
    assert imca(with_(REVIEW, nation="wales"))["citations"] == [
        "Mental Capacity Act 2005 s41",
        WALES_REGS,
    ]
    assert imca(REVIEW)["citations"] == [
        "Mental Capacity Act 2005 s41",
        f"{ENGLAND_REGS} reg 3",
        WALES_REGS,
    ]


# adult safeguarding (power)


def test_safeguarding_is_a_power():
    res = imca(with_(SAFEGUARDING, nation="england"))
    assert (res["decision"], res["duty"]) == ("eligible", "may")
    assert res["citations"] == ["Mental Capacity Act 2005 s41", f"{ENGLAND_REGS} reg 4"]


def test_safeguarding_allowed_when_family_can_be_consulted():
    assert imca(with_(SAFEGUARDING, anyone_appropriate_to_consult=True))["decision"] == "eligible"


def test_clarification_mha_exclusion_does_not_apply_to_safeguarding():
    res = imca(with_(SAFEGUARDING, accommodation_required_by_mha=True))
    assert res["decision"] == "eligible"
    assert ASSUME_MHA not in imca(SAFEGUARDING)["reasons"]


def test_safeguarding_ignores_accommodation_and_dols():
    answers = with_(
        SAFEGUARDING, dols={"stage": "authorised"}, accommodation={"expected_stay_days": 1}
    )
    assert imca(answers)["decision"] == "eligible"


# combining routes


def test_one_known_failure_rules_out_every_route():
    assert decision({"lacks_capacity": False}, "imca") == "not_eligible"


def test_need_more_information_lists_fields_for_every_open_route():
    res = imca(COMMON)
    assert res["decision"] == "need_more_information"
    assert res["missing"] == [
        "mca_decision",
        "accommodation.setting",
        "accommodation.expected_stay_days",
        "anyone_appropriate_to_consult",
    ]
    for sentence in [ASSUME_ATTORNEY, ASSUME_URGENT, ASSUME_PART4, ASSUME_MHA, ASSUME_DOLS]:
        assert sentence in res["reasons"]


def test_not_eligible_relies_on_no_assumption():
    res = imca({"age": 12})
    assert not any(r.startswith("Assumes") for r in res["reasons"])


# dates


@pytest.mark.parametrize("route", ALL_ROUTES)
def test_not_in_force_before_april_2007(route):
    assert imca(route, as_of="2007-03-31")["decision"] == "not_eligible"
    assert imca(route, as_of="2007-04-01")["decision"] == "eligible"
