from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _


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


class GovukPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email address")
        self.fields["email"].error_messages["required"] = _("Enter your email address")
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an email address in the correct format, like name@example.com"
        )


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
