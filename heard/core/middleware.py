"""Response headers Django does not set itself (docs/deployment.md, "Headers")."""

import contextlib
import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections
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


class ChosenLanguageMiddleware:
    """The language someone chose beats the one their browser asks for.

    Runs after authentication. In order: the choice made in this session (the header's
    switch), then the signed-in member's profile (``User.language``, so the choice follows
    them to their next sign-in), then Django's own (the switch's cookie, then
    ``Accept-Language``, which LocaleMiddleware has already applied). See docs/welsh.md.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        from heard.core.language import SESSION_KEY, is_page_language

        session = getattr(request, "session", None)
        chosen = session.get(SESSION_KEY) if session is not None else None
        if not chosen:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.language:
                chosen = user.language
                if session is not None:
                    session[SESSION_KEY] = chosen
        if is_page_language(chosen) and chosen != translation.get_language():
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class BenchmarkHeadersMiddleware:
    """``X-Heard-Queries`` (statements this request ran) and ``Server-Timing`` (time in Django).

    Only when ``HEARD_BENCHMARK_HEADERS`` is on (``make bench``): the load benchmark reads
    them to report each page's query count and server-side latency. Off, it removes itself.
    """

    def __init__(self, get_response):
        if not settings.HEARD_BENCHMARK_HEADERS:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with contextlib.ExitStack() as stack:
            for connection in connections.all():  # wrappers apply from the first statement
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["X-Heard-Queries"] = str(count)
        response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        return response
