"""Refuses every password check for a locked username and address, right or wrong."""

from django.core.exceptions import PermissionDenied

from heard.core.net import client_ip

from .services import is_locked


class LockoutBackend:
    """First in ``AUTHENTICATION_BACKENDS``: a lock stops the chain before any password is tried."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username is not None and is_locked(username, client_ip(request)):
            raise PermissionDenied
        return None

    def get_user(self, user_id):
        return None
