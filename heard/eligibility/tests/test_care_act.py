"""Care Act advocacy: Care Act 2014 s67 and s68, England only."""

import pytest

from .helpers import decision, mentions, result, with_

ELIGIBLE = {
    "nation": "england",
    "age": 30,
    "process": "needs_assessment",
    "substantial_difficulty": {"understanding": True},
    "appropriate_individual_available": False,
}
CARE_PROCESSES = [
    "needs_assessment",
    "carers_assessment",
    "care_and_support_planning",
    "care_review",
    "transition_assessment",
]
SAFEGUARDING = ["safeguarding_enquiry", "safeguarding_adults_review"]


def care_act(answers, as_of="2026-01-05"):
    return result(answers, "care_act", as_of)


def test_eligible_is_a_duty_with_s67_citation():
    res = care_act(ELIGIBLE)
    assert (res["decision"], res["duty"], res["missing"]) == ("eligible", "must", [])
    assert res["citations"] == ["Care Act 2014 s67(4)"]
    assert mentions(res, "section 67")


@pytest.mark.parametrize("process", CARE_PROCESSES)
def test_every_care_and_support_process_is_s67(process):
    res = care_act(with_(ELIGIBLE, process=process))
    assert res["decision"] == "eligible"
    assert "Care Act 2014 s67(4)" in res["citations"]


@pytest.mark.parametrize("process", SAFEGUARDING)
def test_safeguarding_processes_are_s68(process):
    res = care_act(with_(ELIGIBLE, process=process))
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == ["Care Act 2014 s68(3)"]


# 1. England only


def test_wales_is_not_eligible():
    res = care_act(with_(ELIGIBLE, nation="wales"))
    assert res["decision"] == "not_eligible"
    assert res["reasons"] == [
        "Care Act advocacy applies only in England; in Wales, advocacy in care and support is "
        "Independent Professional Advocacy under the Social Services and Well-being (Wales) Act 2014."
    ]


def test_nation_unknown_needs_nation():
    res = care_act(with_(ELIGIBLE, nation=...))
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["nation"]


# 2. process


def test_process_unknown_needs_process():
    res = care_act(with_(ELIGIBLE, process=...))
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["process"]


# 3. age 18 or over, or any age in a transition assessment


def test_under_18_not_eligible_outside_transition():
    res = care_act(with_(ELIGIBLE, age=17))
    assert res["decision"] == "not_eligible"
    assert mentions(res, "under 18")


@pytest.mark.parametrize("age", [0, 14, 17, 18, 90])
def test_transition_assessment_has_no_age_limit(age):
    assert decision(with_(ELIGIBLE, age=age, process="transition_assessment"), "care_act") == (
        "eligible"
    )


def test_age_18_is_an_adult():
    assert decision(with_(ELIGIBLE, age=18), "care_act") == "eligible"


@pytest.mark.parametrize("process", SAFEGUARDING)
def test_safeguarding_advocacy_needs_an_adult(process):
    assert decision(with_(ELIGIBLE, age=17, process=process), "care_act") == "not_eligible"


def test_clarification_under_18_with_process_unknown_needs_more_information():
    """A transition assessment is still possible."""
    res = care_act(with_(ELIGIBLE, age=16, process=...))
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["process"]


def test_age_unknown_needs_age():
    res = care_act(with_(ELIGIBLE, age=...))
    assert (res["decision"], res["missing"]) == ("need_more_information", ["age"])


def test_age_unknown_in_transition_assessment_is_still_eligible():
    assert decision(with_(ELIGIBLE, age=..., process="transition_assessment"), "care_act") == (
        "eligible"
    )


# 4. substantial difficulty in at least one of four areas


@pytest.mark.parametrize(
    "area", ["understanding", "retaining", "using_or_weighing", "communicating"]
)
def test_any_one_area_of_difficulty_is_enough(area):
    answers = with_(ELIGIBLE, substantial_difficulty={area: True})
    res = care_act(answers)
    assert res["decision"] == "eligible"


def test_all_four_areas_false_rules_it_out():
    none = dict.fromkeys(
        ["understanding", "retaining", "using_or_weighing", "communicating"], False
    )
    res = care_act(with_(ELIGIBLE, substantial_difficulty=none))
    assert res["decision"] == "not_eligible"
    assert mentions(res, "substantial difficulty")


def test_three_false_and_one_unknown_needs_that_one():
    answers = with_(
        ELIGIBLE,
        substantial_difficulty={"understanding": False, "retaining": False, "communicating": False},
    )
    res = care_act(answers)
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["substantial_difficulty.using_or_weighing"]


def test_difficulty_unknown_lists_all_four_dotted():
    res = care_act(with_(ELIGIBLE, substantial_difficulty=...))
    assert res["missing"] == [
        "substantial_difficulty.understanding",
        "substantial_difficulty.retaining",
        "substantial_difficulty.using_or_weighing",
        "substantial_difficulty.communicating",
    ]


# 5. no appropriate individual, waived by regulation 4


def test_appropriate_individual_rules_it_out():
    answers = with_(
        ELIGIBLE,
        appropriate_individual_available=True,
        nhs_placement_likely=False,
        disagreement_with_appropriate_individual=False,
    )
    res = care_act(answers)
    assert res["decision"] == "not_eligible"
    assert mentions(res, "appropriate individual")


@pytest.mark.parametrize(
    "waiver", ["nhs_placement_likely", "disagreement_with_appropriate_individual"]
)
def test_regulation_4_waives_the_appropriate_individual(waiver):
    answers = with_(ELIGIBLE, appropriate_individual_available=True, **{waiver: True})
    res = care_act(answers)
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert (
        "Care and Support (Independent Advocacy Support) (No. 2) Regulations 2014 reg 4"
        in res["citations"]
    )
    assert mentions(res, "regulation 4")


@pytest.mark.parametrize(
    "waiver", ["nhs_placement_likely", "disagreement_with_appropriate_individual"]
)
def test_regulation_4_applies_even_when_availability_unknown(waiver):
    answers = with_(ELIGIBLE, appropriate_individual_available=..., **{waiver: True})
    assert decision(answers, "care_act") == "eligible"


def test_appropriate_individual_with_waivers_unknown_needs_the_waivers():
    res = care_act(with_(ELIGIBLE, appropriate_individual_available=True))
    assert res["decision"] == "need_more_information"
    assert res["missing"] == ["nhs_placement_likely", "disagreement_with_appropriate_individual"]


def test_availability_unknown_needs_it_or_a_waiver():
    res = care_act(with_(ELIGIBLE, appropriate_individual_available=...))
    assert res["missing"] == [
        "appropriate_individual_available",
        "nhs_placement_likely",
        "disagreement_with_appropriate_individual",
    ]


# three-valued combination


def test_one_known_failure_rules_it_out_despite_missing_answers():
    assert decision({"nation": "wales"}, "care_act") == "not_eligible"


def test_open_routes_are_explained():
    res = care_act({"nation": "england"})
    assert res["decision"] == "need_more_information"
    assert mentions(res, "could apply if")
    assert res["citations"] == ["Care Act 2014 s67(4)", "Care Act 2014 s68(3)"]


# dates


def test_not_in_force_before_1_april_2015():
    res = care_act(ELIGIBLE, as_of="2015-03-31")
    assert res["decision"] == "not_eligible"
    assert mentions(res, "came into force on 1 April 2015")


def test_in_force_from_1_april_2015():
    assert care_act(ELIGIBLE, as_of="2015-04-01")["decision"] == "eligible"
