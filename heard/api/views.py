"""The API tokens pages (Admin): issue a token once shown, list them, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import services
from .forms import TokenForm
from .models import ApiToken


def _tokens(request):
    tokens = scoped(request, ApiToken).select_related("user")
    if not request.user.has_perm(Perm.API_MANAGE_ALL_TOKENS, request.organisation):
        tokens = tokens.filter(user=request.user)
    return tokens


@organisation_permission_required(Perm.API_ISSUE_TOKEN)
def token_list(request):
    tokens = list(_tokens(request))
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": tokens,
            "sees_all": request.user.has_perm(Perm.API_MANAGE_ALL_TOKENS, request.organisation),
        },
    )


@organisation_permission_required(Perm.API_ISSUE_TOKEN)
def token_create(request):
    # The door already asks for the second factor; a token is only ever issued behind it.
    if not request.user.is_verified():
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_issue(
                organisation=request.organisation,
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
                two_factor_verified=request.user.is_verified(),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown in this response only: the secret is not kept anywhere to show again.
            return render(request, "api/token_issued.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form})


@require_POST
@organisation_permission_required(Perm.API_ISSUE_TOKEN)
def token_revoke(request, token_id: int):
    token = get_scoped_or_404(request, _tokens(request), pk=token_id)
    if services.token_revoke(token=token, acting_user=request.user, request=request):
        messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("api_tokens:list")
