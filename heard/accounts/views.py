"""Account pages that need more than Django's own views."""

from django.contrib.auth import views as auth_views

from heard.accounts.services import password_record_change


class AuditedPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a password (after a reset or from an invitation) is audited."""

    def form_valid(self, form):
        response = super().form_valid(form)
        password_record_change(user=form.user, request=self.request)
        return response


class LimitedPasswordResetView(auth_views.PasswordResetView):
    """Password reset, rate-limited per email and per device (see ``heard.signin.services``)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
