"""Forms for safeguarding concerns. Field markup comes from the design system renderer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from heard.core import nations
from heard.design_system.fields import GovukDateField
from heard.design_system.forms import date_hint, not_in_future

from .models import AbuseType, Outcome, RaisedTo, SafeguardingConcern


class ConcernForm(forms.Form):
    about_organisation = forms.CharField(
        label=_("Which organisation or service is the concern about?"),
        help_text=_("For example, the name of a care home, ward or home care agency"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Organisation must be 200 characters or fewer")},
    )
    summary = forms.CharField(
        label=_("What is the concern?"),
        help_text=_("What happened or what you saw, and who is at risk"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter what the concern is")},
    )
    abuse_types = forms.MultipleChoiceField(
        label=_("What type of abuse or neglect is it?"),
        help_text=_("Select all that apply"),
        choices=AbuseType.choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={
            "required": _("Select at least one type of abuse or neglect"),
            "invalid_choice": _("Select types of abuse or neglect from the list"),
        },
    )
    raised_to = forms.ChoiceField(
        label=_("Who was the concern raised with?"),
        choices=RaisedTo.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select who the concern was raised with")},
    )
    raised_to_other = forms.CharField(
        label=_("If someone else, who?"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Who it was raised with must be 200 characters or fewer")},
    )
    raised_on = GovukDateField(label=_("When was it raised?"), error_label=_("Date raised"))
    their_reference = forms.CharField(
        label=_("Their reference (optional)"),
        help_text=_("The reference they gave the concern, if you have it"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"max_length": _("Reference must be 100 characters or fewer")},
    )
    chase_on = GovukDateField(
        label=_("When should it be chased if there is no reply? (optional)"),
        error_label=_("Chase date"),
        required=False,
    )

    def __init__(self, *args, case=None, nation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["raised_to"].choices = nations.nation_choices(
            "safeguarding.raised_to", RaisedTo.choices, nation
        )
        self.fields["raised_on"].help_text = date_hint()
        if case is not None:
            self.fields["about_organisation"].label = _(
                "Which organisation or service is it about? (optional)"
            )

    def clean(self):
        cleaned = super().clean()
        not_in_future(self, "raised_on", _("Date raised"))
        if (
            self.case is None
            and "about_organisation" not in self.errors
            and not cleaned.get("about_organisation", "").strip()
        ):
            self.add_error(
                "about_organisation", _("Enter the organisation or service the concern is about")
            )
        if (
            cleaned.get("raised_to") == RaisedTo.OTHER
            and not cleaned.get("raised_to_other", "").strip()
        ):
            self.add_error("raised_to_other", _("Enter who the concern was raised with"))
        raised, chase = cleaned.get("raised_on"), cleaned.get("chase_on")
        if raised and chase and chase < raised:
            self.add_error("chase_on", _("Chase date must be on or after the date raised"))
        return cleaned


class AcknowledgeForm(forms.Form):
    acknowledged_on = GovukDateField(
        label=_("When did they acknowledge it?"), error_label=_("Date acknowledged")
    )
    their_reference = forms.CharField(
        label=_("Their reference (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"max_length": _("Reference must be 100 characters or fewer")},
    )

    def __init__(self, *args, concern: SafeguardingConcern, **kwargs):
        kwargs.setdefault("initial", {"their_reference": concern.their_reference})
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.fields["acknowledged_on"].help_text = date_hint()

    def clean(self):
        cleaned = super().clean()
        acknowledged = cleaned.get("acknowledged_on")
        if acknowledged and acknowledged < self.concern.raised_on:
            self.add_error(
                "acknowledged_on", _("Date acknowledged must be on or after the date raised")
            )
        else:
            not_in_future(self, "acknowledged_on", _("Date acknowledged"))
        return cleaned


class ChaseForm(forms.Form):
    chase_on = GovukDateField(label=_("When should it be chased?"), error_label=_("Chase date"))

    def __init__(self, *args, concern: SafeguardingConcern, **kwargs):
        kwargs.setdefault("initial", {"chase_on": concern.chase_on})
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.fields["chase_on"].help_text = date_hint()

    def clean(self):
        cleaned = super().clean()
        chase = cleaned.get("chase_on")
        if chase and chase < self.concern.raised_on:
            self.add_error("chase_on", _("Chase date must be on or after the date raised"))
        return cleaned


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What was the outcome?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Select the outcome")},
    )
    outcome_on = GovukDateField(
        label=_("When were you told?"), error_label=_("Date of the outcome")
    )
    outcome_note = forms.CharField(
        label=_("What did they decide or do? (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args, concern: SafeguardingConcern, **kwargs):
        if concern.outcome:
            kwargs.setdefault(
                "initial",
                {
                    "outcome": concern.outcome,
                    "outcome_on": concern.outcome_on,
                    "outcome_note": concern.outcome_note,
                },
            )
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.fields["outcome_on"].help_text = date_hint()
        self.fields["outcome"].choices = nations.nation_choices(
            "safeguarding.outcome", Outcome.choices, nations.nation_for(concern)
        )

    def clean(self):
        cleaned = super().clean()
        outcome_on = cleaned.get("outcome_on")
        if outcome_on and outcome_on < self.concern.raised_on:
            self.add_error(
                "outcome_on", _("Date of the outcome must be on or after the date raised")
            )
        else:
            not_in_future(self, "outcome_on", _("Date of the outcome"))
        return cleaned


class SignOffForm(forms.Form):
    note = forms.CharField(
        label=_("Anything to note? (optional)"),
        help_text=_("For example, what you checked, or what should happen next"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
