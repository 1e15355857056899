"""NHS complaints advocacy, children's advocacy and Welsh IPA."""

import pytest

from .helpers import mentions, result, with_

NHS_CITATION = (
    "Local Government and Public Involvement in Health Act 2007 s223A "
    "(inserted by the Health and Social Care Act 2012 s185)"
)
SSWBA = "Social Services and Well-being (Wales) Act 2014"


# NHS complaints advocacy


NHS = {"nation": "england", "complaint_about_nhs": True}


def test_nhs_complaint_in_england_is_a_duty():
    res = result(NHS, "nhs_complaints")
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == [NHS_CITATION]


@pytest.mark.parametrize("age", [0, 12, 17, 130, ...])
def test_nhs_complaints_any_age(age):
    assert result(with_(NHS, age=age), "nhs_complaints")["decision"] == "eligible"


def test_nhs_complaints_needs_a_complaint():
    assert result(with_(NHS, complaint_about_nhs=False), "nhs_complaints")["decision"] == (
        "not_eligible"
    )
    res = result(with_(NHS, complaint_about_nhs=...), "nhs_complaints")
    assert res["missing"] == ["complaint_about_nhs"]


def test_nhs_complaints_in_wales_go_to_llais():
    res = result(with_(NHS, nation="wales"), "nhs_complaints")
    assert res["decision"] == "not_eligible"
    assert mentions(res, "Llais")


def test_nhs_complaints_nation_unknown():
    res = result(with_(NHS, nation=...), "nhs_complaints")
    assert (res["decision"], res["missing"]) == ("need_more_information", ["nation"])


def test_nhs_complaints_from_april_2013():
    assert result(NHS, "nhs_complaints", as_of="2013-03-31")["decision"] == "not_eligible"
    assert result(NHS, "nhs_complaints", as_of="2013-04-01")["decision"] == "eligible"


# Children's advocacy

CHILD = {
    "nation": "england",
    "age": 12,
    "child_status": "looked_after",
    "making_representation_or_complaint": True,
}


@pytest.mark.parametrize(
    ("nation", "citation"),
    [("england", "Children Act 1989 s26A"), ("wales", f"{SSWBA} s174\u2013178")],
)
def test_childrens_advocacy_cites_the_nation_law(nation, citation):
    res = result(with_(CHILD, nation=nation), "childrens")
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == [citation]


@pytest.mark.parametrize("nation", ["england", "wales"])
@pytest.mark.parametrize(
    ("status", "age", "expected"),
    [
        ("looked_after", 0, "eligible"),
        ("looked_after", 17, "eligible"),
        ("looked_after", 18, "not_eligible"),
        ("child_in_need", 17, "eligible"),
        ("child_in_need", 18, "not_eligible"),
        ("care_leaver", 17, "eligible"),
        ("care_leaver", 25, "eligible"),
        ("care_leaver", 26, "not_eligible"),
        ("none", 10, "not_eligible"),
    ],
)
def test_childrens_status_and_age(nation, status, age, expected):
    answers = with_(CHILD, nation=nation, child_status=status, age=age)
    assert result(answers, "childrens")["decision"] == expected


def test_childrens_in_wales_speaks_of_care_and_support_needs():
    res = result(with_(CHILD, nation="wales", child_status="child_in_need"), "childrens")
    assert mentions(res, "care and support needs")


def test_childrens_needs_a_representation_or_complaint():
    answers = with_(CHILD, making_representation_or_complaint=False)
    assert result(answers, "childrens")["decision"] == "not_eligible"
    res = result(with_(CHILD, making_representation_or_complaint=...), "childrens")
    assert res["missing"] == ["making_representation_or_complaint"]


def test_childrens_age_unknown():
    res = result(with_(CHILD, age=...), "childrens")
    assert (res["decision"], res["missing"]) == ("need_more_information", ["age"])


def test_childrens_status_unknown_but_age_rules_out_every_status():
    res = result(with_(CHILD, child_status=..., age=30), "childrens")
    assert res["decision"] == "not_eligible"


def test_childrens_status_unknown():
    res = result(with_(CHILD, child_status=...), "childrens")
    assert res["missing"] == ["child_status"]


def test_childrens_nation_unknown():
    res = result(with_(CHILD, nation=...), "childrens")
    assert (res["decision"], res["missing"]) == ("need_more_information", ["nation"])


def test_childrens_dates():
    assert result(CHILD, "childrens", as_of="2004-03-31")["decision"] == "not_eligible"
    assert result(CHILD, "childrens", as_of="2004-04-01")["decision"] == "eligible"
    in_wales = with_(CHILD, nation="wales")
    assert result(in_wales, "childrens", as_of="2016-04-05")["decision"] == "not_eligible"
    assert result(in_wales, "childrens", as_of="2016-04-06")["decision"] == "eligible"


# Independent Professional Advocacy (Wales)

IPA = {
    "nation": "wales",
    "process": "needs_assessment",
    "substantial_difficulty": {"communicating": True},
    "appropriate_individual_available": False,
}


def test_ipa_is_a_duty_with_part_10_citation():
    res = result(IPA, "wales_ipa")
    assert (res["decision"], res["duty"]) == ("eligible", "must")
    assert res["citations"] == [f"{SSWBA} Part 10", f"{SSWBA} Part 10 Code of Practice (Advocacy)"]


@pytest.mark.parametrize(
    "process",
    [
        "needs_assessment",
        "carers_assessment",
        "care_and_support_planning",
        "care_review",
        "safeguarding_enquiry",
        "safeguarding_adults_review",
        "transition_assessment",
    ],
)
def test_ipa_any_process(process):
    assert result(with_(IPA, process=process), "wales_ipa")["decision"] == "eligible"


@pytest.mark.parametrize("age", [0, 10, 17, 18, 99])
def test_ipa_any_age(age):
    assert result(with_(IPA, age=age), "wales_ipa")["decision"] == "eligible"


def test_ipa_wales_only():
    res = result(with_(IPA, nation="england"), "wales_ipa")
    assert res["decision"] == "not_eligible"
    assert mentions(res, "only in Wales")


def test_ipa_process_unknown():
    assert result(with_(IPA, process=...), "wales_ipa")["missing"] == ["process"]


def test_ipa_no_barriers():
    none = dict.fromkeys(
        ["understanding", "retaining", "using_or_weighing", "communicating"], False
    )
    assert result(with_(IPA, substantial_difficulty=none), "wales_ipa")["decision"] == (
        "not_eligible"
    )


def test_ipa_appropriate_individual_rules_out_with_no_regulation_4_waiver():
    answers = with_(
        IPA,
        appropriate_individual_available=True,
        nhs_placement_likely=True,
        disagreement_with_appropriate_individual=True,
    )
    assert result(answers, "wales_ipa")["decision"] == "not_eligible"


def test_ipa_appropriate_individual_unknown():
    res = result(with_(IPA, appropriate_individual_available=...), "wales_ipa")
    assert res["missing"] == ["appropriate_individual_available"]


def test_ipa_from_6_april_2016():
    assert result(IPA, "wales_ipa", as_of="2016-04-05")["decision"] == "not_eligible"
    assert result(IPA, "wales_ipa", as_of="2016-04-06")["decision"] == "eligible"
