"""The one place that says which services' reports a member may see, and in what form.

Managers and admins see every service of their organisation, with exact figures. A
commissioner sees only the services tied to their membership (``Commission``), always
suppressed, and never the records behind a figure.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from heard.core.permissions import Perm
from heard.organisations.models import Role, Service
from heard.organisations.tenancy import scoped


def is_commissioner(request) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role == Role.COMMISSIONER


def reportable_services(request) -> QuerySet:
    services = scoped(request, Service)
    if is_commissioner(request):
        return services.filter(commissions__membership=request.membership).distinct()
    return services


def reportable_service_or_404(request, service_id) -> Service:
    try:
        return reportable_services(request).get(pk=service_id)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("Not found") from exc


def may_see_all_services(request) -> bool:
    return not is_commissioner(request)


def must_suppress(request) -> bool:
    """Figures leaving the organisation are always suppressed; staff may preview them so."""
    if is_commissioner(request):
        return True
    return request.GET.get("shared") == "1"


def may_open_records(request) -> bool:
    return request.user.has_perm(Perm.REPORTING_VIEW_COUNTED_RECORDS, request.organisation)
