"""Report pages. Thin: access in ``access``, figures in ``measures``, text in ``presenters``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from heard.core.permissions import Perm
from heard.organisations.models import Membership, Role, Service
from heard.organisations.permissions import organisation_permission_required
from heard.organisations.tenancy import get_scoped_or_404, scoped

from . import access, counted, measures, presenters
from .forms import PeriodForm
from .models import Commission, ExportFormat, ExportStatus, ReportExport
from .report import build_report, scope_for
from .services import (
    commissioner_services_set,
    export_languages,
    report_export_downloaded,
    report_export_request,
    report_records_viewed,
)


@organisation_permission_required(Perm.REPORTING_VIEW_REPORTS)
def index(request):
    return render_index(request)


def render_index(request, *, at_home: bool = False):
    services = list(access.reportable_services(request).order_by("name"))
    return render(
        request,
        "reporting/index.html",
        {
            "services": services,
            "at_home": at_home,
            "all_services": access.may_see_all_services(request),
            "is_commissioner": access.is_commissioner(request),
            "may_manage": request.user.has_perm(
                Perm.REPORTING_MANAGE_COMMISSIONERS, request.organisation
            ),
        },
    )


def _report_page(request, *, services, service=None, all_services: bool):
    form = PeriodForm(request.GET or None, service=service)
    period = form.period()
    suppressed = access.must_suppress(request)
    report = build_report(
        request.organisation,
        services,
        period,
        all_services=all_services,
        suppressed=suppressed,
    )
    link_base = None
    if not suppressed and access.may_open_records(request):
        link_base = {
            "service": service.pk if service else "all",
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }
    sections = [
        {
            "key": section.key,
            "title": section.title,
            "tables": [
                {
                    "table": table,
                    "rows": presenters.display_rows(table, link_base=link_base),
                    "completeness": presenters.completeness_text(table),
                }
                for table in section.tables
            ],
        }
        for section in report.sections
    ]
    return render(
        request,
        "reporting/report.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "service": service,
            "period": period,
            "is_commissioner": access.is_commissioner(request),
            "may_preview_shared": not access.is_commissioner(request),
            "no_figure_hint": presenters.no_figure_hint(),
            "export_formats": ExportFormat.choices,
            "export_languages": [
                (code, name)
                for code, name in settings.LANGUAGES
                if code in export_languages(request.organisation)
            ],
        },
    )


@organisation_permission_required(Perm.REPORTING_VIEW_REPORTS)
def service_report(request, service_id):
    service = access.reportable_service_or_404(request, service_id)
    return _report_page(request, services=[service], service=service, all_services=False)


@organisation_permission_required(Perm.REPORTING_VIEW_REPORTS)
def organisation_report(request):
    if not access.may_see_all_services(request):
        raise Http404("Not found")
    services = list(scoped(request, Service).order_by("name"))
    return _report_page(request, services=services, all_services=True)


@organisation_permission_required(Perm.REPORTING_VIEW_COUNTED_RECORDS)
def counted_records(request):
    data = request.GET
    key, column, row = data.get("measure", ""), data.get("column", ""), data.get("row", "")
    if key not in measures.MEASURES or not counted.has_list(key, column):
        raise Http404("Not found")
    if data.get("service") == "all":
        service, services, all_services = None, list(scoped(request, Service)), True
    else:
        service = access.reportable_service_or_404(request, data.get("service"))
        services, all_services = [service], False
    form = PeriodForm(data, service=service)
    if not form.is_valid() or not (form.cleaned_data.get("start") and form.cleaned_data.get("end")):
        raise Http404("Not found")
    period = form.period()
    scope = scope_for(request.organisation, services, period, all_services=all_services)
    found = counted.counted(scope, key, column, row)
    if found is None:
        raise Http404("Not found")
    rows, total = found
    table = measures.MEASURES[key].compute(scope)
    report_records_viewed(
        organisation=request.organisation,
        acting_user=request.user,
        key=key,
        column=column,
        row=row,
        count=total,
        request=request,
    )
    row_label = next((r.label for r in table.rows if r.key == row), row)
    column_label = next((c.label for c in table.columns if c.key == column), column)
    back = (
        reverse_report(service)
        + "?"
        + f"start={period.start.isoformat()}&end={period.end.isoformat()}"
    )
    return render(
        request,
        "reporting/counted.html",
        {
            "table": table,
            "row_label": row_label,
            "column_label": column_label,
            "rows": rows,
            "total": total,
            "limit": counted.LIMIT,
            "period": period,
            "service": service,
            "back_url": back,
        },
    )


def reverse_report(service) -> str:
    from django.urls import reverse

    if service is None:
        return reverse("reporting:organisation")
    return reverse("reporting:service", kwargs={"service_id": service.pk})


class CommissionForm(forms.Form):
    services = forms.MultipleChoiceField(
        label=gettext_lazy("Services this commissioner sees"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = [(str(s.pk), s.name) for s in services]


@organisation_permission_required(Perm.REPORTING_MANAGE_COMMISSIONERS)
def commissioners(request):
    services = list(scoped(request, Service).order_by("name"))
    people = list(
        scoped(request, Membership)
        .active()
        .filter(role=Role.COMMISSIONER)
        .select_related("user")
        .order_by("user__full_name", "pk")
    )
    ties = {}
    for commission in scoped(request, Commission).filter(membership__in=people):
        ties.setdefault(commission.membership_id, []).append(str(commission.service_id))
    if request.method == "POST":
        member = next((p for p in people if str(p.pk) == request.POST.get("membership")), None)
        if member is None:
            raise Http404("Not found")
        form = CommissionForm(request.POST, services=services, prefix=f"m{member.pk}")
        if form.is_valid():
            chosen = set(form.cleaned_data["services"])
            commissioner_services_set(
                organisation=request.organisation,
                membership=member,
                services=[service for service in services if str(service.pk) in chosen],
                acting_user=request.user,
                request=request,
            )
            messages.success(request, _("Services saved"))
            return redirect("reporting:commissioners")
    rows = [
        {
            "member": person,
            "form": CommissionForm(
                initial={"services": ties.get(person.pk, [])},
                services=services,
                prefix=f"m{person.pk}",
            ),
        }
        for person in people
    ]
    return render(request, "reporting/commissioners.html", {"rows": rows, "services": services})


# --- Exports ---------------------------------------------------------------------------------


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=ExportFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a format")},
    )
    service = forms.CharField(widget=forms.HiddenInput)
    start = forms.DateField(widget=forms.HiddenInput)
    end = forms.DateField(widget=forms.HiddenInput)
    shared = forms.BooleanField(required=False, widget=forms.HiddenInput)
    language = forms.ChoiceField(choices=settings.LANGUAGES, required=False)


def _exports_for(request):
    exports = scoped(request, ReportExport)
    if not request.user.has_perm(Perm.REPORTING_MANAGE_COMMISSIONERS, request.organisation):
        # Only who asked may see and download an export (admins may see all).
        exports = exports.filter(requested_by=request.user)
    return exports


@organisation_permission_required(Perm.REPORTING_EXPORT_REPORTS)
@require_POST
def export_create(request):
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a format for the export"))
        next_url = request.POST.get("next_url", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = "reporting:index"
        return redirect(next_url)
    data = form.cleaned_data
    if data["service"] == "all":
        if not access.may_see_all_services(request):
            raise Http404("Not found")
        service = None
    else:
        service = access.reportable_service_or_404(request, data["service"])
    if data["end"] < data["start"]:
        raise Http404("Not found")
    export = report_export_request(
        organisation=request.organisation,
        acting_user=request.user,
        service=service,
        start=data["start"],
        end=data["end"],
        format=data["format"],
        suppressed=access.is_commissioner(request) or bool(data["shared"]),
        language=_export_language(request, data["language"]),
        request=request,
    )
    return redirect("reporting:export", export_id=export.pk)


def _export_language(request, chosen: str) -> str:
    """The language asked for, if the organisation's exports come in it; else the page's."""
    allowed = export_languages(request.organisation)
    if chosen in allowed:
        return chosen
    page = (translation.get_language() or "en").split("-")[0]
    return page if page in allowed else "en"


@organisation_permission_required(Perm.REPORTING_EXPORT_REPORTS)
def export_status(request, export_id):
    export = get_scoped_or_404(request, _exports_for(request).defer("content"), pk=export_id)
    context = {"export": export, "polling": export.status in ("queued", "running")}
    if request.headers.get("HX-Request"):
        return render(request, "reporting/export.html#export-status", context)
    return render(request, "reporting/export.html", context)


@organisation_permission_required(Perm.REPORTING_EXPORT_REPORTS)
def export_download(request, export_id):
    export = get_scoped_or_404(request, _exports_for(request), pk=export_id)
    if export.status != ExportStatus.READY or export.content is None:
        raise Http404("Not found")
    if export.expires_at <= timezone.now():
        raise Http404("Not found")
    report_export_downloaded(export=export, acting_user=request.user, request=request)
    response = HttpResponse(bytes(export.content), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


@organisation_permission_required(Perm.REPORTING_EXPORT_REPORTS)
def export_list(request):
    exports = list(
        _exports_for(request).defer("content").select_related("service", "requested_by")[:50]
    )
    return render(request, "reporting/exports.html", {"exports": exports, "now": timezone.now()})


# --- Dashboards ------------------------------------------------------------------------------


def _dashboard(request, *, services, service=None, all_services: bool):
    from . import trends

    suppressed = access.must_suppress(request)
    figures = trends.twelve_months(
        request.organisation,
        services,
        timezone.localdate(),
        all_services=all_services,
        suppressed=suppressed,
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "trends": [
                {
                    "trend": trend,
                    "rows": [
                        (label, presenters.figure_text(value, "count"))
                        for label, value in trend.rows
                    ],
                }
                for trend in figures
            ],
            "service": service,
            "suppressed": suppressed,
            "title": service.name if service else _("All services"),
        },
    )


@organisation_permission_required(Perm.REPORTING_VIEW_REPORTS)
def organisation_dashboard(request):
    if not access.may_see_all_services(request):
        raise Http404("Not found")
    services = list(scoped(request, Service).order_by("name"))
    return _dashboard(request, services=services, all_services=True)


@organisation_permission_required(Perm.REPORTING_VIEW_REPORTS)
def service_dashboard(request, service_id):
    service = access.reportable_service_or_404(request, service_id)
    return _dashboard(request, services=[service], service=service, all_services=False)


# --- Equality ----------------------------------------------------------------------------------


def _equality_page(request, *, services, service=None, all_services: bool):
    from . import equality
    from .disclosure import suppress_report_table

    form = PeriodForm(request.GET or None, service=service)
    period = form.period()
    suppressed = access.must_suppress(request)
    scope = scope_for(request.organisation, services, period, all_services=all_services)
    tables = equality.equality_tables(scope)
    if suppressed:
        tables = [suppress_report_table(table) for table in tables]
    return render(
        request,
        "reporting/equality.html",
        {
            "form": form,
            "period": period,
            "service": service,
            "suppressed": suppressed,
            "title": service.name if service else _("All services"),
            "tables": [
                {
                    "table": table,
                    "rows": presenters.display_rows(table),
                    "completeness": presenters.completeness_text(table),
                }
                for table in tables
            ],
        },
    )


@organisation_permission_required(Perm.REPORTING_VIEW_REPORTS)
def organisation_equality(request):
    if not access.may_see_all_services(request):
        raise Http404("Not found")
    services = list(scoped(request, Service).order_by("name"))
    return _equality_page(request, services=services, all_services=True)


@organisation_permission_required(Perm.REPORTING_VIEW_REPORTS)
def service_equality(request, service_id):
    service = access.reportable_service_or_404(request, service_id)
    return _equality_page(request, services=[service], service=service, all_services=False)
