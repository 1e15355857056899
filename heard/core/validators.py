"""Validators for UK identifiers that advocates type in by hand.

Each validator accepts the forgiving input people actually type (lower case,
missing or extra spaces, hyphens) and raises a Django ``ValidationError`` whose
message follows the GOV.UK / NHS design system wording, so forms can show it
as-is. Pair each validator with its ``normalise_*`` function in ``clean_*``
methods so that what is stored is always in one canonical form.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "NHS_NUMBER_FORMAT_MESSAGE",
    "NHS_NUMBER_INVALID_MESSAGE",
    "PHONE_MESSAGE",
    "POSTCODE_MESSAGE",
    "format_nhs_number",
    "nhs_number_check_digit",
    "normalise_nhs_number",
    "normalise_uk_postcode",
    "validate_nhs_number",
    "validate_uk_phone",
    "validate_uk_postcode",
]

# --- Postcodes -------------------------------------------------------------

POSTCODE_MESSAGE = _("Enter a full UK postcode, like AA1 1AA")

# The positional letter rules come from BS 7666 / the Government Data Standards
# Catalogue pattern; they are what Royal Mail allocates, so a value breaking
# them is a typo rather than an unusual real postcode.
_FIRST = "A-PR-UWYZ"  # never Q, V, X in the first position
_SECOND = "A-HK-Y"  # never I, J, Z in the second position
_THIRD = "A-HJKPSTUW"  # third position of A9A outward codes
_FOURTH = "ABEHMNPRVWXY"  # fourth position of AA9A outward codes
_INWARD = "[0-9][ABD-HJLNP-UW-Z]{2}"  # inward letters never C, I, K, M, O, V

_POSTCODE_RE = re.compile(
    rf"""
    ^(?:
        GIR0AA                                  # Girobank, the one historic exception
      | (?:
            [{_FIRST}][0-9]{{1,2}}              # A9, A99
          | [{_FIRST}][{_SECOND}][0-9]{{1,2}}   # AA9, AA99
          | [{_FIRST}][0-9][{_THIRD}]           # A9A
          | [{_FIRST}][{_SECOND}][0-9][{_FOURTH}]  # AA9A
        ){_INWARD}
    )$
    """,
    re.VERBOSE,
)
_WHITESPACE_RE = re.compile(r"\s+")


def normalise_uk_postcode(value: str) -> str:
    """Return ``value`` upper-cased with exactly one space before the inward code.

    Works on any string (it does not validate), so it is safe to call before
    ``validate_uk_postcode`` in a form's ``clean_*`` method.
    """
    compact = _WHITESPACE_RE.sub("", str(value)).upper()
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def validate_uk_postcode(value: object) -> str:
    """Raise ``ValidationError`` unless ``value`` is a full UK postcode.

    Lower case and missing or extra spaces are accepted. Returns the normalised
    postcode for convenience (Django ignores a validator's return value).
    """
    if not isinstance(value, str):
        raise ValidationError(POSTCODE_MESSAGE, code="invalid_postcode")
    compact = _WHITESPACE_RE.sub("", value).upper()
    if not _POSTCODE_RE.match(compact):
        raise ValidationError(POSTCODE_MESSAGE, code="invalid_postcode")
    return normalise_uk_postcode(compact)


# --- NHS numbers -----------------------------------------------------------

NHS_NUMBER_FORMAT_MESSAGE = _("Enter an NHS number with 10 digits, like 485 777 3456")
NHS_NUMBER_INVALID_MESSAGE = _("Enter a valid NHS number – check the number you entered is correct")

# Spaces and the hyphens people copy from letters (including en and em dashes
# pasted from word processors) are separators, not content.
_NHS_SEPARATORS_RE = re.compile(r"[\s\-\u2010-\u2015]+")
_TEN_DIGITS_RE = re.compile(r"^[0-9]{10}$")


def normalise_nhs_number(value: object) -> str:
    """Return ``value`` with spaces and hyphens removed.

    Other characters are kept so that ``validate_nhs_number`` can reject them
    rather than silently turning "943A476591" into something else.
    """
    return _NHS_SEPARATORS_RE.sub("", str(value))


def nhs_number_check_digit(first_nine: str) -> int | None:
    """Return the Modulus 11 check digit for nine digits, or None if none exists.

    Weights 10 down to 2; check = 11 - (sum mod 11); 11 becomes 0 and 10 means
    no NHS number can start with these nine digits.
    """
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError("first_nine must be exactly nine ASCII digits")
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: object) -> str:
    """Raise ``ValidationError`` unless ``value`` is a valid 10-digit NHS number.

    Accepts spaces and hyphens ("943 476 5919", "943-476-5919"). Returns the
    normalised ten digits for convenience.
    """
    if value is None:
        raise ValidationError(NHS_NUMBER_FORMAT_MESSAGE, code="nhs_number_format")
    digits = normalise_nhs_number(value)
    if not _TEN_DIGITS_RE.match(digits):
        raise ValidationError(NHS_NUMBER_FORMAT_MESSAGE, code="nhs_number_format")
    if nhs_number_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(NHS_NUMBER_INVALID_MESSAGE, code="nhs_number_invalid")
    return digits


def format_nhs_number(value: object) -> str:
    """Return an NHS number spaced 3-3-4 ("943 476 5919") for display.

    Values that are not ten digits are returned unchanged (as a string) so a
    template never hides what was actually stored.
    """
    digits = normalise_nhs_number(value)
    if not _TEN_DIGITS_RE.match(digits):
        return "" if value is None else str(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


# --- Phone numbers ---------------------------------------------------------

PHONE_MESSAGE = _("Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")

# Deliberately lenient: advocates record numbers for people, relatives and
# professionals in many formats, including international ones. A leading +
# is allowed once; brackets, hyphens and spaces anywhere.
_PHONE_CHARS_RE = re.compile(r"^\+?[0-9\s()\-]+$")


def validate_uk_phone(value: object) -> str:
    """Raise ``ValidationError`` unless ``value`` looks like a phone number.

    Allows digits, spaces, a leading +, brackets and hyphens, with 10 to 13
    digits in all. Returns the digits (with any leading +) for convenience.
    """
    if not isinstance(value, str):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    stripped = value.strip()
    if not _PHONE_CHARS_RE.match(stripped):
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    digits = re.sub(r"[^0-9]", "", stripped)
    if not 10 <= len(digits) <= 13:
        raise ValidationError(PHONE_MESSAGE, code="invalid_phone")
    return ("+" if stripped.startswith("+") else "") + digits
