"""Display shaping for development pages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def staff_name(membership) -> str:
    return membership.user.full_name or membership.user.email


def weight_text(value: Decimal) -> str:
    """``12.50`` → ``"12.5"``, ``3.00`` → ``"3"``."""
    return format(Decimal(value).normalize(), "f")


@dataclass
class CaseloadRow:
    month: str
    caseload: str


def caseload_table(history) -> list[CaseloadRow]:
    return [CaseloadRow(date_format(day, "F Y"), weight_text(load)) for day, load in history]


STATE_TAGS = {
    "achieved": ("govuk-tag--green", _("Achieved")),
    "expiring": ("govuk-tag--yellow", _("Expiring soon")),
    "expired": ("govuk-tag--red", _("Expired")),
    "in_progress": ("govuk-tag--blue", _("In progress")),
    "gap": ("govuk-tag--grey", _("Not held")),
}
