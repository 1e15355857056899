"""Forms for speaking up. Field markup comes from the design system renderer."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.design_system.fields import GovukDateField
from heard.design_system.forms import date_hint, not_in_future

from .models import About, Outcome, SpeakingUpConcern

NAMED, ANONYMOUS = "named", "anonymous"


class RaiseForm(forms.Form):
    identity = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            (NAMED, _("Yes, give my name: the leads can talk to me, and I can see what happens")),
            (ANONYMOUS, _("No, stay anonymous: Heard will not record who I am")),
        ],
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select whether you want to give your name")},
    )
    about = forms.ChoiceField(
        label=_("What is the concern about?"),
        choices=About.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select what the concern is about")},
    )
    about_organisation = forms.CharField(
        label=_("If another organisation, which one?"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Organisation must be 200 characters or fewer")},
    )
    concern = forms.CharField(
        label=_("What is your concern?"),
        help_text=_(
            "What you saw or heard, and why it worries you. If you want to stay "
            "anonymous, leave out anything only you would know"
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Enter your concern")},
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("about") == About.OUTSIDE
            and not cleaned.get("about_organisation", "").strip()
        ):
            self.add_error("about_organisation", _("Enter the organisation the concern is about"))
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "anonymous": data["identity"] == ANONYMOUS,
            "about": data["about"],
            "about_organisation": data["about_organisation"],
            "concern": data["concern"],
        }


class ActionForm(forms.Form):
    taken_on = GovukDateField(label=_("When was it done?"), error_label=_("Date"))
    description = forms.CharField(
        label=_("What was done?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what was done")},
    )

    def __init__(self, *args, concern: SpeakingUpConcern, **kwargs):
        kwargs.setdefault("initial", {"taken_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.fields["taken_on"].help_text = date_hint()

    def clean(self):
        cleaned = super().clean()
        taken_on = cleaned.get("taken_on")
        if taken_on and taken_on < self.concern.raised_on:
            self.add_error("taken_on", _("Date must be on or after the day the concern was raised"))
        else:
            not_in_future(self, "taken_on", "Date")
        return cleaned


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What was the outcome?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select the outcome")},
    )
    outcome_note = forms.CharField(
        label=_("What was done?"),
        help_text=_("A named raiser sees this, so write it for them"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what was done")},
    )
    outcome_on = GovukDateField(label=_("When was the outcome decided?"), error_label=_("Date"))

    def __init__(self, *args, concern: SpeakingUpConcern, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("outcome_on", concern.outcome_on or timezone.localdate())
        if concern.outcome:
            initial.setdefault("outcome", concern.outcome)
            initial.setdefault("outcome_note", concern.outcome_note)
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.fields["outcome_on"].help_text = date_hint()

    def clean(self):
        cleaned = super().clean()
        outcome_on = cleaned.get("outcome_on")
        if outcome_on and outcome_on < self.concern.raised_on:
            self.add_error(
                "outcome_on", _("Date must be on or after the day the concern was raised")
            )
        else:
            not_in_future(self, "outcome_on", "Date")
        return cleaned
