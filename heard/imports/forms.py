"""Import forms. Field markup comes from the design system renderer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import kinds
from .models import Kind

RADIOS = {"class": "govuk-fieldset__legend--s"}


class StartForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file hold?"),
        choices=Kind.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Choose what the file holds")},
    )
    source = forms.CharField(
        label=_("Where is it from? (optional)"),
        help_text=_(
            "For example “Charitylog export”. Heard saves how you match its columns, "
            "so the next file from the same place is quicker."
        ),
        required=False,
        max_length=100,
    )
    file = forms.FileField(
        label=_("Upload a CSV or Excel (.xlsx) file"),
        error_messages={"required": _("Choose a file to upload")},
    )


class ColumnsForm(forms.Form):
    """One choice of column per Heard field."""

    def __init__(self, *args, job, initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", _("Not in the file"))] + [(h, h) for h in job.headers]
        for spec in kinds.fields_for(job.kind):
            label = (
                spec.label if not spec.required else _("%(label)s (needed)") % {"label": spec.label}
            )
            self.fields[spec.name] = forms.ChoiceField(
                label=label,
                choices=columns,
                required=spec.required,
                initial=initial_mapping.get(spec.name, ""),
                error_messages={
                    "required": _("Choose the column that holds the %(label)s")
                    % {"label": spec.label}
                },
            )

    def mapping(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class ValuesForm(forms.Form):
    """For a coded column: what each of the file's values means in Heard."""

    def __init__(self, *args, spec, values: list[str], initial_mapping: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose"))] + [(code, label) for code, label in spec.choices]
        self.values = values
        for number, value in enumerate(values):
            guess = initial_mapping.get(value) or kinds.choice_value(spec, value, {}) or ""
            self.fields[f"value_{number}"] = forms.ChoiceField(
                label=_("“%(value)s” in the file means") % {"value": value},
                choices=choices,
                initial=guess,
                error_messages={"required": _("Choose what “%(value)s” means") % {"value": value}},
            )

    def mapping(self) -> dict:
        return {
            value: self.cleaned_data[f"value_{number}"] for number, value in enumerate(self.values)
        }
