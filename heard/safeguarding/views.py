"""Safeguarding pages: the list with its flags, raising a concern, following it up, sign-off."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.casework.access import get_case_or_404
from heard.casework.models import Case
from heard.challenges.forms import ListFilterForm
from heard.core import nations
from heard.core.exports import csv_response
from heard.core.keyset import COUNT_CAP
from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import exports, selectors, services
from .flags import acknowledgement_days
from .forms import AcknowledgeForm, ChaseForm, ConcernForm, OutcomeForm, SignOffForm
from .models import SafeguardingConcern
from .presenters import ConcernPage, ConcernRow

PER_PAGE = 50
SHOW_CHOICES = [
    (selectors.SHOW_ALL, "All"),
    (selectors.SHOW_FLAGGED, _("Not acknowledged in time")),
    (selectors.SHOW_AWAITING, _("Awaiting acknowledgement")),
    (selectors.SHOW_OPEN, _("Awaiting an outcome")),
    (selectors.SHOW_CLOSED, _("Outcome recorded")),
]


def _concern_or_404(request, concern_id: int) -> SafeguardingConcern:
    """This organisation's concern; one raised from a restricted case needs access to that case."""
    concern = get_scoped_or_404(
        request, selectors.concern_for_page(scoped(request, SafeguardingConcern)), pk=concern_id
    )
    if concern.case_id is not None:
        get_case_or_404(request, concern.case_id)
    return concern


def _page(request, concern: SafeguardingConcern) -> ConcernPage:
    return ConcernPage(
        concern, today=timezone.localdate(), days=acknowledgement_days(request.organisation)
    )


@organisation_permission_required(Perm.SAFEGUARDING_VIEW_CONCERNS)
def concern_list(request):
    today = timezone.localdate()
    days = acknowledgement_days(request.organisation)
    filters = ListFilterForm(request.GET or None, show_choices=SHOW_CHOICES)
    show, case_id = filters.chosen()
    concerns = scoped(request, SafeguardingConcern)
    case = None
    if case_id is not None:
        case = scoped(request, Case).filter(pk=case_id).only("pk", "reference").first()
        concerns = concerns.filter(case_id=case.pk) if case else concerns.none()
    listed = selectors.concern_list(concerns, request.membership, today=today, days=days, show=show)
    page = selectors.list_order(show).page(
        listed,
        per_page=PER_PAGE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    query = {k: v for k, v in (("show", show), ("case", case.pk if case else "")) if v}
    return render(
        request,
        "safeguarding/list.html",
        {
            "filters": filters,
            "case": case,
            "page": page,
            "count_cap": number_format(COUNT_CAP, force_grouping=True),
            "rows": [ConcernRow(c, today=today, days=days) for c in page.rows],
            "counts": selectors.concern_counts(concerns, today=today, days=days),
            "days": days,
            "show_label": dict(SHOW_CHOICES)[show],
            "query_string": urlencode(query),
            "nation": request.organisation.nation,
        },
    )


@organisation_permission_required(Perm.SAFEGUARDING_EXPORT_CONCERNS)
def concern_export(request):
    today = timezone.localdate()
    days = acknowledgement_days(request.organisation)
    concerns = selectors.concerns_for_export(
        scoped(request, SafeguardingConcern), request.membership, today=today, days=days
    )
    services.concerns_record_export(
        organisation=request.organisation, acting_user=request.user, request=request
    )
    return csv_response(
        "safeguarding-concerns",
        exports.HEADER,
        exports.rows(concerns.iterator(chunk_size=2000), today=today, days=days),
    )


@organisation_permission_required(Perm.SAFEGUARDING_RAISE_CONCERN)
def concern_create(request):
    case = None
    case_id = request.GET.get("case")
    if case_id:
        if not case_id.isdigit():
            raise Http404("Not found")
        case = get_case_or_404(
            request, int(case_id), queryset=scoped(request, Case).select_related("person")
        )
    nation = nations.nation_for(case or request.organisation, organisation=request.organisation)
    form = ConcernForm(request.POST or None, case=case, nation=nation)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(
                organisation=request.organisation,
                acting_user=request.user,
                case=case,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Safeguarding concern recorded"))
            return redirect("safeguarding:detail", concern_id=concern.pk)
    lead = request.organisation.safeguarding_lead
    return render(
        request,
        "safeguarding/form.html",
        {
            "form": form,
            "case": case,
            "nation": nation,
            "lead_name": lead.user.full_name if lead and lead.is_active else "",
        },
    )


@organisation_permission_required(Perm.SAFEGUARDING_VIEW_CONCERNS)
def concern_detail(request, concern_id: int):
    concern = _concern_or_404(request, concern_id)
    services.concern_record_view(concern=concern, acting_user=request.user, request=request)
    return render(request, "safeguarding/detail.html", {"concern": _page(request, concern)})


def _update(request, concern_id: int, *, form_class, service, template: str, success: str):
    """The shared shape of the follow-up pages: form, service, message, back to the concern."""
    concern = _concern_or_404(request, concern_id)
    form = form_class(request.POST or None, concern=concern)
    if request.method == "POST" and form.is_valid():
        try:
            service(concern=concern, acting_user=request.user, request=request, **form.cleaned_data)
        except services.ConcernRefused as refused:
            messages.error(request, str(refused))
            return redirect("safeguarding:detail", concern_id=concern.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("safeguarding:detail", concern_id=concern.pk)
    return render(request, template, {"form": form, "concern": _page(request, concern)})


@organisation_permission_required(Perm.SAFEGUARDING_UPDATE_CONCERN)
def concern_acknowledge(request, concern_id: int):
    return _update(
        request,
        concern_id,
        form_class=AcknowledgeForm,
        service=services.concern_acknowledge,
        template="safeguarding/acknowledge.html",
        success=_("Acknowledgement recorded"),
    )


@organisation_permission_required(Perm.SAFEGUARDING_UPDATE_CONCERN)
def concern_chase(request, concern_id: int):
    return _update(
        request,
        concern_id,
        form_class=ChaseForm,
        service=services.concern_set_chase_date,
        template="safeguarding/chase.html",
        success=_("Chase date saved"),
    )


@organisation_permission_required(Perm.SAFEGUARDING_UPDATE_CONCERN)
def concern_outcome(request, concern_id: int):
    return _update(
        request,
        concern_id,
        form_class=OutcomeForm,
        service=services.concern_record_outcome,
        template="safeguarding/outcome.html",
        success=_("Outcome recorded"),
    )


@organisation_permission_required(Perm.SAFEGUARDING_SIGN_OFF)
def concern_sign_off(request, concern_id: int):
    concern = _concern_or_404(request, concern_id)
    if concern.signed_off_at is not None:
        messages.error(request, gettext("This concern has already been signed off"))
        return redirect("safeguarding:detail", concern_id=concern.pk)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_sign_off(
                concern=concern,
                acting_user=request.user,
                note=form.cleaned_data["note"],
                request=request,
            )
        except services.ConcernRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, gettext("Concern signed off"))
        return redirect("safeguarding:detail", concern_id=concern.pk)
    return render(
        request, "safeguarding/sign_off.html", {"form": form, "concern": _page(request, concern)}
    )
