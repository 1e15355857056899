"""Invalid answers: every kind the contract names, each reported with its field."""

import pytest

from heard.eligibility import InvalidAnswers, ValidationError, assess, validate


def fields(answers) -> list[str]:
    return [e["field"] for e in validate(answers)]


@pytest.mark.parametrize("answers", [[], [1, 2], "age", 5, 4.5, True, None])
def test_not_an_object_is_one_error_with_empty_field(answers):
    errors = validate(answers)
    assert errors == [{"field": "", "message": "The answers must be a JSON object."}]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nation", "scotland"),
        ("nation", "England"),
        ("process", "assessment"),
        ("mca_decision", "finance"),
        ("child_status", "adopted"),
    ],
)
def test_unknown_enum_value(field, value):
    assert fields({field: value}) == [field]


@pytest.mark.parametrize(
    ("group", "field", "value"),
    [
        ("accommodation", "setting", "prison"),
        ("dols", "stage", "expired"),
        ("dols", "rpr", "volunteer"),
        ("mha", "status", "s99"),
    ],
)
def test_unknown_nested_enum_value(group, field, value):
    assert fields({group: {field: value}}) == [f"{group}.{field}"]


@pytest.mark.parametrize("value", [True, False, "45", 45.0, 45.5, [45], {"years": 45}])
def test_age_must_be_a_json_integer(value):
    errors = validate({"age": value})
    assert [e["field"] for e in errors] == ["age"]
    assert "whole number" in errors[0]["message"]


@pytest.mark.parametrize("value", [-1, 131, 1000])
def test_age_outside_0_to_130(value):
    errors = validate({"age": value})
    assert errors == [{"field": "age", "message": "age must be between 0 and 130."}]


@pytest.mark.parametrize("value", [0, 130])
def test_age_bounds_are_valid(value):
    assert validate({"age": value}) == []


def test_negative_days():
    errors = validate({"accommodation": {"expected_stay_days": -1}})
    assert errors == [
        {
            "field": "accommodation.expected_stay_days",
            "message": "accommodation.expected_stay_days cannot be negative.",
        }
    ]


@pytest.mark.parametrize("value", [0, 10_000])
def test_zero_and_large_days_are_valid(value):
    assert validate({"accommodation": {"expected_stay_days": value}}) == []


@pytest.mark.parametrize("value", [28.0, True, "30"])
def test_days_must_be_a_json_integer(value):
    assert fields({"accommodation": {"expected_stay_days": value}}) == [
        "accommodation.expected_stay_days"
    ]


@pytest.mark.parametrize(
    "field",
    [
        "appropriate_individual_available",
        "nhs_placement_likely",
        "disagreement_with_appropriate_individual",
        "lacks_capacity",
        "anyone_appropriate_to_consult",
        "treatment_urgent",
        "treatment_regulated_by_mha_part4",
        "accommodation_required_by_mha",
        "attorney_or_deputy",
        "complaint_about_nhs",
        "making_representation_or_complaint",
    ],
)
@pytest.mark.parametrize("value", [1, 0, "true", "yes", [True]])
def test_booleans_must_be_json_booleans(field, value):
    assert fields({field: value}) == [field]


@pytest.mark.parametrize("value", [5, True, ["england"], {"name": "england"}])
def test_enum_of_wrong_type(value):
    assert fields({"nation": value}) == ["nation"]


@pytest.mark.parametrize(
    "value",
    [
        "2026-13-01",
        "2026-02-30",
        "24/11/2026",
        "20261124",
        "2026-1-5",
        "2026-11-24T10:00:00",
        "",
        "today",
        20261124,
        True,
    ],
)
def test_malformed_as_of(value):
    assert fields({"as_of": value}) == ["as_of"]


@pytest.mark.parametrize(
    ("group", "value"),
    [
        ("substantial_difficulty", True),
        ("accommodation", "care_home"),
        ("dols", "authorised"),
        ("dols", ["authorised"]),
        ("mha", 3),
    ],
)
def test_nested_object_of_wrong_type(group, value):
    errors = validate({group: value})
    assert errors == [
        {"field": group, "message": f"{group} must be an object (or null if not known)."}
    ]


@pytest.mark.parametrize(
    ("group", "field", "value"),
    [
        ("substantial_difficulty", "understanding", "yes"),
        ("substantial_difficulty", "communicating", 1),
        ("accommodation", "expected_stay_days", 3.5),
        ("dols", "unpaid_rpr_available", "no"),
        ("dols", "imca_requested", 0),
        ("mha", "s57_treatment_considered", "true"),
        ("mha", "ect_considered", 1),
    ],
)
def test_nested_field_of_wrong_type(group, field, value):
    assert fields({group: {field: value}}) == [f"{group}.{field}"]


def test_all_errors_are_collected_in_field_order():
    answers = {
        "as_of": "soon",
        "mha": {"status": "s99", "ect_considered": "no"},
        "nation": "scotland",
        "age": True,
        "dols": "authorised",
        "accommodation": {"setting": "hotel", "expected_stay_days": -3},
    }
    assert fields(answers) == [
        "nation",
        "age",
        "accommodation.setting",
        "accommodation.expected_stay_days",
        "dols",
        "mha.status",
        "mha.ect_considered",
        "as_of",
    ]


def test_every_message_is_a_plain_sentence():
    answers = {"nation": 1, "age": -5, "dols": 2, "mha": {"status": 1}, "as_of": "x"}
    for error in validate(answers):
        assert list(error) == ["field", "message"]
        assert error["message"].endswith(".")


def test_unknown_fields_are_ignored_not_errors():
    assert validate({"colour": "blue", "dols": {"colour": "blue"}, "": 1}) == []


def test_null_everywhere_is_valid():
    answers = {
        "nation": None,
        "age": None,
        "substantial_difficulty": None,
        "accommodation": {"setting": None, "expected_stay_days": None},
        "dols": None,
        "mha": {},
        "as_of": None,
    }
    assert validate(answers) == []


def test_a_full_valid_answer_set():
    answers = {
        "nation": "wales",
        "age": 0,
        "process": "transition_assessment",
        "substantial_difficulty": {
            "understanding": False,
            "retaining": True,
            "using_or_weighing": False,
            "communicating": False,
        },
        "appropriate_individual_available": False,
        "nhs_placement_likely": False,
        "disagreement_with_appropriate_individual": False,
        "lacks_capacity": True,
        "mca_decision": "care_review",
        "accommodation": {"setting": "hospital", "expected_stay_days": 0},
        "anyone_appropriate_to_consult": False,
        "treatment_urgent": False,
        "treatment_regulated_by_mha_part4": False,
        "accommodation_required_by_mha": False,
        "attorney_or_deputy": False,
        "dols": {
            "stage": "urgent",
            "rpr": "paid",
            "unpaid_rpr_available": True,
            "imca_requested": False,
        },
        "mha": {"status": "s136", "s57_treatment_considered": False, "ect_considered": True},
        "complaint_about_nhs": False,
        "child_status": "care_leaver",
        "making_representation_or_complaint": True,
        "as_of": "2024-02-29",
    }
    assert validate(answers) == []


def test_assess_raises_with_the_same_errors():
    answers = {"age": 45.0, "nation": "scotland"}
    with pytest.raises(InvalidAnswers) as caught:
        assess(answers)
    assert caught.value.errors == validate(answers)
    assert "age" in str(caught.value)


def test_validation_error_is_the_same_type():
    assert ValidationError is InvalidAnswers
    assert issubclass(InvalidAnswers, ValueError)
    with pytest.raises(ValidationError):
        assess([])
