"""A Welsh organisation's report exports come in Welsh or in English, as asked."""

import io
import zipfile

import pytest

from heard.audit.models import AuditEvent
from heard.organisations.models import Organisation
from heard.reporting.models import ReportExport
from heard.reporting.tests.world import PERIOD, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _welsh(world):
    Organisation.objects.filter(pk=world.organisation.pk).update(nation="wales")


def _export(client, world, capture, **extra) -> ReportExport:
    client.force_login(world.manager.user)
    with capture(execute=True):
        client.post(
            "/reports/exports/new/",
            {
                "format": "csv",
                "service": world.care_act.pk,
                "start": PERIOD.start.isoformat(),
                "end": PERIOD.end.isoformat(),
                **extra,
            },
        )
    return ReportExport.objects.latest("id")


def _cover(export: ReportExport) -> str:
    with zipfile.ZipFile(io.BytesIO(bytes(export.content))) as archive:
        return archive.read("about.csv").decode("utf-8-sig")


def test_a_welsh_organisation_gets_its_report_in_welsh(
    world, client, django_capture_on_commit_callbacks
):
    _welsh(world)
    export = _export(client, world, django_capture_on_commit_callbacks, language="cy")
    assert export.language == "cy"
    cover = _cover(export)
    assert "Adroddiad contract" in cover and "Sefydliad" in cover
    assert "Contract report" not in cover
    event = AuditEvent.objects.get(event_type="report.export_requested")
    assert event.details["language"] == "cy"


def test_and_in_english_when_it_asks(world, client, django_capture_on_commit_callbacks):
    _welsh(world)
    export = _export(client, world, django_capture_on_commit_callbacks, language="en")
    assert export.language == "en"
    assert "Contract report" in _cover(export)


def test_without_a_choice_the_page_language_is_used(
    world, client, django_capture_on_commit_callbacks
):
    _welsh(world)
    client.force_login(world.manager.user)
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    export = _export(client, world, django_capture_on_commit_callbacks)
    assert export.language == "cy"


def test_an_english_organisation_exports_in_english_only(
    world, client, django_capture_on_commit_callbacks
):
    """Its report names English law and bodies; a Welsh file of it is not offered."""
    export = _export(client, world, django_capture_on_commit_callbacks, language="cy")
    assert export.language == "en"
    assert "Contract report" in _cover(export)


def test_the_report_page_offers_the_language_only_in_wales(world, client):
    client.force_login(world.manager.user)
    url = f"/reports/services/{world.care_act.pk}/"
    assert 'id="export-language-cy"' not in client.get(url).content.decode()
    _welsh(world)
    page = client.get(url).content.decode()
    assert 'id="export-language-cy"' in page and 'id="export-language-en"' in page
    assert 'lang="cy">Cymraeg</label>' in page
