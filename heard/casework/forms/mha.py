"""The Mental Health Act facts of an IMHA case: status, when it began, the next hearing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.casework.forms.records import parse_time
from heard.casework.models import Case, MhaHearingKind, MhaStatus
from heard.casework.services.mha import HOUR_BASED, began_at_from
from heard.design_system.fields import GovukDateField

DATE_HINT = _("For example, 27 3 2025")


class MhaForm(forms.Form):
    mha_status = forms.ChoiceField(
        label=_("Status under the Mental Health Act"),
        choices=[("", _("Not recorded")), *MhaStatus.choices],
        required=False,
    )
    began_on = GovukDateField(
        label=_("When did it begin?"),
        error_label=_("Date the status began"),
        help_text=_("The day of admission, of the order, or of the holding power. ") + DATE_HINT,
        required=False,
    )
    began_time = forms.CharField(
        label=_("Time it began (needed for sections 4, 5(2), 5(4), 135 and 136)"),
        help_text=_("Use the 24-hour clock, for example 14:30"),
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )
    mha_detention_extended = forms.BooleanField(
        label=_("The place of safety detention has been extended by 12 hours (section 136B)"),
        required=False,
    )
    mha_hearing_kind = forms.ChoiceField(
        label=_("Next hearing"),
        choices=[("", _("None arranged")), *MhaHearingKind.choices],
        required=False,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
    )
    mha_hearing_on = GovukDateField(
        label=_("Date of the hearing"),
        help_text=DATE_HINT,
        required=False,
    )

    @staticmethod
    def initial_for(case: Case) -> dict:
        began = timezone.localtime(case.mha_status_began_at) if case.mha_status_began_at else None
        return {
            "mha_status": case.mha_status,
            "began_on": began.date() if began else None,
            "began_time": f"{began:%H:%M}" if began and case.mha_status in HOUR_BASED else "",
            "mha_detention_extended": case.mha_detention_extended,
            "mha_hearing_kind": case.mha_hearing_kind,
            "mha_hearing_on": case.mha_hearing_on,
        }

    def clean_began_time(self):
        text = self.cleaned_data["began_time"].strip()
        if not text:
            return None
        try:
            return parse_time(text)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a real time, using the 24-hour clock, for example 14:30")
            ) from None

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("mha_status")
        needs_time = status in HOUR_BASED and cleaned.get("began_on")
        if needs_time and not cleaned.get("began_time") and "began_time" not in self.errors:
            self.add_error(
                "began_time", _("Enter the time it began: this section is counted in hours")
            )
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "mha_status": data["mha_status"],
            "mha_status_began_at": began_at_from(data.get("began_on"), data.get("began_time")),
            "mha_detention_extended": data["mha_detention_extended"],
            "mha_hearing_kind": data["mha_hearing_kind"],
            "mha_hearing_on": data.get("mha_hearing_on"),
        }


# Service errors use the model's field names; these are the form's.
SERVICE_FIELD_TO_FORM = {"mha_status_began_at": "began_on"}
