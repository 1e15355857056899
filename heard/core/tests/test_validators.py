"""Tests for postcode, NHS number and phone validators (no database needed)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from heard.core.validators import (
    NHS_NUMBER_FORMAT_MESSAGE,
    NHS_NUMBER_INVALID_MESSAGE,
    PHONE_MESSAGE,
    POSTCODE_MESSAGE,
    format_nhs_number,
    nhs_number_check_digit,
    normalise_nhs_number,
    normalise_uk_postcode,
    validate_nhs_number,
    validate_uk_phone,
    validate_uk_postcode,
)

# --- Postcodes -------------------------------------------------------------

VALID_POSTCODES = [
    "SW1A 1AA",  # A A 9 A
    "EC1A 1BB",
    "W1A 0AX",  # A 9 A
    "M1 1AE",  # A 9
    "B33 8TH",  # A 99
    "CR2 6XH",  # AA 9
    "DN55 1PT",  # AA 99
    "CF10 1AA",  # Cardiff
    "LL57 2DG",  # Bangor
    "TR21 0LW",  # Isles of Scilly
    "GIR 0AA",
    "BT1 5GS",  # Northern Ireland is still a UK postcode
]


@pytest.mark.parametrize("postcode", VALID_POSTCODES)
def test_valid_postcodes_pass_and_normalise_to_themselves(postcode: str) -> None:
    assert validate_uk_postcode(postcode) == postcode
    assert normalise_uk_postcode(postcode) == postcode


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("  sw1a   1aa ", "SW1A 1AA"),
        ("Cf101aA", "CF10 1AA"),
        ("m1\t1ae", "M1 1AE"),
        ("gir0aa", "GIR 0AA"),
        ("b 33 8th", "B33 8TH"),
    ],
)
def test_sloppy_input_is_accepted_and_normalised(typed: str, expected: str) -> None:
    assert normalise_uk_postcode(typed) == expected
    assert validate_uk_postcode(typed) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "SW1A",  # outward code only
        "1AA",  # inward code only
        "SW1A 1A",
        "SW1A 1AAA",
        "SW1A1AA1",
        "12 3AB",  # outward must start with a letter
        "SW1A AAA",  # inward must start with a digit
        "M1 1CA",  # C is never used in the inward code
        "M1 1AI",
        "M1 1AK",
        "M1 1MA",
        "M1 1OA",
        "M1 1AV",
        "QA1 1AA",  # Q never first
        "VA1 1AA",
        "XA1 1AA",
        "AI1 1AA",  # I never second
        "AJ1 1AA",
        "AZ1 1AA",
        "W1L 0AX",  # L not allowed as third letter of A9A
        "EC1C 1BB",  # C not allowed as fourth letter of AA9A
        "SW123 1AA",
        "ABC1 1AA",
        "SW1A-1AA",
        "SW1A 1AA!",
        "\uff33\uff371A 1AA",  # full-width letters
    ],
)
def test_invalid_postcodes_raise_govuk_message(value: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_uk_postcode(value)
    assert excinfo.value.messages == [POSTCODE_MESSAGE]
    assert excinfo.value.code == "invalid_postcode"


@pytest.mark.parametrize("value", [None, 123, b"SW1A 1AA"])
def test_non_string_postcode_is_invalid(value: object) -> None:
    with pytest.raises(ValidationError):
        validate_uk_postcode(value)


def test_postcode_message_wording() -> None:
    assert POSTCODE_MESSAGE == "Enter a full UK postcode, like AA1 1AA"


def test_normalise_leaves_short_junk_alone() -> None:
    assert normalise_uk_postcode(" ab ") == "AB"


_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@given(
    area=st.sampled_from(["M", "B", "CR", "DN", "SW", "CF", "LS"]),
    district=st.integers(min_value=1, max_value=99),
    sector=st.integers(min_value=0, max_value=9),
    unit=st.text(alphabet=_INWARD_LETTERS, min_size=2, max_size=2),
    spaces=st.sampled_from(["", " ", "  ", "\t"]),
    lower=st.booleans(),
)
def test_generated_postcodes_validate_and_normalise(
    area: str, district: int, sector: int, unit: str, spaces: str, lower: bool
) -> None:
    canonical = f"{area}{district} {sector}{unit}"
    typed = f"{area}{district}{spaces}{sector}{unit}"
    if lower:
        typed = typed.lower()
    assert validate_uk_postcode(typed) == canonical
    # Normalising is idempotent.
    assert normalise_uk_postcode(normalise_uk_postcode(typed)) == canonical


# --- NHS numbers -----------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "9434765919",
        "943 476 5919",
        "943-476-5919",
        " 943 476 5919 ",
        "9434765870",
        "4010232137",
        "9990000018",
        "0000000000",  # passes Modulus 11 (sum 0, check 11 becomes 0)
    ],
)
def test_valid_nhs_numbers(value: str) -> None:
    digits = validate_nhs_number(value)
    assert digits == normalise_nhs_number(value)
    assert len(digits) == 10


def test_known_invalid_check_digit() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_nhs_number("9434765918")
    assert excinfo.value.messages == [NHS_NUMBER_INVALID_MESSAGE]
    assert excinfo.value.code == "nhs_number_invalid"


def test_check_digit_of_ten_is_always_invalid() -> None:
    # 000000006x: sum = 6 * 2 = 12, 12 mod 11 = 1, 11 - 1 = 10, so no check digit works.
    assert nhs_number_check_digit("000000006") is None
    for last in "0123456789":
        with pytest.raises(ValidationError) as excinfo:
            validate_nhs_number("000000006" + last)
        assert excinfo.value.messages == [NHS_NUMBER_INVALID_MESSAGE]


def test_check_digit_of_eleven_becomes_zero() -> None:
    assert nhs_number_check_digit("000000000") == 0
    # 123456788: 10+18+24+28+30+30+28+24+16 = 208, 208 mod 11 = 10, 11 - 10 = 1.
    assert nhs_number_check_digit("123456788") == 1


def test_check_digit_matches_known_number() -> None:
    assert nhs_number_check_digit("943476591") == 9


def test_check_digit_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        nhs_number_check_digit("12345678")
    with pytest.raises(ValueError):
        nhs_number_check_digit("12345678a")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "943476591A",
        "943.476.5919",
        "943/476/5919",
        "٩٤٣٤٧٦٥٩١٩",  # Arabic-Indic digits are not accepted
        None,
    ],
)
def test_nhs_number_format_errors(value: object) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_nhs_number(value)
    assert excinfo.value.messages == [NHS_NUMBER_FORMAT_MESSAGE]
    assert excinfo.value.code == "nhs_number_format"


def test_nhs_number_as_int_is_accepted() -> None:
    assert validate_nhs_number(9434765919) == "9434765919"


def test_nhs_messages_match_nhs_design_system() -> None:
    assert NHS_NUMBER_FORMAT_MESSAGE == "Enter an NHS number with 10 digits, like 485 777 3456"
    assert NHS_NUMBER_INVALID_MESSAGE == (
        "Enter a valid NHS number \u2013 check the number you entered is correct"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9434765919", "943 476 5919"),
        ("943-476-5919", "943 476 5919"),
        ("  943 476 5919", "943 476 5919"),
        ("12345", "12345"),
        (None, ""),
    ],
)
def test_format_nhs_number(value: object, expected: str) -> None:
    assert format_nhs_number(value) == expected


def test_normalise_nhs_number_keeps_other_characters() -> None:
    assert normalise_nhs_number("943 476-591A") == "943476591A"
    assert normalise_nhs_number("943\u2013476\u20135919") == "9434765919"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_every_nine_digits_give_at_most_one_valid_number(first_nine: str) -> None:
    valid = []
    for last in "0123456789":
        try:
            validate_nhs_number(first_nine + last)
        except ValidationError:
            continue
        valid.append(last)
    check = nhs_number_check_digit(first_nine)
    assert valid == ([] if check is None else [str(check)])


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_single_digit_typos_are_caught(first_nine: str) -> None:
    check = nhs_number_check_digit(first_nine)
    if check is None:
        return
    number = first_nine + str(check)
    for position in range(10):
        for digit in "0123456789":
            if digit == number[position]:
                continue
            typo = number[:position] + digit + number[position + 1 :]
            with pytest.raises(ValidationError):
                validate_nhs_number(typo)


# --- Phone numbers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits"),
    [
        ("01632 960 001", "01632960001"),
        ("07700 900 982", "07700900982"),
        ("+44 808 157 0192", "+448081570192"),
        ("(01632) 960001", "01632960001"),
        ("020-7946-0000", "02079460000"),
        ("+44 (0)20 7946 0000", "+4402079460000"),
        ("0800 123 456", "0800123456"),  # ten digits
        ("  07700900982  ", "07700900982"),
    ],
)
def test_valid_phone_numbers(value: str, digits: str) -> None:
    assert validate_uk_phone(value) == digits


@pytest.mark.parametrize(
    "value",
    [
        "",
        "999",
        "012345678",  # nine digits
        "+44 (0)20 7946 00000",  # fourteen digits
        "07700 900 98x",
        "07700.900.982",
        "0044+7700900982",  # + only at the start
        "phone me",
        None,
        7700900982,
    ],
)
def test_invalid_phone_numbers(value: object) -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_uk_phone(value)
    assert excinfo.value.messages == [PHONE_MESSAGE]
