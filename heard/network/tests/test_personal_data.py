"""The personal data check on everything written to the whole network."""

import pytest

from heard.network.personal_data import check_text, nhs_numbers


@pytest.mark.parametrize(
    "text",
    [
        "Her NHS number is 943 476 5919",
        "ref 9434765919 in the notes",
        "John Smith, born 12/03/1958, lives in a care home",
        "Ann Jones dob 3 May 1990 was refused",
        "He lives at 12 Acacia Avenue, LS1 4AB",
        "Flat 3, Mill Road, cb1 2ab",
    ],
)
def test_identifiable_personal_data_is_blocked(text):
    assert check_text(text).blocks


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("Call 943 476 5918 tomorrow", "ten-digit number"),  # fails Modulus 11
        ("Our office is at LS1 4AB", "full postcode"),
        ("Mrs Patel was refused a visit", "names someone"),
        ("The hearing on 12/03/2025 was adjourned", "date"),
    ],
)
def test_possible_personal_data_is_a_warning(text, warning):
    check = check_text(text)
    assert not check.blocks
    assert any(warning in message for message in check.warnings)


def test_ordinary_practice_talk_passes():
    text = "How do others challenge a care home that refuses an IMCA access under the Care Act?"
    assert check_text(text).clean


def test_only_numbers_passing_modulus_11_count_as_nhs_numbers():
    assert nhs_numbers("943 476 5919 and 943 476 5918") == ["9434765919"]
