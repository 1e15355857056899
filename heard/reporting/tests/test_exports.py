"""Exports: made in the background, kept for a limited time, downloaded only by who asked."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.reporting.models import ExportStatus, ReportExport
from heard.reporting.tasks import erase_expired_exports
from heard.reporting.tests.world import PERIOD, build_world
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def made(world, client, django_capture_on_commit_callbacks):
    client.force_login(world.manager.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/reports/exports/new/",
            {
                "format": "xlsx",
                "service": world.care_act.pk,
                "start": PERIOD.start.isoformat(),
                "end": PERIOD.end.isoformat(),
            },
        )
    return ReportExport.objects.get()


def test_the_export_is_made_audited_and_downloadable_by_who_asked(world, client, made):
    assert made.status == ExportStatus.READY and made.progress == 100
    assert made.size > 0
    assert AuditEvent.objects.filter(event_type="report.export_requested").count() == 1
    response = client.get(f"/reports/exports/{made.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert AuditEvent.objects.filter(event_type="report.exported").count() == 1


def test_another_manager_cannot_see_or_download_it_but_an_admin_can(world, client, made):
    other = MembershipFactory(organisation=world.organisation, role=Role.MANAGER)
    client.force_login(other.user)
    assert client.get(f"/reports/exports/{made.pk}/").status_code == 404
    assert client.get(f"/reports/exports/{made.pk}/download/").status_code == 404
    admin = MembershipFactory(organisation=world.organisation, role=Role.ADMIN)
    client.force_login(admin.user)
    assert client.get(f"/reports/exports/{made.pk}/download/").status_code == 200


def test_the_status_page_polls_while_it_is_being_made(world, client, made):
    ReportExport.objects.filter(pk=made.pk).update(status=ExportStatus.RUNNING, progress=40)
    page = client.get(f"/reports/exports/{made.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert 'value="40"' in page
    assert "Refresh this page" in page
    fragment = client.get(f"/reports/exports/{made.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="export-status"')


def test_an_expired_export_is_erased_and_not_downloadable(world, client, made):
    ReportExport.objects.filter(pk=made.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    assert client.get(f"/reports/exports/{made.pk}/download/").status_code == 404
    assert erase_expired_exports.call() == 1
    made.refresh_from_db()
    assert made.status == ExportStatus.EXPIRED and made.content is None


def test_a_commissioner_export_is_always_suppressed(
    world, client, django_capture_on_commit_callbacks
):
    from heard.reporting.models import Commission

    member = MembershipFactory(organisation=world.organisation, role=Role.COMMISSIONER)
    Commission.objects.create(
        organisation=world.organisation, membership=member, service=world.care_act
    )
    client.force_login(member.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/reports/exports/new/",
            {
                "format": "csv",
                "service": world.care_act.pk,
                "start": PERIOD.start.isoformat(),
                "end": PERIOD.end.isoformat(),
            },
        )
    export = ReportExport.objects.get()
    assert export.suppressed
    assert client.get(f"/reports/exports/{export.pk}/download/").status_code == 200
    # Not for a service they do not commission.
    response = client.post(
        "/reports/exports/new/",
        {
            "format": "csv",
            "service": world.imha.pk,
            "start": PERIOD.start.isoformat(),
            "end": PERIOD.end.isoformat(),
        },
    )
    assert response.status_code == 404
