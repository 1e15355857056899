"""Import pages (Admin): upload, match columns, match values, check, import, undo."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from heard.core.exports import csv_response
from heard.core.permissions import Perm
from heard.design_system.forms import add_service_errors
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import kinds, services, tasks
from .forms import ColumnsForm, StartForm, ValuesForm
from .models import ImportJob, Kind, Status

IMPORT = Perm.IMPORTS_IMPORT
PROBLEMS_SHOWN = 500


def _submitted(request) -> tuple:
    """The form data and files of a POST (even an empty one, so its errors show), else none."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _job(request, job_id: int) -> ImportJob:
    return get_scoped_or_404(
        request, scoped(request, ImportJob).select_related("source"), pk=job_id
    )


@organisation_permission_required(IMPORT)
def job_list(request):
    jobs = scoped(request, ImportJob).select_related("created_by")[:50]
    return render(request, "imports/list.html", {"jobs": jobs, "kinds": Kind.choices})


@organisation_permission_required(IMPORT)
def start(request):
    form = StartForm(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        try:
            job = services.job_create(
                organisation=request.organisation,
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                source_name=form.cleaned_data["source"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("imports:columns", job_id=job.pk)
    return render(request, "imports/start.html", {"form": form})


@organisation_permission_required(IMPORT)
def columns(request, job_id: int):
    job = _job(request, job_id)
    if job.status not in (Status.UPLOADED, Status.CHECKED, Status.FAILED):
        return redirect("imports:detail", job_id=job.pk)
    form = ColumnsForm(
        _submitted(request)[0], job=job, initial_mapping=services.suggested_mapping(job)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.mapping_save(job=job, column_mapping=form.mapping())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if any(spec.type == "choice" for spec in kinds.fields_for(job.kind)):
                return redirect("imports:values", job_id=job.pk)
            return _check(request, job)
    return render(request, "imports/columns.html", {"form": form, "job": job})


def _check(request, job):
    tasks.check_import.enqueue(job.pk, organisation_id=job.organisation_id)
    return redirect("imports:detail", job_id=job.pk)


@organisation_permission_required(IMPORT)
def values(request, job_id: int):
    job = _job(request, job_id)
    if job.status not in (Status.UPLOADED, Status.CHECKED, Status.FAILED):
        return redirect("imports:detail", job_id=job.pk)
    saved = job.source.value_mapping if job.source else {}
    forms = []
    for spec in kinds.fields_for(job.kind):
        column = job.column_mapping.get(spec.name)
        if spec.type != "choice" or not column:
            continue
        found = services.distinct_values(job, spec.name, column)
        forms.append(
            (
                spec,
                ValuesForm(
                    _submitted(request)[0],
                    prefix=spec.name,
                    spec=spec,
                    values=found,
                    initial_mapping=saved.get(spec.name, {}),
                ),
            )
        )
    if request.method == "POST" and all(form.is_valid() for _spec, form in forms):
        value_mapping = {spec.name: form.mapping() for spec, form in forms}
        services.mapping_save(
            job=job, column_mapping=job.column_mapping, value_mapping=value_mapping
        )
        return _check(request, job)
    return render(
        request,
        "imports/values.html",
        {"forms": forms, "job": job, "all_forms": [f for _s, f in forms]},
    )


@organisation_permission_required(IMPORT)
def detail(request, job_id: int):
    job = _job(request, job_id)
    problems = (
        job.rows.exclude(problems=[]).order_by("row_number")[:PROBLEMS_SHOWN]
        if job.problem_rows
        else []
    )
    context = {
        "job": job,
        "problems": problems,
        "problems_cut": job.problem_rows > PROBLEMS_SHOWN,
        "shown": PROBLEMS_SHOWN,
        "would_create": job.total_rows - job.matched_rows,
        "undo_refusal": services.undo_refusal(job) if job.status == Status.IMPORTED else "",
    }
    if request.headers.get("HX-Request") == "true":
        response = render(request, "imports/_progress.html", context)
        if not job.is_running:
            response["HX-Refresh"] = "true"  # finished: show the whole page's new state
        return response
    return render(request, "imports/detail.html", context)


@require_POST
@organisation_permission_required(IMPORT)
def run(request, job_id: int):
    job = _job(request, job_id)
    if job.status == Status.CHECKED and not job.problem_rows:
        tasks.run_import.enqueue(job.pk, organisation_id=job.organisation_id)
    else:
        messages.error(request, _("Correct every row's problems and check the file again first."))
    return redirect("imports:detail", job_id=job.pk)


@require_POST
@organisation_permission_required(IMPORT)
def undo(request, job_id: int):
    job = _job(request, job_id)
    try:
        removed = services.job_undo(job=job, acting_user=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The import was undone: %(count)s records removed.") % {"count": removed}
        )
    return redirect("imports:detail", job_id=job.pk)


@organisation_permission_required(IMPORT)
def template(request, kind: str):
    if kind not in Kind.values:
        return redirect(reverse("imports:list"))
    specs = kinds.fields_for(kind)
    return csv_response(
        f"heard-import-{kind}",
        [str(spec.label) for spec in specs],
        [[spec.example for spec in specs]],
    )
