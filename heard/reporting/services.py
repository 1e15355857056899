"""Writes for reports: asking for an export, and handing it over."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from heard.audit.services import audit_record

from .models import ExportFormat, ReportExport


def export_languages(organisation) -> tuple[str, ...]:
    """The languages an organisation's exports may be written in: Welsh too, in Wales."""
    return ("cy", "en") if organisation.nation == "wales" else ("en",)


def report_export_request(
    *,
    organisation,
    acting_user,
    service,
    start,
    end,
    format: str,
    suppressed: bool,
    language: str = "en",
    request=None,
) -> ReportExport:
    """Record the request, audit it, and start the background task once it is committed.

    ``language`` is the file's language; only a Welsh organisation's may be Welsh, since
    an English organisation's report names English law and bodies throughout.
    """
    if format not in ExportFormat.values:
        raise ValueError(f"unknown export format {format!r}")
    if language not in export_languages(organisation):
        raise ValueError(f"exports for this organisation are not made in {language!r}")
    with transaction.atomic():
        export = ReportExport.objects.create(
            organisation=organisation,
            requested_by=acting_user,
            service=service,
            start=start,
            end=end,
            format=format,
            suppressed=suppressed,
            language=language,
            expires_at=timezone.now() + dt.timedelta(days=settings.HEARD_REPORT_EXPORT_KEEP_DAYS),
        )
        audit_record(
            "report.export_requested",
            organisation=organisation,
            actor=acting_user,
            target=export,
            details={
                "format": format,
                "service": service.name if service else "all services",
                "start": start.isoformat(),
                "end": end.isoformat(),
                "suppressed": suppressed,
                "language": language,
            },
            request=request,
        )
        from .tasks import make_report_export

        transaction.on_commit(
            lambda: make_report_export.enqueue(export.pk, organisation_id=export.organisation_id)
        )
    return export


def report_export_downloaded(*, export: ReportExport, acting_user, request=None) -> None:
    audit_record(
        "report.exported",
        organisation=export.organisation,
        actor=acting_user,
        target=export,
        details={"format": export.format, "suppressed": export.suppressed, "size": export.size},
        request=request,
    )


def report_records_viewed(*, organisation, acting_user, key, column, row, count, request=None):
    """Audit a look at the records behind a figure (they hold personal data)."""
    audit_record(
        "report.records_viewed",
        organisation=organisation,
        actor=acting_user,
        target_label=f"{key} {column} {row}",
        details={"measure": key, "column": column, "row": row, "count": count},
        request=request,
    )


def commissioner_services_set(*, organisation, membership, services, acting_user, request=None):
    """Tie a commissioner to exactly ``services`` (all of ``organisation``), and audit it."""
    from .models import Commission

    chosen = {service.pk for service in services}
    if any(service.organisation_id != organisation.pk for service in services):
        raise ValueError("a commissioner sees only their own organisation's services")
    with transaction.atomic():
        existing = Commission.objects.for_organisation(organisation).filter(membership=membership)
        before = sorted(existing.values_list("service_id", flat=True))
        existing.exclude(service_id__in=chosen).delete()
        for service_id in chosen - set(before):
            Commission.objects.create(
                organisation=organisation, membership=membership, service_id=service_id
            )
        audit_record(
            "report.commissioner_services_changed",
            organisation=organisation,
            actor=acting_user,
            target=membership,
            changes={"services": {"old": before, "new": sorted(chosen)}},
            request=request,
        )
