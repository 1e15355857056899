"""Triage pages: the queue of referrals awaiting a decision, and one referral with its decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from heard.casework.access import CaseAccess, case_access, with_person_restriction
from heard.casework.presenters.cases import CaseLabel
from heard.core.dates import long_date
from heard.core.keyset import COUNT_CAP, filters_query_string
from heard.core.permissions import Perm
from heard.organisations.models import Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.sequences import referral_reference
from heard.organisations.tenancy import get_scoped_or_404, scoped
from heard.people.models import Person
from heard.referrals import letters
from heard.referrals.forms.triage import ReferralFilterForm, TriageForm
from heard.referrals.models import Decision, Referral, ReferralStatus
from heard.referrals.presenters.triage import DecisionPresenter, ReferralPresenter
from heard.referrals.selectors import triage as selectors
from heard.referrals.services import intake, triage

PER_PAGE = 25

STATUS_FILTERS = [
    ("", gettext_lazy("All awaiting a decision")),
    (ReferralStatus.NEW, gettext_lazy("New")),
    (ReferralStatus.AWAITING_INFORMATION, gettext_lazy("Awaiting information")),
    (ReferralStatus.ACCEPTED, gettext_lazy("Accepted")),
    (ReferralStatus.DECLINED, gettext_lazy("Declined")),
    (ReferralStatus.SIGNPOSTED, gettext_lazy("Signposted")),
    (ReferralStatus.WITHDRAWN, gettext_lazy("Withdrawn")),
    (selectors.ALL, gettext_lazy("All referrals")),
]


@organisation_permission_required(Perm.REFERRALS_VIEW_REFERRAL)
def triage_list(request):
    today = timezone.localdate()
    filters = ReferralFilterForm(
        request.GET or None,
        status_choices=STATUS_FILTERS,
        reference_example=referral_reference(request.organisation, today.year, 123),
    )
    filters.is_valid()
    # A field that does not validate is left out (and shown with its error), not a 500.
    cleaned = getattr(filters, "cleaned_data", {})
    status, query = cleaned.get("status", ""), cleaned.get("q", "").strip()
    referrals = scoped(request, Referral)
    found = selectors.referral_list(referrals, status=status, query=query)
    page = selectors.referral_list_order(status=status, query=query).page(
        found,
        per_page=PER_PAGE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    status_label = dict(STATUS_FILTERS)[status]
    if query:
        status_label = _("%(statuses)s matching “%(query)s”") % {
            "statuses": dict(STATUS_FILTERS)[status or selectors.ALL],
            "query": query,
        }
    return render(
        request,
        "referrals/triage/list.html",
        {
            "counts": selectors.triage_counts(referrals, today=today),
            "filters": filters,
            "status": status,
            "query": query,
            "status_label": status_label,
            "page": page,
            "count_cap": number_format(COUNT_CAP, force_grouping=True),
            "rows": [
                ReferralPresenter(r, today=today, organisation=request.organisation)
                for r in page.rows
            ],
            "query_string": filters_query_string(request.GET),
        },
    )


def _decide(request, referral, data):
    """Run the chosen decision's service; return the success message."""
    decision = data["decision"]
    common = {"referral": referral, "acting_user": request.user, "request": request}
    if decision == Decision.ACCEPT:
        row = triage.referral_accept(
            **common,
            service=data["service"],
            advocacy_type=data["accept_advocacy_type"],
            priority=data["accept_priority"],
            person=data["person"],
            last_name=data.get("accept_last_name", ""),
        )
        return (
            f"Referral {referral.reference} accepted. Case {row.case.reference} is on the "
            f"waiting list for {row.case.service.name}"
        )
    if decision == Decision.DECLINE:
        triage.referral_decline(
            **common, reason=data["decline_reason"], note=data.get("decline_note", "")
        )
        return f"Referral {referral.reference} declined"
    if decision == Decision.SIGNPOST:
        triage.referral_signpost(
            **common, signposted_to=data["signpost_to"], note=data.get("signpost_note", "")
        )
        return f"Referral {referral.reference} signposted to {data['signpost_to'].strip()}"
    if decision == Decision.WITHDRAW:
        triage.referral_withdraw(**common, note=data["withdraw_note"])
        return f"Referral {referral.reference} is recorded as withdrawn"
    triage.referral_await_information(
        **common, note=data["await_note"], chase_on=data["await_chase_on"]
    )
    chase = long_date(data["await_chase_on"])
    return f"Referral {referral.reference} is awaiting information. Chase it on {chase}"


@organisation_permission_required(Perm.REFERRALS_VIEW_REFERRAL)
def referral_detail(request, referral_id: int):
    referral = get_scoped_or_404(
        request, selectors.referral_detail(scoped(request, Referral)), pk=referral_id
    )
    today = timezone.localdate()
    presenter = ReferralPresenter(referral, today=today)
    can_triage = request.user.has_perm(Perm.REFERRALS_TRIAGE_REFERRAL, request.organisation)
    if request.method == "POST" and not can_triage:
        raise PermissionDenied
    if request.method == "POST" and not presenter.is_open:
        messages.error(request, triage.decided_message(referral))
        return redirect("referrals:detail", referral_id=referral.pk)

    form = duplicates = None
    if presenter.is_open:
        people = with_person_restriction(scoped(request, Person), request.membership)
        duplicates = selectors.referral_duplicates(people, referral)
        if can_triage:
            form = TriageForm(
                request.POST or None,
                referral=referral,
                services=list(scoped(request, Service).order_by("name")),
                duplicates=duplicates,
                people=people,
                today=today,
            )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            message = _decide(request, referral, form.cleaned_data)
        except triage.TriageRefused as refused:
            messages.error(request, str(refused))
            return redirect("referrals:detail", referral_id=referral.pk)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, message)
            return redirect("referrals:triage")

    intake.referral_record_view(referral=referral, acting_user=request.user, request=request)
    decisions = [DecisionPresenter(d) for d in referral.decisions.all()]
    # The case(s) opened from the referral, linked when this member may open them.
    opened_cases = [
        CaseLabel(d.case, can_open=case_access(request.membership, d.case) is CaseAccess.FULL)
        for d in decisions
        if d.case is not None
    ]
    return render(
        request,
        "referrals/triage/detail.html",
        {
            "referral": presenter,
            "form": form,
            "duplicates": duplicates,
            "decisions": decisions,
            "latest_decision": decisions[-1] if decisions else None,
            "opened_cases": opened_cases,
            "can_see_equality": request.user.has_perm(
                Perm.REFERRALS_VIEW_EQUALITY_ANSWERS, request.organisation
            ),
        },
    )


@organisation_permission_required(Perm.REFERRALS_VIEW_REFERRAL)
def acknowledgement_letter(request, referral_id: int):
    """The acknowledgement letter as a PDF, in the person's language (both when bilingual)."""
    referral = get_scoped_or_404(
        request, scoped(request, Referral).select_related("organisation"), pk=referral_id
    )
    pdf = letters.acknowledgement_letter_pdf(referral)
    intake.referral_record_view(referral=referral, acting_user=request.user, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.letter_filename(referral)}"'
    return response
