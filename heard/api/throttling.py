"""The API's rate limit: per authenticated principal, so sessions and tokens are limited alike.

A request signed with an API token counts against that token; one in a signed-in session
counts against the user; anything else against the client's real address. The counters
live in the shared cache, so every web process sees the same budget. The rate comes from
``HEARD_API_RATE`` (e.g. ``300/minute``).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from heard.core.net import client_ip


def principal_of(request) -> str:
    """Who is asking: the token, else the user, else the address."""
    auth = getattr(request, "auth", None)
    token_id = getattr(auth, "pk", None)
    if auth is not None and token_id is not None:
        return f"token:{type(auth).__name__.lower()}:{token_id}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_ip(request) or 'unknown'}"


class PrincipalRateThrottle(SimpleRateThrottle):
    scope = "principal"

    def get_rate(self):
        return getattr(settings, "HEARD_API_RATE", "300/minute")

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": principal_of(request)}
