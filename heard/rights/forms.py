"""Forms for people's data protection rights. Field markup comes from the design system."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.design_system.fields import GovukDateField

from .models import IdentityMethod, Requester

RADIOS = {"class": "govuk-fieldset__legend--s"}


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.email


class SettingsForm(forms.Form):
    data_protection_lead = StaffChoiceField(
        label=_("Data protection lead"),
        queryset=None,
        required=False,
        empty_label=_("Nobody yet"),
        help_text=_(
            "A manager or admin. Only they can read private notes that name a person making a "
            "subject access request, and decide which are released."
        ),
    )

    closed_case_years = forms.IntegerField(
        label=_("Years to keep a person's record after their last case closed"),
        help_text=_("Then it is erased, once a manager approves. Usually 6 years."),
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": _("Enter the number of years")},
    )
    declined_referral_months = forms.IntegerField(
        label=_("Months to keep a declined or signposted referral"),
        help_text=_("Referrals that never became a person's record. Usually 12 months."),
        min_value=1,
        max_value=1200,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": _("Enter the number of months")},
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["data_protection_lead"].queryset = staff


class SubjectAccessRequestForm(forms.Form):
    person_reference = forms.CharField(
        label=_("Reference of the person's record"),
        help_text=_("For example, P000042. It is on their record's page."),
        max_length=20,
        error_messages={"required": _("Enter the reference of the person's record")},
    )
    requester = forms.ChoiceField(
        label=_("Who made the request?"),
        choices=Requester.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Choose who made the request")},
    )
    representative_name = forms.CharField(
        label=_("Name of the person acting for them (if not the person themselves)"),
        required=False,
        max_length=200,
    )
    received_on = GovukDateField(label=_("Date received"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class IdentityForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did you confirm their identity?"),
        choices=IdentityMethod.choices,
        widget=forms.RadioSelect(attrs=RADIOS),
        error_messages={"required": _("Choose how you confirmed their identity")},
    )
    confirmed_on = GovukDateField(label=_("Date confirmed"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("confirmed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is more time needed?"),
        help_text=_(
            "The law allows two more months when a request is complex or one of several from "
            "the person. Tell them within the first month, with this reason."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Enter why more time is needed")},
    )


class CompleteForm(forms.Form):
    completed_on = GovukDateField(label=_("Date the export was sent to the person"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("completed_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class ReviewForm(forms.Form):
    release = forms.MultipleChoiceField(
        label=_("Notes to release to the person"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=RADIOS),
    )
    withheld_reason = forms.CharField(
        label=_("Why are the others withheld? (if any are)"),
        help_text=_(
            "For example, the note is about someone else, or releasing it would cause serious "
            "harm. The person is told that information was withheld."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, notes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["release"].choices = [
            (str(note.pk), _("Note %(n)s") % {"n": note.pk}) for note in notes
        ]


class ErasureForm(forms.Form):
    person_reference = forms.CharField(
        label=_("Reference of the person's record"),
        help_text=_("For example, P000042. It is on their record's page."),
        max_length=20,
        error_messages={"required": _("Enter the reference of the person's record")},
    )
    reason = forms.CharField(
        label=_("Why should the record be erased?"),
        help_text=_(
            "For example, the person asked and there is no longer a reason to keep it. "
            "This stays with the erasure request; it is not copied to the audit trail."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Enter why the record should be erased")},
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the erasure refused?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Enter why the erasure is refused")},
    )
