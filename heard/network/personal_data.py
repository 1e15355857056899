"""Spotting identifiable personal data in what people write to the whole network.

Pure functions. ``check_text`` returns what it found:

- **blocks** (the post is refused): an NHS number that passes the Modulus 11 check; a
  name together with a date of birth; a full postcode together with a house number.
- **warnings** (the writer is asked to check before posting): a full postcode alone, a
  date that may be a birthday, a ten-digit number, a title and surname ("Mrs Patel").

Deliberately cautious: a false alarm costs the writer a moment, a missed NHS number costs a
person their privacy.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from heard.core.validators import nhs_number_check_digit

# Ten digits, optionally spaced or hyphenated 3-3-4, not inside a longer run of digits.
_NHS_RE = re.compile(r"(?<![\d])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\d])")
_POSTCODE_RE = re.compile(
    r"\b([A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKPSTUW]?)\s*([0-9][ABD-HJLNP-UW-Z]{2})\b", re.I
)
# A house number: digits (maybe with a letter or a flat "12a", "Flat 3") near a street word.
_HOUSE_RE = re.compile(
    r"\b(?:flat\s+\d+|\d{1,4}[a-z]?)\s*,?\s+[A-Za-z][A-Za-z' -]{1,40}?\b"
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|dr|way|court|ct|crescent|place|"
    r"grove|gardens|terrace|hill|park|row|walk|square|mews|view|green)\b",
    re.I,
)
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:19|20)?\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\s+(?:19|20)\d{{2}})\b",
    re.I,
)
_BIRTH_RE = re.compile(r"\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday)\b", re.I)
# Two capitalised words in a row, the first not a sentence starter we know.
_NAME_RE = re.compile(r"\b([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]{1,})\b")
_TITLE_RE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'’-]+")
_NOT_NAMES = {
    "The",
    "This",
    "That",
    "These",
    "Those",
    "When",
    "What",
    "Where",
    "Which",
    "Who",
    "Why",
    "How",
    "Has",
    "Have",
    "Had",
    "Our",
    "Their",
    "His",
    "Her",
    "Its",
    "Any",
    "Some",
    "Every",
    "Care",
    "Act",
    "Mental",
    "Health",
    "Capacity",
    "Court",
    "Protection",
    "Local",
    "Authority",
    "Social",
    "Services",
    "National",
    "Advocacy",
    "Independent",
    "Easy",
    "Read",
    "Wales",
    "England",
    "Welsh",
    "English",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Best",
    "Interests",
    "Deprivation",
    "Liberty",
    "Safeguards",
}


@dataclass
class Check:
    blocks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.blocks and not self.warnings


def nhs_numbers(text: str) -> list[str]:
    """Ten-digit numbers in ``text`` that pass the NHS Modulus 11 check."""
    found = []
    for match in _NHS_RE.finditer(text):
        digits = "".join(match.groups())
        if nhs_number_check_digit(digits[:9]) == int(digits[9]):
            found.append(digits)
    return found


def _names(text: str) -> list[str]:
    names = [m.group(0) for m in _TITLE_RE.finditer(text)]
    for match in _NAME_RE.finditer(text):
        if match.group(1) not in _NOT_NAMES and match.group(2) not in _NOT_NAMES:
            names.append(match.group(0))
    return names


def _birth_like(date_text: str) -> bool:
    """A date whose four-digit year is at least 16 years ago reads as a date of birth."""
    years = re.findall(r"(?:19|20)\d{2}", date_text)
    if not years:
        return False
    return int(years[-1]) <= dt.date.today().year - 16


def check_text(text: str) -> Check:
    result = Check()
    if not text:
        return result
    if nhs_numbers(text):
        result.blocks.append(
            str(_("Remove the NHS number. Never share a person's NHS number in the network."))
        )
    elif _NHS_RE.search(text):
        result.warnings.append(str(_("It has a ten-digit number. Check it is not an NHS number.")))
    dates = list(_DATE_RE.finditer(text))
    names = _names(text)
    if names and (
        (_BIRTH_RE.search(text) and dates) or any(_birth_like(m.group(0)) for m in dates)
    ):
        result.blocks.append(
            str(_("Remove the name or the date. A name with a date of birth identifies a person."))
        )
    elif dates:
        result.warnings.append(str(_("It has a date. Check it is not someone's date of birth.")))
    postcodes = list(_POSTCODE_RE.finditer(text))
    if postcodes and _HOUSE_RE.search(text):
        result.blocks.append(
            str(
                _(
                    "Remove the address. A full postcode with a house number identifies "
                    "where a person lives."
                )
            )
        )
    elif postcodes:
        result.warnings.append(str(_("It has a full postcode. Check it is not someone's home.")))
    if names and not dates and _TITLE_RE.search(text):
        result.warnings.append(str(_("It names someone. Check it is not a person you support.")))
    return result
