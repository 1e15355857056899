"""Second-factor pages, the session timeout's endpoints and an admin's second-factor reset."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from heard.core.permissions import Perm
from heard.organisations.models import Membership
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import drafts, services
from .forms import CodeForm

NEW_CODES_KEY = "heard_new_recovery_codes"


def _next_url(request, default="home"):
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


@login_required
def enrol(request):
    """First sign-in: add Heard to an authenticator app, confirm with a code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if services.has_second_factor(request.user):
        return redirect(f"{_url('signin:verify')}?next={_quote(_next_url(request))}")
    device = services.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_authenticator(
            request=request, device=device, token=form.cleaned_data["code"]
        )
        if codes is None:
            form.wrong(
                _("The code is not right. Check the time on your phone and try the newest code.")
            )
        else:
            request.session[NEW_CODES_KEY] = codes
            return redirect(f"{_url('signin:recovery_codes')}?next={_quote(_next_url(request))}")
    return render(
        request,
        "signin/enrol.html",
        {
            "form": form,
            "qr_code": services.qr_code_svg(device),
            "secret": services.grouped_secret(device),
            "next": _next_url(request),
        },
    )


@login_required
def verify(request):
    """Every sign-in: the code from the authenticator app, or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not services.has_second_factor(request.user):
        return redirect(f"{_url('signin:enrol')}?next={_quote(_next_url(request))}")
    form = CodeForm(request.POST or None, recovery_allowed=True)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(request=request, token=form.cleaned_data["code"])
        if device is None:
            form.wrong(_("The code is not right. Try the newest code from your authenticator app."))
        else:
            if device.persistent_id.startswith("otp_static"):
                left = services.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code. You have %(count)s left: "
                        "ask your organisation admin to reset your second factor if you have lost your phone."
                    )
                    % {"count": left},
                )
            return redirect(_next_url(request))
    return render(request, "signin/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def recovery_codes(request):
    """The recovery codes, shown once straight after set-up."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        return redirect(_next_url(request))
    response = render(
        request, "signin/recovery_codes.html", {"codes": codes, "next": _next_url(request)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def session_status(request):
    """Seconds until the idle timeout, for the warning script (reading it is not activity)."""
    last_seen = request.session.get(services.LAST_SEEN_KEY) or timezone.now().timestamp()
    signed_in_at = request.session.get(services.SIGNED_IN_AT_KEY) or last_seen
    now = timezone.now().timestamp()
    left = min(
        settings.HEARD_SESSION_IDLE_SECONDS - (now - last_seen),
        settings.HEARD_SESSION_MAX_SECONDS - (now - signed_in_at),
    )
    return JsonResponse({"seconds_left": max(0, int(left))})


@login_required
@require_POST
def keep_alive(request):
    """ "Stay signed in": any request counts as activity, so this only has to answer."""
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"seconds_left": settings.HEARD_SESSION_IDLE_SECONDS})
    return redirect(_next_url(request))


@login_required
def draft(request):
    """Work that was posted after a timeout, offered back to send now."""
    kept = drafts.take(request)
    if kept is None:
        messages.info(request, _("There was nothing waiting to be sent."))
        return redirect("home")
    return render(request, "signin/draft.html", {"draft": kept})


def _staff(request):
    return scoped(request, Membership).select_related("user", "organisation")


@organisation_permission_required(Perm.ORGANISATIONS_MANAGE_STAFF)
def reset_second_factor(request, membership_id: int):
    """An admin resets a member's second factor: they set up a new one at next sign-in."""
    membership = get_scoped_or_404(request, _staff(request), pk=membership_id)
    if request.method == "POST":
        services.reset_second_factor(
            membership=membership, acting_user=request.user, request=request
        )
        messages.success(
            request,
            _(
                "%(name)s's second factor has been reset. They will set up a new one when they next sign in."
            )
            % {"name": membership.user},
        )
        return redirect("organisations:staff")
    return render(request, "signin/reset_second_factor.html", {"membership": membership})


def _url(name):
    return reverse(name)


def _quote(value):
    return quote(value, safe="/")
