"""The form for issuing an API token. Field markup comes from the design system renderer."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.design_system.fields import GovukDateField

from .models import READ, WRITE, Area, scope


def scope_choices():
    choices = []
    for area, label in Area.choices:
        choices.append((scope(area, READ), _("%(area)s: read") % {"area": label}))
        choices.append((scope(area, WRITE), _("%(area)s: read and change") % {"area": label}))
    return choices


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        help_text=_("Say which system will use it, for example 'Council referral portal'"),
        max_length=100,
    )
    scopes = forms.MultipleChoiceField(
        label=_("What may the token do?"),
        help_text=_("It can never do more than you can. Choose only what the system needs."),
        choices=scope_choices,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-fieldset__legend--s"}),
        error_messages={"required": _("Choose at least one thing the token may do")},
    )
    expires_on = GovukDateField(
        label=_("Expiry date"),
        help_text=_("At most a year from today. For example, 31 3 2027"),
    )

    def clean_expires_on(self):
        from .services import MAX_LIFETIME_DAYS

        value = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError(_("Expiry date must be in the future"))
        if value > today + dt.timedelta(days=MAX_LIFETIME_DAYS):
            raise forms.ValidationError(_("Expiry date must be within a year"))
        return value

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("expires_on", timezone.localdate() + dt.timedelta(days=90))
