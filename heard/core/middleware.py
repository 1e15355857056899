"""Response headers Django does not set itself (docs/deployment.md, "Headers")."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; ``no-store`` wherever personal data may be.

    Pages a signed-in member sees and every API response can hold personal data, so no
    browser, proxy or shared computer may keep a copy. Static files are served before this
    runs and keep their long cache lifetimes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.HEARD_PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith("/api/"):
            response.headers.pop("Expires", None)
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response
