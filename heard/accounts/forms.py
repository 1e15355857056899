from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from heard.core.net import client_ip
from heard.signin.services import is_locked, password_reset_allowed

LOCKED_MESSAGE = _(
    "You cannot sign in for 30 minutes because of too many failed attempts from this "
    "device. If you have forgotten your password, reset it below, or ask your "
    "organisation's Heard admin for help."
)


class EmailAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter the email address and password of an active account"),
        "inactive": _("This account has been deactivated"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "autofocus": True}
        )
        self.fields["password"].label = _("Password")
        self.fields["username"].error_messages["required"] = _("Enter your email address")
        self.fields["password"].error_messages["required"] = _("Enter your password")

    def clean(self):
        """The same lockout message whether or not the email belongs to an account."""
        try:
            return super().clean()
        except ValidationError:
            username = self.cleaned_data.get("username")
            if username and is_locked(username, client_ip(self.request)):
                raise ValidationError(LOCKED_MESSAGE, code="locked") from None
            raise


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].error_messages["required"] = _("Enter your email address")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.com"
        )

    def clean_email(self):
        """Limited per email and per device, counted the same whether an account exists or not."""
        email = self.cleaned_data["email"]
        if self.request is not None and not password_reset_allowed(
            email=email, request=self.request
        ):
            raise ValidationError(
                _(
                    "You have asked for too many password reset emails. Wait an hour and try "
                    "again, or ask your organisation's Heard admin for help."
                ),
                code="rate_limited",
            )
        return email


class GovukSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. Avoid common passwords and ones like your name or email."
        )
        self.fields["new_password2"].label = _("Confirm new password")
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].error_messages["required"] = _("Confirm your new password")

    def validate_password_for_user(self, user, password_field_name=None):
        # The rules are about the new password, so the message belongs beside it.
        super().validate_password_for_user(user, "new_password1")
