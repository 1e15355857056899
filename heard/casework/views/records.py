"""Pages for the records inside a case: issues and outcomes, activities, tasks, documents.

Every view fetches the case with ``get_case_or_404`` (404 for another
organisation's case; 403, audited, for a restricted case the user may not
open) and each child object scoped to that case.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from heard.casework.access import get_case_or_404
from heard.casework.forms.records import (
    ActivityForm,
    DocumentForm,
    EnteredInErrorForm,
    IssueForm,
    IssueOutcomeForm,
    TaskForm,
    TimeReportForm,
)
from heard.casework.models import Activity, Case, Document, Issue, Status, Task
from heard.casework.presenters import records as presenters_records
from heard.casework.presenters.records import (
    ActivityPresenter,
    TaskPresenter,
    case_url,
    duration,
)
from heard.casework.selectors import records as selectors_records
from heard.casework.services import activities, documents, entered_in_error, issues, todos
from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.models import Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

RECORDS = Perm.CASEWORK_RECORD_CASEWORK
ACTIVITIES_PER_PAGE = 50
CASES_PER_PAGE = 50


def _case(request, case_id: int) -> Case:
    return get_case_or_404(
        request, case_id, queryset=scoped(request, Case).select_related("person", "service")
    )


def _child(request, model, case: Case, pk: int):
    """One of ``case``'s issues, activities, tasks or documents (404 for any other)."""
    return get_scoped_or_404(request, scoped(request, model).filter(case=case), pk=pk)


def _page(request, template: str, case: Case, **context):
    return render(
        request,
        f"casework/records/{template}",
        {"case": case, "case_url": case_url(case), **context},
    )


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# Issues ---------------------------------------------------------------------------------------


@organisation_permission_required(RECORDS)
def issue_create(request, case_id: int):
    case = _case(request, case_id)
    form = IssueForm(request.POST or None, case=case)
    if request.method == "POST" and case.status != Status.CLOSED and form.is_valid():
        try:
            issues.issue_create(
                case=case, acting_user=request.user, data=form.cleaned_data, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Issue recorded"))
            return redirect(case_url(case, "case-issues"))
    return _page(
        request, "issue_form.html", case, form=form, is_closed=case.status == Status.CLOSED
    )


@organisation_permission_required(RECORDS)
def issue_edit(request, case_id: int, issue_id: int):
    case = _case(request, case_id)
    issue = _child(request, Issue, case, issue_id)
    form = IssueForm(request.POST or None, case=case, issue=issue)
    if request.method == "POST" and form.is_valid():
        try:
            issues.issue_update(
                issue=issue, acting_user=request.user, data=form.cleaned_data, request=request
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Issue changed"))
            return redirect(case_url(case, "case-issues"))
    return _page(request, "issue_form.html", case, form=form, issue=issue)


@organisation_permission_required(RECORDS)
def issue_outcome(request, case_id: int, issue_id: int):
    case = _case(request, case_id)
    issue = _child(request, Issue, case, issue_id)
    form = IssueOutcomeForm(request.POST or None, issue=issue)
    if request.method == "POST" and form.is_valid():
        try:
            issues.issue_record_outcome(
                issue=issue,
                outcome=form.cleaned_data["outcome"],
                tags=form.cleaned_data["outcome_tags"],
                note=form.cleaned_data["outcome_note"],
                in_their_words=form.cleaned_data["outcome_in_their_words"],
                felt_listened_to=form.cleaned_data["felt_listened_to"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Outcome recorded: %(outcome)s") % {"outcome": issue.get_outcome_display()},
            )
            return redirect(case_url(case, "case-issues"))
    return _page(request, "issue_outcome.html", case, form=form, issue=issue)


# Activities -----------------------------------------------------------------------------------


def _activities_fragment(request, case: Case, *, form: ActivityForm, saved: str = ""):
    """The case page's activity section (and its tasks, which contact can move) for htmx."""
    context = {
        "case": case,
        **presenters_records.activity_section(case),
        "activity_form": form,
        "activity_saved": saved,
    }
    html = render_to_string(
        "casework/records/_activities.html#activities-section", context, request=request
    )
    if saved:
        # Contact moves deadlines (first contact, RPR visits): swap the tasks section too.
        task_context = {"case": case, **presenters_records.task_section(case), "oob": True}
        html += render_to_string(
            "casework/records/_tasks.html#tasks-section", task_context, request=request
        )
    return HttpResponse(html)


@organisation_permission_required(RECORDS)
def activity_create(request, case_id: int):
    """Full page without JavaScript; from the case page with htmx, the section is swapped."""
    case = _case(request, case_id)
    form = ActivityForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        status_before = case.status
        try:
            activity = activities.activity_create(
                case=case, acting_user=request.user, data=form.activity_data(), request=request
            )
        except ValidationError as error:
            add_service_errors(form, error, {"occurred_at": "time"})
        else:
            saved = f"{activity.get_kind_display()} added ({duration(activity.minutes)})"
            status_now = scoped(request, Case).values_list("status", flat=True).get(pk=case.pk)
            if _is_htmx(request) and status_now == status_before:
                # Ready for the next one: htmx focuses [autofocus] in the swapped-in section.
                fresh = ActivityForm(case=case, autofocus=True)
                return _activities_fragment(request, case, form=fresh, saved=saved)
            if status_now != status_before:
                saved += f". The case is now {Status(status_now).label.lower()}"
            messages.success(request, saved)
            if _is_htmx(request):
                # The case's status changed: reload the whole page so its heading is right.
                response = HttpResponse()
                response["HX-Refresh"] = "true"
                return response
            return redirect(case_url(case, "case-activities"))
    if request.method == "POST" and _is_htmx(request):
        return _activities_fragment(request, case, form=form)
    return _page(request, "activity_form.html", case, form=form)


@organisation_permission_required(RECORDS)
def activity_edit(request, case_id: int, activity_id: int):
    case = _case(request, case_id)
    activity = _child(request, Activity, case, activity_id)
    form = ActivityForm(request.POST or None, case=case, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            activities.activity_update(
                activity=activity,
                acting_user=request.user,
                data=form.activity_data(),
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error, {"occurred_at": "time"})
        else:
            messages.success(request, _("Activity changed"))
            return redirect(case_url(case, "case-activities"))
    return _page(request, "activity_form.html", case, form=form, activity=activity)


@organisation_permission_required(RECORDS)
def activity_list(request, case_id: int):
    case = _case(request, case_id)
    page = Paginator(selectors_records.activity_list(case), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    totals = presenters_records.time_totals_from(
        selectors_records.time_totals(scoped(request, Activity).filter(case=case))
    )
    return _page(
        request,
        "activity_list.html",
        case,
        page=page,
        rows=[ActivityPresenter(a) for a in page.object_list],
        time_totals=totals,
    )


# Tasks ----------------------------------------------------------------------------------------


def _members(case: Case) -> list:
    return list(selectors_records.assignable_members(case))


@organisation_permission_required(RECORDS)
def task_create(request, case_id: int):
    case = _case(request, case_id)
    form = TaskForm(request.POST or None, case=case, members=_members(case))
    if request.method == "POST" and form.is_valid():
        try:
            todos.task_create(
                case=case,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                assigned_to=form.cleaned_data["assigned_to"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task added"))
            return redirect(case_url(case, "case-tasks"))
    return _page(request, "task_form.html", case, form=form)


@organisation_permission_required(RECORDS)
def task_edit(request, case_id: int, task_id: int):
    case = _case(request, case_id)
    task = _child(request, Task, case, task_id)
    presenter = TaskPresenter(task, today=timezone.localdate())
    if task.rule_key:
        # Generated from the case's facts: shown, not edited (a change would be overwritten).
        if request.method == "POST":
            messages.error(
                request, _("This task comes from the case's facts: change the facts and it follows")
            )
        return _page(request, "task_form.html", case, task=presenter, form=None)
    form = TaskForm(request.POST or None, case=case, members=_members(case), task=task)
    if request.method == "POST" and form.is_valid():
        try:
            todos.task_update(
                task=task,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
                assigned_to=form.cleaned_data["assigned_to"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task changed"))
            return redirect(case_url(case, "case-tasks"))
    return _page(request, "task_form.html", case, task=presenter, form=form)


@organisation_permission_required(RECORDS)
@require_POST
def task_complete(request, case_id: int, task_id: int):
    """Mark done, then back to where the button was (the case page, or "my day")."""
    case = _case(request, case_id)
    task = _child(request, Task, case, task_id)
    if todos.task_complete(task=task, acting_user=request.user, request=request):
        messages.success(request, _("Task done: %(title)s") % {"title": task.title})
    else:
        messages.info(request, _("That task was already done: %(title)s") % {"title": task.title})
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(case_url(case, "case-tasks"))


# Documents ------------------------------------------------------------------------------------


@organisation_permission_required(RECORDS)
def document_upload(request, case_id: int):
    case = _case(request, case_id)
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        upload_refused=getattr(request, "upload_refused", False),
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = documents.document_upload(
                case=case,
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Document uploaded: %(title)s") % {"title": document.title})
            return redirect(case_url(case, "case-documents"))
    return _page(request, "document_form.html", case, form=form)


@organisation_permission_required(RECORDS)
@require_GET
def document_download(request, case_id: int, document_id: int):
    """The only way a stored document leaves Heard: checked, audited, sent as an attachment."""
    case = _case(request, case_id)
    document = _child(request, Document, case, document_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The file is missing from storage") from None
    documents.document_record_download(document=document, acting_user=request.user, request=request)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# The time report ------------------------------------------------------------------------------


def _query_without(request, parameter: str) -> str:
    query = request.GET.copy()
    query.pop(parameter, None)
    return query.urlencode()


@organisation_permission_required(Perm.CASEWORK_VIEW_TIME_REPORT)
def time_report(request):
    """Time recorded per advocate, service and case over a date range (summed in the database)."""
    today = timezone.localdate()
    services = list(scoped(request, Service).order_by("name"))
    bound = any(key.startswith(("start", "end", "service")) for key in request.GET)
    form = TimeReportForm(request.GET if bound else None, services=services)
    start, end, service = today.replace(day=1), today, None
    if bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        service = form.cleaned_data["service"]
    elif not bound:
        form = TimeReportForm(initial={"start": start, "end": end}, services=services)
    show_results = not bound or form.is_valid()
    context = {
        "form": form,
        "start": start,
        "end": end,
        "service": service,
        "show_results": show_results,
    }
    if show_results:
        context.update(
            presenters_records.time_report(
                request.organisation,
                start=start,
                end=end,
                service=service,
                services=services,
                page=request.GET.get("page"),
                staff_page=request.GET.get("staff_page"),
                per_page=CASES_PER_PAGE,
            ),
            # Each table's pages keep the filters and the other table's page.
            query_string=_query_without(request, "page"),
            staff_query_string=_query_without(request, "staff_page"),
        )
    return render(request, "casework/records/time_report.html", context)


# Entered in error -----------------------------------------------------------------------------

_MARK_SECTIONS = {
    Activity: ("case-activities", gettext_lazy("activity")),
    Issue: ("case-issues", gettext_lazy("issue")),
    Task: ("case-tasks", gettext_lazy("task")),
    Document: ("case-documents", gettext_lazy("document")),
}


def _describe(record) -> str:
    """One line naming the record on its mark page, so the right one is marked."""
    if isinstance(record, Activity):
        return f"{ActivityPresenter(record).kind}, {ActivityPresenter(record).when}"
    if isinstance(record, Issue):
        return record.in_their_words
    return record.title


def _mark_entered_in_error(request, case_id: int, model, record_id: int):
    case = _case(request, case_id)
    record = _child(request, model, case, record_id)
    anchor, what = _MARK_SECTIONS[model]
    if record.is_entered_in_error:
        messages.info(
            request, _("That %(what)s is already marked as entered in error") % {"what": what}
        )
        return redirect(case_url(case, anchor))
    form = EnteredInErrorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entered_in_error.mark_entered_in_error(
                record=record,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except entered_in_error.MarkRefused as refused:
            messages.error(request, str(refused))
            return redirect(case_url(case, anchor))
        else:
            messages.success(
                request, _("The %(what)s is marked as entered in error") % {"what": what}
            )
            return redirect(case_url(case, anchor))
    return _page(
        request,
        "entered_in_error.html",
        case,
        form=form,
        what=what,
        description=_describe(record),
        is_generated_task=isinstance(record, Task) and bool(record.rule_key),
    )


@organisation_permission_required(RECORDS)
def activity_entered_in_error(request, case_id: int, activity_id: int):
    return _mark_entered_in_error(request, case_id, Activity, activity_id)


@organisation_permission_required(RECORDS)
def issue_entered_in_error(request, case_id: int, issue_id: int):
    return _mark_entered_in_error(request, case_id, Issue, issue_id)


@organisation_permission_required(RECORDS)
def task_entered_in_error(request, case_id: int, task_id: int):
    return _mark_entered_in_error(request, case_id, Task, task_id)


@organisation_permission_required(RECORDS)
def document_entered_in_error(request, case_id: int, document_id: int):
    return _mark_entered_in_error(request, case_id, Document, document_id)
