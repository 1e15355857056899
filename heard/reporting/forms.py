"""The report period: a quarter (the default), any date range, or the contract year."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import periods

MAX_DAYS = 3 * 366


class PeriodForm(forms.Form):
    quarter = forms.ChoiceField(label=_("Quarter"), required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_("For example, 2026-04-01"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        help_text=_("For example, 2026-06-30"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    contract_year = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, service=None, today: dt.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.service = service
        self.today = today or timezone.localdate()
        self.quarters = {
            period.start.isoformat(): period for period in periods.recent_quarters(self.today)
        }
        self.fields["quarter"].choices = [("", _("Choose a quarter"))] + [
            (key, period.label) for key, period in self.quarters.items()
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (
            (start is None) != (end is None)
            and not self.has_error("start")
            and not self.has_error("end")
        ):
            missing = "end" if end is None else "start"
            self.add_error(missing, _("Enter both dates, or choose a quarter"))
        if start and end:
            if end < start:
                self.add_error("end", _("The end date must be the same as or after the start date"))
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", _("A report covers at most three years"))
        return data

    def period(self) -> periods.Period:
        """The chosen period; the last complete quarter when none (or an invalid one) is given."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return periods.date_range(data["start"], data["end"])
        if data.get("contract_year"):
            return periods.contract_year(self.today, self.service)
        if data.get("quarter") in self.quarters:
            return self.quarters[data["quarter"]]
        return periods.previous_quarter(self.today)
