"""Background work for reports: making an export, and erasing expired ones."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from heard.casework import milestones
from heard.core import progress
from heard.core.task_recovery import when_abandoned
from heard.core.tenant_db import in_organisation
from heard.organisations.models import Organisation, Service

from .exports import WRITERS, export_filename
from .models import ExportStatus, ReportExport
from .periods import date_range
from .report import build_report
from .time_summary import rebuild


def _set(export_id: int, **fields) -> None:
    """Progress, and a failure the task's rollback would undo, seen by the page at once."""
    progress.record(ReportExport, export_id, **fields)


@task()
@in_organisation
def make_report_export(export_id: int) -> bool:
    """Build one export's file, reporting progress as it goes (enqueued on commit).

    Enqueue with ``organisation_id=``: the task runs bound to the export's organisation.
    """
    export = (
        ReportExport.objects.select_related("organisation", "service").filter(pk=export_id).first()
    )
    if export is None or export.status not in (ExportStatus.QUEUED, ExportStatus.RUNNING):
        return False
    _set(export_id, status=ExportStatus.RUNNING, progress=5)
    try:
        # Every word in the file (headings, labels, the cover) in the language asked for.
        with translation.override(export.language or "en"):
            if export.service is None:
                services = list(
                    Service.objects.for_organisation(export.organisation).order_by("name")
                )
            else:
                services = [export.service]
            measures_done = []

            def on_measure(done: int, total: int) -> None:
                measures_done.append(done)
                _set(export_id, progress=5 + int(60 * done / total))

            report = build_report(
                export.organisation,
                services,
                date_range(export.start, export.end),
                all_services=export.service is None,
                suppressed=export.suppressed,
                progress=on_measure,
            )

            def on_write(done: int, total: int) -> None:
                _set(export_id, progress=65 + int(30 * done / total))

            content = WRITERS[export.format](report, progress=on_write)
            filename = export_filename(report, export.format)
    except Exception:
        _set(export_id, status=ExportStatus.FAILED)
        raise
    # With the task's transaction: the file and "ready" are seen together, when it commits.
    ReportExport.objects.filter(pk=export_id).update(
        status=ExportStatus.READY,
        progress=100,
        content=content,
        size=len(content),
        filename=filename,
        completed_at=timezone.now(),
    )
    return True


@when_abandoned(make_report_export)
def fail_abandoned_export(export_id: int) -> None:
    """The worker stopped while making the file: the person who asked sees it failed (and can
    ask again) instead of a progress bar that never moves."""
    ReportExport.objects.filter(
        pk=export_id, status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING)
    ).update(status=ExportStatus.FAILED)


# Cross-organisation work: run by the worker that connects as the maintenance role.
@task(queue_name="maintenance")
def erase_expired_exports() -> int:
    """Erase the files of exports past their keeping time (the row stays, as a record)."""
    with transaction.atomic():
        return (
            ReportExport.objects.filter(expires_at__lte=timezone.now())
            .exclude(status=ExportStatus.EXPIRED)
            .update(status=ExportStatus.EXPIRED, content=None, size=0)
        )


# Cross-organisation work: run by the worker that connects as the maintenance role.
@task(queue_name="maintenance")
def rebuild_time_summary(organisation_ids: list[int] | None = None) -> int:
    """Recompute the daily time summary from the activities (every organisation by default).

    Scheduled nightly, which bounds how far the summary can be behind changes made outside
    the activity services (erasure, retention, restores). Returns the rows written.
    """
    if organisation_ids is None:
        organisation_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    return sum(rebuild(organisation_id) for organisation_id in organisation_ids)


# Cross-organisation work: run by the worker that connects as the maintenance role.
@task(queue_name="maintenance")
def rebuild_case_milestones(organisation_ids: list[int] | None = None) -> int:
    """Put right every case's stored first-contact and allocation days (every organisation by
    default) from its activities and status rows.

    Scheduled nightly, which bounds how far they can be behind changes made outside the
    casework services (erasure, retention, restores). Returns how many cases changed.
    """
    if organisation_ids is None:
        organisation_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    return sum(milestones.rebuild(organisation_id) for organisation_id in organisation_ids)
