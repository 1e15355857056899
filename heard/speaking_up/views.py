"""Speaking-up pages: raising a concern, the leads' list and each concern's follow-up.

After an anonymous concern is raised the raiser is sent to a fixed confirmation
page: no concern id in the address, nothing in the session, no message, so the
raiser's browser holds no link to it either.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from heard.core.exports import csv_response
from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import exports, selectors, services
from .forms import ActionForm, OutcomeForm, RaiseForm
from .models import SpeakingUpConcern
from .presenters import ConcernPage, ConcernRow

PER_PAGE = 50


def _is_lead(request) -> bool:
    return request.user.has_perm(Perm.SPEAKING_UP_VIEW_CONCERNS, request.organisation)


def _lead_names(request) -> list[str]:
    leads = request.organisation.speaking_up_leads.filter(is_active=True).select_related("user")
    return sorted(lead.user.full_name for lead in leads)


@organisation_permission_required(Perm.SPEAKING_UP_RAISE_CONCERN)
def start(request):
    own = selectors.own_concerns(scoped(request, SpeakingUpConcern), request.user)
    return render(
        request,
        "speaking_up/start.html",
        {
            "leads": _lead_names(request),
            "is_lead": _is_lead(request),
            "own_rows": [ConcernRow(c) for c in own],
        },
    )


@organisation_permission_required(Perm.SPEAKING_UP_RAISE_CONCERN)
def concern_raise(request):
    form = RaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            if data["anonymous"]:
                # Neither the user nor the request goes in: there is nothing to leak.
                services.speaking_up_raise(
                    organisation=request.organisation, acting_user=None, **data
                )
                return redirect("speaking_up:raised")
            concern = services.speaking_up_raise(
                organisation=request.organisation,
                acting_user=request.user,
                request=request,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, gettext("Your concern has been sent to the speaking-up leads")
            )
            return redirect("speaking_up:detail", speaking_up_id=concern.pk)
    return render(request, "speaking_up/raise.html", {"form": form, "leads": _lead_names(request)})


@organisation_permission_required(Perm.SPEAKING_UP_RAISE_CONCERN)
def concern_raised(request):
    return render(request, "speaking_up/raised.html")


@organisation_permission_required(Perm.SPEAKING_UP_VIEW_CONCERNS)
def concern_list(request):
    concerns = selectors.concerns_for_leads(scoped(request, SpeakingUpConcern))
    page = Paginator(concerns, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "speaking_up/list.html",
        {"page": page, "rows": [ConcernRow(c) for c in page.object_list]},
    )


@organisation_permission_required(Perm.SPEAKING_UP_EXPORT_CONCERNS)
def concern_export(request):
    concerns = selectors.concerns_for_export(scoped(request, SpeakingUpConcern))
    services.concerns_record_export(
        organisation=request.organisation, acting_user=request.user, request=request
    )
    return csv_response(
        "speaking-up-concerns", exports.HEADER, exports.rows(concerns.iterator(chunk_size=2000))
    )


def _concern_for(request, speaking_up_id) -> tuple[SpeakingUpConcern, bool]:
    """The concern and whether the user is a lead. Others see only their own named concern;
    for anyone else it does not exist (404), since even that a concern exists is sensitive."""
    concern = get_scoped_or_404(
        request, selectors.concern_for_page(scoped(request, SpeakingUpConcern)), pk=speaking_up_id
    )
    is_lead = _is_lead(request)
    if not is_lead and (concern.is_anonymous or concern.raised_by_id != request.user.pk):
        raise Http404("Not found")
    return concern, is_lead


@organisation_permission_required(Perm.SPEAKING_UP_RAISE_CONCERN)
def concern_detail(request, speaking_up_id):
    concern, is_lead = _concern_for(request, speaking_up_id)
    services.concern_record_view(concern=concern, acting_user=request.user, request=request)
    page = ConcernPage(
        concern,
        actions=selectors.actions_for(concern) if is_lead else (),
        history=selectors.changes_for(request.organisation, concern) if is_lead else (),
    )
    return render(request, "speaking_up/detail.html", {"concern": page, "is_lead": is_lead})


@organisation_permission_required(Perm.SPEAKING_UP_HANDLE_CONCERN)
def action_create(request, speaking_up_id):
    concern, _ = _concern_for(request, speaking_up_id)
    form = ActionForm(request.POST or None, concern=concern)
    if request.method == "POST" and form.is_valid():
        try:
            services.speaking_up_record_action(
                concern=concern, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Action recorded"))
            return redirect("speaking_up:detail", speaking_up_id=concern.pk)
    return render(
        request, "speaking_up/action.html", {"form": form, "concern": ConcernPage(concern)}
    )


@organisation_permission_required(Perm.SPEAKING_UP_HANDLE_CONCERN)
def outcome_record(request, speaking_up_id):
    concern, _ = _concern_for(request, speaking_up_id)
    form = OutcomeForm(request.POST or None, concern=concern)
    if request.method == "POST" and form.is_valid():
        try:
            services.speaking_up_record_outcome(
                concern=concern, acting_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Outcome recorded"))
            return redirect("speaking_up:detail", speaking_up_id=concern.pk)
    return render(
        request, "speaking_up/outcome.html", {"form": form, "concern": ConcernPage(concern)}
    )
