"""Challenge pages: the list, raising one from a case, the challenge, its response and escalation."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.casework.access import get_case_or_404
from heard.casework.models import Case
from heard.core.exports import csv_response
from heard.core.keyset import COUNT_CAP
from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import exports, selectors, services
from .forms import (
    ChallengeForm,
    EscalateForm,
    ListFilterForm,
    ResponseForm,
    ResponseTimesForm,
)
from .models import Challenge
from .presenters import ChallengePage, ChallengeRow, long_day, response_days_rows

PER_PAGE = 50
SHOW_CHOICES = [
    (selectors.SHOW_ALL, "All"),
    (selectors.SHOW_OVERDUE, "Overdue"),
    (selectors.SHOW_OPEN, "Awaiting a response"),
    (selectors.SHOW_CLOSED, "Closed"),
]


def _challenge_or_404(request, challenge_id: int) -> Challenge:
    """This organisation's challenge, on a case the user may open (403, audited, if restricted)."""
    challenge = get_scoped_or_404(
        request, selectors.challenge_for_page(scoped(request, Challenge)), pk=challenge_id
    )
    get_case_or_404(request, challenge.case_id)
    return challenge


@organisation_permission_required(Perm.CHALLENGES_VIEW_CHALLENGES)
def challenge_list(request):
    today = timezone.localdate()
    filters = ListFilterForm(request.GET or None, show_choices=SHOW_CHOICES)
    show, case_id = filters.chosen()
    challenges = scoped(request, Challenge)
    case = None
    if case_id is not None:
        case = scoped(request, Case).filter(pk=case_id).only("pk", "reference").first()
        challenges = challenges.filter(case_id=case.pk) if case else challenges.none()
    listed = selectors.challenge_list(challenges, request.membership, today=today, show=show)
    page = selectors.LIST_ORDER.page(
        listed,
        per_page=PER_PAGE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    query = {k: v for k, v in (("show", show), ("case", case.pk if case else "")) if v}
    return render(
        request,
        "challenges/list.html",
        {
            "filters": filters,
            "case": case,
            "page": page,
            "count_cap": number_format(COUNT_CAP, force_grouping=True),
            "rows": [ChallengeRow(c, today=today) for c in page.rows],
            "counts": selectors.challenge_counts(challenges, today=today),
            "show_label": dict(SHOW_CHOICES)[show],
            "query_string": urlencode(query),
        },
    )


@organisation_permission_required(Perm.CHALLENGES_EXPORT_CHALLENGES)
def challenge_export(request):
    today = timezone.localdate()
    challenges = selectors.challenges_for_export(scoped(request, Challenge), request.membership)
    services.challenges_record_export(
        organisation=request.organisation, acting_user=request.user, request=request
    )
    return csv_response(
        "challenges",
        exports.CHALLENGE_HEADER,
        exports.challenge_rows(challenges.iterator(chunk_size=2000), today=today),
    )


@organisation_permission_required(Perm.CHALLENGES_RAISE_CHALLENGE)
def challenge_create(request, case_id: int):
    case = get_case_or_404(
        request, case_id, queryset=scoped(request, Case).select_related("person", "organisation")
    )
    form = ChallengeForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            challenge = services.challenge_raise(
                case=case, acting_user=request.user, request=request, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Challenge recorded: a response is due by %(date)s")
                % {"date": long_day(challenge.response_due_on)},
            )
            return redirect("challenges:detail", challenge_id=challenge.pk)
    return render(request, "challenges/form.html", {"form": form, "case": case})


@organisation_permission_required(Perm.CHALLENGES_VIEW_CHALLENGES)
def challenge_detail(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    services.challenge_record_view(challenge=challenge, acting_user=request.user, request=request)
    today = timezone.localdate()
    page = ChallengePage(challenge, today=today, chain=selectors.chain_for(challenge))
    return render(request, "challenges/detail.html", {"challenge": page, "case": challenge.case})


@organisation_permission_required(Perm.CHALLENGES_UPDATE_CHALLENGE)
def challenge_respond(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    if selectors.escalation_of(challenge) is not None:
        messages.error(
            request, _("This challenge has been escalated, so its outcome can no longer be changed")
        )
        return redirect("challenges:detail", challenge_id=challenge.pk)
    form = ResponseForm(request.POST or None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_record_response(
                challenge=challenge, acting_user=request.user, request=request, **form.cleaned_data
            )
        except services.ChallengeRefused as refused:
            messages.error(request, str(refused))
            return redirect("challenges:detail", challenge_id=challenge.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Response recorded"))
            return redirect("challenges:detail", challenge_id=challenge.pk)
    return render(
        request,
        "challenges/respond.html",
        {"form": form, "challenge": ChallengeRow(challenge, today=timezone.localdate())},
    )


@organisation_permission_required(Perm.CHALLENGES_UPDATE_CHALLENGE)
def challenge_escalate(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    row = ChallengeRow(challenge, today=timezone.localdate())
    refusal = services.escalation_refusal(challenge, selectors.escalation_of(challenge))
    if refusal:
        messages.error(request, refusal)
        return redirect("challenges:detail", challenge_id=challenge.pk)
    form = EscalateForm(request.POST or None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            escalated = services.challenge_escalate(
                challenge=challenge, acting_user=request.user, request=request, **form.cleaned_data
            )
        except services.ChallengeRefused as refused:
            messages.error(request, str(refused))
            return redirect("challenges:detail", challenge_id=challenge.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Escalated to level %(level)s: a response is due by %(date)s")
                % {"level": escalated.level, "date": long_day(escalated.response_due_on)},
            )
            return redirect("challenges:detail", challenge_id=escalated.pk)
    return render(request, "challenges/escalate.html", {"form": form, "challenge": row})


@organisation_permission_required(Perm.CHALLENGES_SET_RESPONSE_TIMES)
def response_times(request):
    form = ResponseTimesForm(request.POST or None, organisation=request.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_response_days_update(
                organisation=request.organisation,
                acting_user=request.user,
                days=form.days(),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, gettext("Response times saved"))
            return redirect("challenges:list")
    return render(
        request,
        "challenges/response_times.html",
        {"form": form, "current": response_days_rows(request.organisation)},
    )
