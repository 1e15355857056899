"""Case pages: the case list, the case page, its status changes, allocation and conflicts.

Every view that shows or changes one case fetches it with ``get_case_or_404`` first,
before any role check, so that an attempt on a restricted case by someone not named
on it is refused *and audited* whatever their role. Status changes all go through
``heard.casework.services.lifecycle``; its refusals are shown beside the field they concern.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from heard.casework.access import CaseAccess, case_access, get_case_or_404
from heard.casework.forms.cases import (
    AllocateForm,
    CaseDetailsForm,
    CaseFilterForm,
    CaseloadWeightsForm,
    CloseForm,
    ConflictForm,
    HoldForm,
    ReasonForm,
    ResumeForm,
)
from heard.casework.forms.records import ActivityForm
from heard.casework.models import Case, ConflictOfInterest, Status
from heard.casework.presenters.cases import (
    CasePresenter,
    CaseRowPresenter,
    case_paths,
    staff_name,
    transition_summary,
    weight_display,
)
from heard.casework.presenters.records import case_records
from heard.casework.sections import case_links, case_sections, loose_ends
from heard.casework.selectors import cases as selectors_cases
from heard.casework.services import allocation, conflicts, lifecycle
from heard.casework.services import cases as services_cases
from heard.core import language, nations
from heard.core.keyset import COUNT_CAP, PAGING_KEYS, Keyset, filters_query_string
from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.models import Membership, Role, Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped
from heard.people.models import Person

PER_PAGE = 50
# The cursor in the address: a request with only these has chosen no filters.
CASE_ORDER = Keyset("-received_on", "-id", ids_first=True)


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj if obj is not None else request.organisation):
        raise PermissionDenied


def _case(request, case_id: int, detail: bool = False) -> Case:
    queryset = scoped(request, Case)
    selector = selectors_cases.case_detail if detail else selectors_cases.case_for_action
    return get_case_or_404(request, case_id, queryset=selector(queryset))


def _posted(request):
    """The POST data, even when empty (``request.POST or None`` would leave the form unbound)."""
    return request.POST if request.method == "POST" else None


def _to_case(case: Case):
    return redirect("casework:case_detail", case_id=case.pk)


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_list(request):
    """Cases newest referral first, a keyset page at a time (ADR-0052): any page costs the
    first's. The filters choose the page's ids from an index; only those rows are joined."""
    services = list(scoped(request, Service).order_by("name"))
    staff = selectors_cases.caseload_staff_choices(scoped(request, Membership))
    data = request.GET
    if not (data.keys() - PAGING_KEYS) and request.membership.role == Role.ADVOCATE:
        data = {"advocate": str(request.membership.pk)}  # an advocate starts with their cases
    filters = CaseFilterForm(
        data or None, services=services, staff=staff, nation=request.organisation.nation
    )
    cases = selectors_cases.case_list(
        scoped(request, Case), request.membership, **filters.filters()
    )
    page = CASE_ORDER.page(
        cases,
        per_page=PER_PAGE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        rows=lambda ids: selectors_cases.case_rows(
            scoped(request, Case).filter(pk__in=ids), request.membership
        ),
    )
    paths = case_paths()
    return render(
        request,
        "casework/cases/list.html",
        {
            "filters": filters,
            "page": page,
            "count_cap": number_format(COUNT_CAP, force_grouping=True),
            "rows": [CaseRowPresenter(case, paths) for case in page.rows],
            # The filters ride along in the "previous" and "next" links; the old cursor does not.
            "query_string": filters_query_string(data),
        },
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_detail(request, case_id: int):
    case = selectors_cases.with_named_managers(_case(request, case_id, detail=True))
    with services_cases.case_view_recorded_with_next_read(
        case=case, acting_user=request.user, request=request
    ):
        records = case_records(case)
    context = {
        "case": CasePresenter(
            case,
            today=timezone.localdate(),
            can_allocate=request.user.has_perm(Perm.CASEWORK_ALLOCATE, request.organisation),
            can_work=request.user.has_perm(Perm.CASEWORK_WORK_ON_CASE, case),
            issues=records["issues"],
        ),
        "can_change_details": request.user.has_perm(Perm.CASEWORK_WORK_ON_CASE, case),
        "records": records,
        **records,
        "activity_form": ActivityForm(case=case),
        "case_sections": case_sections(),
        "case_links": case_links(),
    }
    return render(request, "casework/cases/detail.html", context)


def _render_transition(
    request, case, form, *, title, heading, button, intro="", back=None, loose_ends=()
):
    return render(
        request,
        "casework/cases/transition.html",
        {
            "case": case,
            "summary": transition_summary(case),
            "form": form,
            "title": title,
            "heading": heading,
            "intro": intro,
            "button": button,
            "loose_ends": loose_ends,
            "back_url": back or reverse("casework:case_detail", kwargs={"case_id": case.pk}),
        },
    )


def _refuse_unless_allowed(request, case: Case, to: str):
    """A page for a change the table does not allow from here: say so on the case page."""
    try:
        lifecycle.assert_transition_allowed(case.status, to)
    except lifecycle.TransitionRefused as refused:
        messages.error(
            request,
            _("Case %(reference)s: %(refused)s")
            % {"reference": case.reference, "refused": refused},
        )
        return _to_case(case)
    return None


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_allocate(request, case_id: int):
    case = _case(request, case_id)
    _require(request, Perm.CASEWORK_ALLOCATE)
    reallocating = case.status in (Status.ALLOCATED, Status.ACTIVE, Status.ON_HOLD)
    refused = _refuse_unless_allowed(
        request,
        case,
        case.status if reallocating and case.status != Status.ALLOCATED else Status.ALLOCATED,
    )
    if refused:
        return refused
    candidates = [
        c
        for c in allocation.candidates_for(case)
        if not (reallocating and c.membership.pk == case.allocated_to_id)
    ]
    from_waiting = request.GET.get("from") == "waiting"
    wants_welsh = language.speaks_welsh(case.person.language_preference)
    form = AllocateForm(
        _posted(request),
        candidates=candidates,
        reallocating=reallocating,
        show_override=any(c.needs_override for c in candidates),
        wants_welsh=wants_welsh,
    )
    if request.method == "POST" and form.is_valid():
        candidate = form.chosen()
        data = form.cleaned_data
        try:
            if reallocating:
                lifecycle.case_reallocate(
                    case=case,
                    advocate=candidate.membership,
                    reason=data["reason"],
                    override_reason=data.get("override_reason", ""),
                    acting_user=request.user,
                    request=request,
                )
            else:
                lifecycle.case_allocate(
                    case=case,
                    advocate=candidate.membership,
                    note=data.get("note", ""),
                    override_reason=data.get("override_reason", ""),
                    acting_user=request.user,
                    request=request,
                )
        except lifecycle.TransitionRefused as refusal:
            add_service_errors(form, refusal.errors)
        else:
            message = _("Case %(reference)s allocated to %(name)s") % {
                "reference": case.reference,
                "name": candidate.name,
            }
            if candidate.over_capacity:
                message = _(
                    "Case %(reference)s allocated to %(name)s. %(name)s is now over capacity: "
                    "%(caseload)s of %(capacity)s weighted cases"
                ) % {
                    "reference": case.reference,
                    "name": candidate.name,
                    "caseload": weight_display(candidate.caseload_after),
                    "capacity": weight_display(candidate.capacity),
                }
            messages.success(request, message)
            if wants_welsh and not candidate.membership.speaks_welsh:
                messages.warning(
                    request,
                    gettext(
                        "%(person)s wants to use Welsh and %(advocate)s does not speak Welsh. "
                        "Arrange Welsh-language support, or allocate someone who speaks Welsh."
                    )
                    % {"person": case.person.display_name, "advocate": candidate.name},
                )
            if from_waiting:
                return redirect("casework:waiting_list")
            return _to_case(case)
    back = reverse("casework:waiting_list") if from_waiting else None
    return render(
        request,
        "casework/cases/allocate.html",
        {
            "case": case,
            "summary": transition_summary(case),
            "form": form,
            "reallocating": reallocating,
            "has_candidates": bool(candidates),
            "wants_welsh": wants_welsh,
            "person_language": case.person.get_language_preference_display(),
            "back_url": back or reverse("casework:case_detail", kwargs={"case_id": case.pk}),
            "back_label": "Back to the waiting list" if from_waiting else "Back to the case",
        },
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_deallocate(request, case_id: int):
    case = _case(request, case_id)
    _require(request, Perm.CASEWORK_ALLOCATE)
    refused = _refuse_unless_allowed(request, case, Status.WAITING)
    if refused:
        return refused
    form = ReasonForm(
        _posted(request),
        label=_("Why is the advocate coming off the case?"),
        hint=_("For example, they are leaving, or a conflict of interest has come to light"),
        required_message=_("Enter why the advocate is coming off the case"),
    )
    if request.method == "POST" and form.is_valid():
        name = staff_name(case.allocated_to)
        try:
            lifecycle.case_deallocate(
                case=case,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except lifecycle.TransitionRefused as refusal:
            add_service_errors(form, refusal.errors)
        else:
            messages.success(
                request,
                _("Case %(reference)s is back on the waiting list (%(name)s taken off)")
                % {"reference": case.reference, "name": name},
            )
            return _to_case(case)
    return _render_transition(
        request,
        case,
        form,
        title=_("Return the case to the waiting list"),
        heading=_("Return to the waiting list"),
        intro=_(
            "The advocate comes off the case and it waits to be allocated again. The history keeps who held it."
        ),
        button=_("Return to the waiting list"),
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_hold(request, case_id: int):
    case = _case(request, case_id)
    _require(request, Perm.CASEWORK_WORK_ON_CASE, case)
    refused = _refuse_unless_allowed(request, case, Status.ON_HOLD)
    if refused:
        return refused
    form = HoldForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.case_hold(
                case=case,
                reason=form.cleaned_data["reason"],
                review_date=form.cleaned_data["review_date"],
                acting_user=request.user,
                request=request,
            )
        except lifecycle.TransitionRefused as refusal:
            add_service_errors(form, refusal.errors)
        else:
            messages.success(
                request, _("Case %(reference)s is on hold") % {"reference": case.reference}
            )
            return _to_case(case)
    return _render_transition(
        request,
        case,
        form,
        title=_("Put the case on hold"),
        heading=_("Put on hold"),
        button=_("Put on hold"),
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_resume(request, case_id: int):
    case = _case(request, case_id)
    _require(request, Perm.CASEWORK_WORK_ON_CASE, case)
    if case.status != Status.ON_HOLD:
        messages.error(
            request,
            _("Case %(reference)s is not on hold, so it cannot be resumed")
            % {"reference": case.reference},
        )
        return _to_case(case)
    form = ResumeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.case_resume(
                case=case,
                note=form.cleaned_data["note"],
                acting_user=request.user,
                request=request,
            )
        except lifecycle.TransitionRefused as refusal:
            add_service_errors(form, refusal.errors)
        else:
            messages.success(
                request, _("Case %(reference)s is active again") % {"reference": case.reference}
            )
            return _to_case(case)
    return _render_transition(
        request,
        case,
        form,
        title=_("Resume the case"),
        heading=_("Resume the case"),
        button=_("Resume"),
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_close(request, case_id: int):
    case = _case(request, case_id)
    before_allocation = case.status == Status.WAITING
    _require(
        request, Perm.CASEWORK_ALLOCATE if before_allocation else Perm.CASEWORK_WORK_ON_CASE, case
    )
    refused = _refuse_unless_allowed(request, case, Status.CLOSED)
    if refused:
        return refused
    open_items = [] if before_allocation else loose_ends(case)
    form = CloseForm(_posted(request), before_allocation=before_allocation, loose_ends=open_items)
    if request.method == "POST" and form.is_valid():
        try:
            if before_allocation:
                lifecycle.case_close_before_allocation(
                    case=case,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    acting_user=request.user,
                    request=request,
                )
            else:
                lifecycle.case_close(
                    case=case,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    confirmed_loose_ends=bool(form.cleaned_data.get("confirm_loose_ends")),
                    acting_user=request.user,
                    request=request,
                )
        except lifecycle.TransitionRefused as refusal:
            add_service_errors(form, refusal.errors)
        else:
            messages.success(
                request, _("Case %(reference)s is closed") % {"reference": case.reference}
            )
            return _to_case(case)
    return _render_transition(
        request,
        case,
        form,
        title=_("Close the case before allocation") if before_allocation else _("Close the case"),
        heading=_("Close before allocation") if before_allocation else _("Close the case"),
        intro=(
            ""
            if before_allocation
            else _("Every issue needs an outcome before the case can close.")
        ),
        button=_("Close the case"),
        loose_ends=open_items,
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_reopen(request, case_id: int):
    case = _case(request, case_id)
    _require(request, Perm.CASEWORK_WORK_ON_CASE, case)
    if case.status != Status.CLOSED:
        messages.error(
            request,
            _("Case %(reference)s is not closed, so it cannot be reopened")
            % {"reference": case.reference},
        )
        return _to_case(case)
    form = ReasonForm(
        _posted(request),
        label=_("Why is the case being reopened?"),
        required_message=_("Enter why the case is being reopened"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.case_reopen(
                case=case,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except lifecycle.TransitionRefused as refusal:
            add_service_errors(form, refusal.errors)
        else:
            messages.success(
                request, _("Case %(reference)s is reopened") % {"reference": case.reference}
            )
            return _to_case(case)
    return _render_transition(
        request,
        case,
        form,
        title=_("Reopen the case"),
        heading=_("Reopen the case"),
        intro=(
            _(
                "A case can be reopened within %(reopen_window_days)s days of closing; after that, open a new case for the person."
            )
            % {"reopen_window_days": case.service.reopen_window_days}
        ),
        button=_("Reopen"),
    )


@organisation_permission_required(Perm.CASEWORK_VIEW_CASES)
def case_details(request, case_id: int):
    case = _case(request, case_id, detail=True)
    _require(request, Perm.CASEWORK_WORK_ON_CASE, case)
    managers = None
    if request.user.has_perm(Perm.CASEWORK_RESTRICT_CASE, request.organisation):
        managers = list(selectors_cases.named_manager_choices(scoped(request, Membership)))
    form = CaseDetailsForm(
        _posted(request),
        managers=managers,
        initial=CaseDetailsForm.initial_for(case),
        nation=nations.nation_for(case, organisation=request.organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_cases.case_update_details(
                case=case,
                data=form.service_data(),
                restricted_managers=form.chosen_managers(),
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Case %(reference)s's details are saved") % {"reference": case.reference}
            )
            if case_access(request.membership, case) is not CaseAccess.FULL:
                # They restricted it without naming themselves: the case no longer opens for them.
                messages.info(
                    request,
                    _(
                        "Case %(reference)s is restricted and you are not named on it, so it no longer opens for you"
                    )
                    % {"reference": case.reference},
                )
                return redirect("casework:case_list")
            return _to_case(case)
    return render(
        request,
        "casework/cases/details.html",
        {"case": case, "form": form, "can_restrict": managers is not None},
    )


# Conflicts of interest -------------------------------------------------------------------------


@organisation_permission_required(Perm.CASEWORK_DECLARE_CONFLICT)
def conflict_list(request):
    sees_all = request.user.has_perm(Perm.CASEWORK_VIEW_ALL_CONFLICTS, request.organisation)
    mine = request.membership
    if request.method == "POST":
        conflict = get_scoped_or_404(
            request, ConflictOfInterest, pk=request.POST.get("resolve") or 0, membership=mine
        )
        conflicts.conflict_resolve(conflict=conflict, acting_user=request.user, request=request)
        messages.success(request, _("The conflict of interest is marked as resolved"))
        return redirect("casework:conflicts")
    queryset = scoped(request, ConflictOfInterest)
    own = list(selectors_cases.conflicts_for(queryset, membership=mine))
    others = []
    if sees_all:
        others = list(selectors_cases.conflicts_for(queryset.exclude(membership=mine)))
    return render(
        request,
        "casework/cases/conflicts.html",
        {"own": own, "others": others, "sees_all": sees_all},
    )


@organisation_permission_required(Perm.CASEWORK_DECLARE_CONFLICT)
def conflict_declare(request):
    form = ConflictForm(_posted(request), people=scoped(request, Person))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conflicts.conflict_declare(
                membership=request.membership,
                kind=data["kind"],
                person=data["person"],
                name=data["name"],
                description=data["description"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error, {"person": "person_reference"})
        else:
            messages.success(request, _("Your conflict of interest is recorded"))
            return redirect("casework:conflicts")
    return render(request, "casework/cases/conflict_form.html", {"form": form})


# Caseload weights ------------------------------------------------------------------------------


@organisation_permission_required(Perm.CASEWORK_MANAGE_CASELOAD_WEIGHTS)
def caseload_weights(request):
    weights = allocation.caseload_weights(request.organisation)
    form = CaseloadWeightsForm(
        _posted(request), weights=weights, nation=request.organisation.nation
    )
    if request.method == "POST" and form.is_valid():
        try:
            allocation.caseload_weights_update(
                organisation=request.organisation,
                weights=form.cleaned_data,
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Caseload weights saved"))
            return redirect("casework:caseload_weights")
    return render(
        request,
        "casework/cases/weights.html",
        {"form": form, "caseloads": allocation.advocate_caseloads(request.organisation)},
    )
