"""Read-only report measures over the API: the same tables, suppression and access as the page.

``GET /api/v1/reports/services/<service_id>/measures/?start=YYYY-MM-DD&end=YYYY-MM-DD``
(the last complete quarter without dates). Numbers are JSON numbers; a hidden figure is
its text ("fewer than 5", "not shown"), as on the page.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from heard.api.permissions import OrganisationPermission
from heard.core.permissions import Perm
from heard.core.suppression import is_suppressed

from . import access
from .forms import PeriodForm
from .report import build_report
from .tables import completeness_figures


def _completeness(table) -> dict:
    figures = completeness_figures(table)
    if figures is None:
        return {}
    answered, total, share = figures
    return {
        "completeness": {
            "answered": json_value(answered),
            "total": json_value(total),
            "share": json_value(share),
        }
    }


def json_value(value):
    if value is None:
        return None
    if is_suppressed(value):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


class ServiceMeasuresView(APIView):
    permission_classes = [OrganisationPermission]
    required_permission = Perm.REPORTING_VIEW_REPORTS

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, service_id):
        service = access.reportable_service_or_404(request, service_id)
        form = PeriodForm(request.query_params or None, service=service)
        if form.is_bound and not form.is_valid():
            return Response({"errors": form.errors}, status=400)
        period = form.period()
        report = build_report(
            request.organisation,
            [service],
            period,
            all_services=False,
            suppressed=access.is_commissioner(request),
        )
        return Response(
            {
                "service": service.name,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "definitions_version": report.definitions_version,
                "suppressed": report.suppressed,
                "measures": {
                    table.key: {
                        "title": table.title,
                        "columns": [column.key for column in table.columns],
                        "rows": {
                            row.key: {
                                column.key: json_value(row.values.get(column.key))
                                for column in table.columns
                            }
                            for row in table.rows
                        },
                        **_completeness(table),
                    }
                    for table in report.tables
                },
            }
        )
