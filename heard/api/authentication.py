"""``Authorization: Bearer heard_…``: a token acts as its user, in its organisation only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from heard.organisations.models import Membership

from .services import token_for_secret, token_touch


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send one token after 'Bearer'."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from error
        token = token_for_secret(secret)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, has expired or was revoked.")
            )
        membership = (
            Membership.objects.active()  # scoped: the token's own organisation
            .filter(user=token.user, organisation=token.organisation)
            .select_related("organisation")
            .first()
        )
        if membership is None:
            raise exceptions.AuthenticationFailed(
                _("The token's user is no longer a member of its organisation.")
            )
        user = token.user
        # The token reaches its own organisation only, whatever else the user belongs to.
        user._heard_memberships = {membership.organisation_id: membership}
        django_request = request._request
        django_request.organisation = membership.organisation
        django_request.membership = membership
        django_request.memberships = [membership]
        token_touch(token)
        return user, token

    def authenticate_header(self, request):
        return self.keyword
