"""Three-valued (Kleene) conditions."""

import pytest

from heard.eligibility.answers import parse
from heard.eligibility.logic import (
    all_of,
    any_of,
    assumed_not,
    at_least,
    at_most,
    equals,
    is_false,
    is_true,
    join_clauses,
    more_than,
    one_of,
    under,
    unique,
)

A = is_true("lacks_capacity", met="a", failed="A failed.")
B = is_true("complaint_about_nhs", met="b", failed="B failed.")


def answers(**values):
    return parse({"as_of": "2026-01-05", **values})


TRUE = {"lacks_capacity": True, "complaint_about_nhs": True}
FALSE = {"lacks_capacity": False, "complaint_about_nhs": False}


def test_unknown_names_its_field():
    check = A(answers())
    assert (check.value, check.missing) == (None, ("lacks_capacity",))


def test_is_false():
    assert is_false("lacks_capacity")(answers(lacks_capacity=False)).value is True
    assert is_false("lacks_capacity")(answers(lacks_capacity=True)).value is False


def test_known_has_nothing_missing():
    assert A(answers(lacks_capacity=True)).value is True
    assert A(answers(lacks_capacity=False)).value is False
    assert A(answers(lacks_capacity=False)).missing == ()


@pytest.mark.parametrize(
    ("condition", "value", "expected"),
    [
        (at_least("age", 18), 18, True),
        (at_least("age", 18), 17, False),
        (at_most("age", 25), 25, True),
        (at_most("age", 25), 26, False),
        (more_than("age", 28), 29, True),
        (more_than("age", 28), 28, False),
        (under("age", 18), 17, True),
        (under("age", 18), 18, False),
        (equals("age", 0), 0, True),
        (one_of("age", [1, 2]), 3, False),
    ],
)
def test_comparisons(condition, value, expected):
    assert condition(answers(age=value)).value is expected


def test_kleene_or():
    either = any_of(A, B, met="a or b", failed="Neither.")
    assert either(answers(lacks_capacity=True)).value is True  # true OR unknown
    assert either(answers(lacks_capacity=False)).value is None  # false OR unknown
    assert either(answers(**FALSE)).value is False
    assert either(answers(**FALSE)).failed == "Neither."
    assert either(answers()).missing == ("lacks_capacity", "complaint_about_nhs")
    assert either(answers(lacks_capacity=False)).missing == ("complaint_about_nhs",)


def test_or_names_only_the_parts_still_possible():
    either = any_of(A, B, met="a or b", failed="Neither.")
    assert either(answers()).met == "a or b"
    assert either(answers(lacks_capacity=False)).met == "b"
    assert either(answers(complaint_about_nhs=True)).met == "b"


def test_kleene_and():
    both = all_of(A, B, met="a and b")
    assert both(answers(lacks_capacity=False)).value is False  # false AND unknown
    assert both(answers(lacks_capacity=False)).failed == "A failed."
    assert both(answers(lacks_capacity=True)).value is None
    assert both(answers(lacks_capacity=True)).missing == ("complaint_about_nhs",)
    assert both(answers(**TRUE)).value is True


def test_no_inference_across_values():
    """hospital>28 OR care_home>56 with 100 days and no setting is unknown, not true."""
    stay = any_of(
        all_of(
            equals("accommodation.setting", "hospital"),
            more_than("accommodation.expected_stay_days", 28),
            met="h",
        ),
        all_of(
            equals("accommodation.setting", "care_home"),
            more_than("accommodation.expected_stay_days", 56),
            met="c",
        ),
        met="long stay",
        failed="Short stay.",
    )
    check = stay(answers(accommodation={"expected_stay_days": 100}))
    assert (check.value, check.missing) == (None, ("accommodation.setting",))


def test_assumed_not_is_never_unknown_and_says_so():
    excl = assumed_not("attorney_or_deputy", True, met="m", failed="F.", assumption="Assumes x.")
    absent = excl(answers())
    assert (absent.value, absent.missing, absent.assumptions) == (True, (), ("Assumes x.",))
    assert excl(answers(attorney_or_deputy=False)).assumptions == ()
    assert excl(answers(attorney_or_deputy=False)).value is True
    assert excl(answers(attorney_or_deputy=True)).value is False


def test_assumptions_pass_through_combinations():
    excl = assumed_not("attorney_or_deputy", True, met="m", failed="F.", assumption="Assumes x.")
    assert all_of(excl, A, met="both")(answers(lacks_capacity=True)).assumptions == ("Assumes x.",)
    assert any_of(excl, A, met="e", failed="F.")(answers()).assumptions == ("Assumes x.",)


def test_citations_come_from_the_part_that_met():
    cited = is_true("lacks_capacity", met="a", citations=("Reg 4",))
    either = any_of(cited, B, met="a or b", failed="Neither.")
    assert either(answers(lacks_capacity=True)).citations == ("Reg 4",)
    assert either(answers(complaint_about_nhs=True)).citations == ()


def test_unique_and_join():
    assert unique(["b", "a", "b"]) == ("b", "a")
    assert join_clauses([]) == ""
    assert join_clauses(["a"]) == "a"
    assert join_clauses(["a", "b"]) == "a and b"
    assert join_clauses(["a", "b", "c"]) == "a, b and c"
