"""The shape of the assessment: what other tools rely on."""

from datetime import date

import pytest

from heard.eligibility import RULES_VERSION, assess
from heard.eligibility.answers import FIELDS
from heard.eligibility.rules import ROUTES, TYPES

from .helpers import AS_OF, assess_all

EXPECTED_TYPES = [
    "care_act",
    "imca",
    "imca_dols_39a",
    "imca_dols_39c",
    "imca_dols_39d",
    "paid_rpr",
    "imha",
    "nhs_complaints",
    "childrens",
    "wales_ipa",
]

SAMPLES = [
    {},
    {"age": 10},
    {
        "nation": "england",
        "age": 30,
        "process": "needs_assessment",
        "substantial_difficulty": {"understanding": True},
        "appropriate_individual_available": False,
        "lacks_capacity": True,
        "mca_decision": "accommodation_change",
        "accommodation": {"setting": "care_home", "expected_stay_days": 90},
        "anyone_appropriate_to_consult": False,
        "dols": {"stage": "authorised", "rpr": "none", "unpaid_rpr_available": False},
        "mha": {"status": "s3"},
        "complaint_about_nhs": True,
    },
    {"nation": "wales", "age": 16, "child_status": "looked_after"},
]


def test_rules_version_is_2026_1():
    assert RULES_VERSION == "2026.1"


@pytest.mark.parametrize("answers", SAMPLES)
def test_top_level_keys_in_order(answers):
    out = assess({**answers, "as_of": AS_OF})
    assert list(out) == ["rules_version", "as_of", "results"]
    assert out["rules_version"] == "2026.1"
    assert out["as_of"] == AS_OF


@pytest.mark.parametrize("answers", SAMPLES)
def test_one_result_per_type_in_contract_order(answers):
    out = assess({**answers, "as_of": AS_OF})
    assert [r["type"] for r in out["results"]] == EXPECTED_TYPES
    assert list(TYPES) == EXPECTED_TYPES == list(ROUTES)


@pytest.mark.parametrize("answers", SAMPLES)
def test_result_keys_and_value_types(answers):
    for res in assess({**answers, "as_of": AS_OF})["results"]:
        assert list(res) == ["type", "decision", "duty", "reasons", "citations", "missing"]
        assert res["decision"] in {"eligible", "not_eligible", "need_more_information"}
        assert res["duty"] in {"must", "may", "none"}
        assert all(isinstance(x, str) and x for x in res["reasons"] + res["citations"])
        assert res["reasons"], "every decision explains itself"


@pytest.mark.parametrize("answers", SAMPLES)
def test_duty_none_unless_eligible_and_eligible_cites_law(answers):
    for res in assess({**answers, "as_of": AS_OF})["results"]:
        if res["decision"] == "eligible":
            assert res["duty"] in {"must", "may"}
            assert res["citations"]
            assert res["missing"] == []
        else:
            assert res["duty"] == "none"


@pytest.mark.parametrize("answers", SAMPLES)
def test_missing_is_dotted_ordered_and_unique(answers):
    for res in assess({**answers, "as_of": AS_OF})["results"]:
        missing = res["missing"]
        assert len(missing) == len(set(missing))
        assert all(name in FIELDS for name in missing)
        assert missing == sorted(missing, key=FIELDS.index)
        assert bool(missing) == (res["decision"] == "need_more_information")


def test_missing_uses_dotted_names_for_nested_fields():
    res = assess_all({"age": 40})["imca_dols_39a"]
    assert "dols.stage" in res["missing"]


@pytest.mark.parametrize("answers", SAMPLES)
def test_reasons_are_single_plain_sentences(answers):
    for res in assess({**answers, "as_of": AS_OF})["results"]:
        for reason in res["reasons"]:
            assert reason[0].isupper() and reason.endswith(".")
            assert ". " not in reason[:-1], reason
        assert len(res["reasons"]) == len(set(res["reasons"]))
        assert len(res["citations"]) == len(set(res["citations"]))


def test_as_of_defaults_to_today():
    before = date.today().isoformat()
    out = assess({})
    assert out["as_of"] in {before, date.today().isoformat()}


def test_python_callers_may_pass_a_date():
    assert assess({"as_of": date(2020, 2, 29)})["as_of"] == "2020-02-29"


def test_unknown_fields_are_ignored():
    base = {"nation": "england", "age": 50, "mha": {"status": "s3"}}
    noisy = {**base, "favourite_colour": "blue", "mha": {"status": "s3", "ward": "Oak"}}
    assert assess_all(noisy) == assess_all(base)


def test_null_means_unknown_everywhere():
    nulls = {name: None for name in [f.split(".")[0] for f in FIELDS]}
    assert assess_all(nulls) == assess_all({})
    nested_nulls = {"dols": {"stage": None, "rpr": None}, "mha": {"status": None}}
    assert assess_all(nested_nulls) == assess_all({})


def test_same_answers_same_assessment():
    answers = SAMPLES[2]
    assert assess({**answers, "as_of": AS_OF}) == assess({**answers, "as_of": AS_OF})


def test_input_is_not_modified():
    answers = {"dols": {"stage": "authorised"}, "age": 30}
    assess(answers)
    assert answers == {"dols": {"stage": "authorised"}, "age": 30}


def test_nothing_known_needs_more_information_everywhere():
    for res in assess_all({}).values():
        assert res["decision"] == "need_more_information"


def test_package_docstring_example_runs():
    import doctest

    import heard.eligibility

    outcome = doctest.testmod(heard.eligibility)
    assert outcome.attempted >= 1
    assert outcome.failed == 0
