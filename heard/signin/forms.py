from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app (or, when signing in, a recovery code)."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        error_messages={"required": _("Enter the code"), "max_length": _("Enter the code")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "autocapitalize": "none",
                "class": "govuk-input--width-10",
            }
        ),
    )

    def __init__(self, *args, recovery_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        if recovery_allowed:
            self.fields["code"].help_text = _(
                "The 6-digit code from your authenticator app, or one of your recovery codes."
            )
        else:
            self.fields["code"].help_text = _("The 6-digit code your authenticator app shows.")
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def wrong(self, message):
        self.add_error("code", message)
