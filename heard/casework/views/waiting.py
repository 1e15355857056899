"""Case pages: the waiting list, and changing a waiting case's priority."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from heard.casework.access import get_case_or_404
from heard.casework.forms.waiting import PriorityChangeForm, WaitingListFilterForm
from heard.casework.models import Case, Priority, Status
from heard.casework.presenters.waiting import (
    PriorityChangePresenter,
    WaitingRowPresenter,
    person_label,
)
from heard.casework.selectors import waiting as selectors
from heard.casework.services import waiting as services
from heard.core.keyset import COUNT_CAP
from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.models import Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import scoped

PER_PAGE = 50


@organisation_permission_required(Perm.CASEWORK_VIEW_WAITING_LIST)
def waiting_list(request):
    today = timezone.localdate()
    all_services = list(scoped(request, Service).order_by("name"))
    filters = WaitingListFilterForm(request.GET or None, services=all_services)
    service = filters.chosen_service()
    cases = scoped(request, Case)
    waiting = selectors.waiting_list(cases, service_id=service.pk if service else None)
    page = selectors.WAITING_ORDER.page(
        waiting,
        per_page=PER_PAGE,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
        rows=lambda ids: selectors.waiting_rows(cases.filter(pk__in=ids), request.membership),
    )
    summary = selectors.waiting_by_service(cases, all_services, today=today)
    return render(
        request,
        "casework/waiting_list.html",
        {
            "filters": filters,
            "service": service,
            "summary": [s for s in summary if service is None or s.service == service],
            "page": page,
            "count_cap": number_format(COUNT_CAP, force_grouping=True),
            "rows": [
                WaitingRowPresenter(row) for row in selectors.waiting_cases(page.rows, today=today)
            ],
            "today": today,
            "query_string": f"service={service.pk}" if service else "",
        },
    )


@organisation_permission_required(Perm.CASEWORK_CHANGE_PRIORITY)
def change_priority(request, case_id: int):
    # get_case_or_404: a restricted case is refused (and audited) for staff not named on it.
    case = get_case_or_404(
        request, case_id, queryset=selectors.case_for_priority_change(scoped(request, Case))
    )
    is_waiting = case.status == Status.WAITING
    form = PriorityChangeForm(request.POST or None, case=case)
    if request.method == "POST" and not is_waiting:
        messages.error(
            request,
            _("Case %(reference)s is not waiting, so its priority cannot be changed")
            % {"reference": case.reference},
        )
        return redirect("casework:waiting_list")
    if request.method == "POST" and form.is_valid():
        try:
            services.case_change_priority(
                case=case,
                priority=form.cleaned_data["priority"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except services.PriorityChangeRefused as refused:
            messages.error(request, str(refused))
            return redirect("casework:waiting_list")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            label = Priority(form.cleaned_data["priority"]).label.lower()
            messages.success(
                request,
                _("Case %(reference)s is now %(label)s priority")
                % {"reference": case.reference, "label": label},
            )
            return redirect("casework:waiting_list")
    return render(
        request,
        "casework/change_priority.html",
        {
            "case": case,
            "person_label": person_label(case),
            "is_waiting": is_waiting,
            "form": form,
            "history": [PriorityChangePresenter(c) for c in case.priority_changes.all()],
        },
    )
