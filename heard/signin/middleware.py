"""Request checks at the door: session timeouts, the second factor, and refused access."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import DEVICE_ID_SESSION_KEY

from heard.audit.services import audit_record
from heard.core import tenant_db

from . import drafts, services

# Reachable signed in with a password but no second factor yet: the way on, the way out,
# and the public pages. Everything else waits for the second factor.
PASSWORD_ONLY_URL_NAMES = {
    "healthz",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "signin:enrol",
    "signin:verify",
    "api:eligibility",
    "api:schema",
    "api:docs",
}
PUBLIC_NAMESPACES = {"refer"}
# Asking how long is left must not itself count as activity.
NOT_ACTIVITY_URL_NAMES = {"signin:session_status"}
LAST_SEEN_RESOLUTION_SECONDS = 60


def _url_name(request) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def _after_sign_in(request) -> str:
    """Where to go after signing in again: the same page, or for a post the page it came from."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    candidate = request.POST.get("next", "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


class TwoFactorSessionMiddleware:
    """Gives ``request.user`` django-otp's ``is_verified()``, read from the session alone.

    django-otp's own middleware loads the device on every request. Here the session
    carries the device only after a code was checked (``django_otp.login``), and a
    device is never removed without ending all its owner's sessions (reset and new
    set-up raise the session generation), so the session's word is enough.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.user = SimpleLazyObject(lambda: self._with_verification(request, user))
        return self.get_response(request)

    @staticmethod
    def _with_verification(request, user):
        user.otp_device = None

        def is_verified():
            return bool(user.is_authenticated and request.session.get(DEVICE_ID_SESSION_KEY))

        user.is_verified = is_verified
        return user


class SessionTimeoutMiddleware:
    """Signs out after ``HEARD_SESSION_IDLE_SECONDS`` idle or ``HEARD_SESSION_MAX_SECONDS`` in all.

    A form posted after the idle limit is kept as a draft, so signing in again loses nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            signed_in_at = session.get(services.SIGNED_IN_AT_KEY)
            last_seen = session.get(services.LAST_SEEN_KEY, signed_in_at)
            if signed_in_at is None or last_seen is None:
                session[services.SIGNED_IN_AT_KEY] = session[services.LAST_SEEN_KEY] = now
            elif (
                now - last_seen > settings.HEARD_SESSION_IDLE_SECONDS
                or now - signed_in_at > settings.HEARD_SESSION_MAX_SECONDS
            ):
                return self._expire(
                    request, idle=now - last_seen > settings.HEARD_SESSION_IDLE_SECONDS
                )
            elif (
                now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS
                and _url_name(request) not in NOT_ACTIVITY_URL_NAMES
            ):
                # Written at most once a minute, so most requests do not write the session;
                # the warning asks the server for the exact time left before it shows.
                session[services.LAST_SEEN_KEY] = now
        return self.get_response(request)

    def _expire(self, request, *, idle: bool):
        user = request.user
        audit_record(
            "auth.session_expired",
            actor=user,
            details={"reason": "idle" if idle else "absolute"},
            request=request,
        )
        draft = drafts.capture(request)
        logout(request)
        if draft is not None:
            drafts.keep(request, user=user, draft=draft)
        if _is_api(request):
            return JsonResponse({"detail": _("Your session has ended. Sign in again.")}, status=401)
        if idle:
            minutes = max(1, settings.HEARD_SESSION_IDLE_SECONDS // 60)
            message = ngettext(
                "You were signed out because you had not used Heard for %(count)d minute.",
                "You were signed out because you had not used Heard for %(count)d minutes.",
                minutes,
            ) % {"count": minutes}
        else:
            hours = max(1, settings.HEARD_SESSION_MAX_SECONDS // 3600)
            message = ngettext(
                "You were signed out because you had been signed in for %(count)d hour.",
                "You were signed out because you had been signed in for %(count)d hours.",
                hours,
            ) % {"count": hours}
        messages.info(request, message)
        next_url = reverse("signin:draft") if draft is not None else _after_sign_in(request)
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url}, safe='/')}")


class TwoFactorRequiredMiddleware:
    """Nothing past the door until the second factor is checked: pages, API and all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            name = _url_name(request)
            exempt = (
                name is None
                or name in PASSWORD_ONLY_URL_NAMES
                or name.split(":", 1)[0] in PUBLIC_NAMESPACES
            )
            if not exempt:
                if _is_api(request):
                    return JsonResponse(
                        {"detail": _("Sign in with your second factor first.")}, status=403
                    )
                target = "signin:verify" if services.has_second_factor(user) else "signin:enrol"
                query = urlencode({"next": request.get_full_path()}, safe="/")
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


class AccessRefusalAuditMiddleware:
    """Every 403 and 404 a signed-in person meets is audited: probing shows up in the trail.

    The route is kept, not the address itself, so no object's key is written beside a
    person's name; speaking-up pages are left out entirely, so trying to reopen an
    anonymous concern cannot tie its author to it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404) and request.user.is_authenticated:
            match = getattr(request, "resolver_match", None)
            if match is not None and "speaking_up" in match.namespaces:
                return response
            organisation = getattr(request, "organisation", None)
            # After the request's own transaction: bind the organisation again for the write.
            with tenant_db.organisation_context(organisation, user=request.user):
                audit_record(
                    "access.refused",
                    organisation=organisation,
                    actor=request.user,
                    details={
                        "status": response.status_code,
                        "method": request.method,
                        "route": match.route if match is not None else "",
                        "view": match.view_name if match is not None else "",
                    },
                    request=request,
                )
        return response
