"""Rate limits per API token (``HEARD_API_TOKEN_RATE``), counted in the shared cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """Each token has its own allowance; requests signed in by session are not counted here."""

    scope = "api_token"

    def get_rate(self):
        return settings.HEARD_API_TOKEN_RATE

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
