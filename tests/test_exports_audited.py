"""Bulk reads leave a trace: every CSV download in the project writes an access event, and so
does every page of the people API (one per person sent)."""

import pytest

from heard.audit.models import AuditEvent
from tests.test_fuzz import NAMES, url_for, world  # noqa: F401  (``world`` is a fixture)

pytestmark = pytest.mark.django_db

# CSV downloads that read no record, each with the reason.
READ_NO_RECORDS = {
    "imports:template": "an import template: column headings only, no record is read",
}


def test_every_csv_download_is_audited(client, world):  # noqa: F811
    client.force_login(world["admin"])
    csv_routes = []
    for name in NAMES:
        if name.startswith(("refer:", "accounts:", "api:", "healthz", "set_language")):
            continue
        url = url_for(name, world)
        before = set(AuditEvent.objects.filter(is_access=True).values_list("pk", flat=True))
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/csv"
        ):
            continue
        csv_routes.append(name)
        if name in READ_NO_RECORDS:
            assert response.content.decode("utf-8-sig").count("\n") <= 2, name
            continue
        new = AuditEvent.objects.filter(is_access=True).exclude(pk__in=before)
        assert new.filter(actor=world["admin"]).exists(), f"{name} ({url}) is not audited"
    # The walk really found the exports (a broken walk must not pass silently).
    assert len(csv_routes) >= 8, csv_routes
