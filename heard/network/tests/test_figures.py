"""Members' figures: suppressed before they leave, signed with the member's Ed25519 key,
verified by the hub (file upload, API with a network token, and between two databases)."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from heard.audit.models import AuditEvent
from heard.core.advocacy_types import AdvocacyType
from heard.network import services, signing
from heard.network.figures import NETWORK_MEASURES
from heard.network.models import AggregateSnapshot
from heard.organisations.models import Role
from heard.reporting.measures import DEFINITIONS_VERSION
from tests.factories import CaseFactory, MembershipFactory, PersonFactory
from tests.pages import text_of

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
PERIOD = {"start": START, "end": END}
PERIOD_FORM = {
    "start-day": "1",
    "start-month": "4",
    "start-year": "2026",
    "end-day": "30",
    "end-month": "6",
    "end-year": "2026",
}


def first_contact(figures, row, column="cases"):
    table = figures["time_to_first_contact"]
    return next(r for r in table["rows"] if r["key"] == row)["values"][column]


@pytest.fixture
def known_cases(organisation):
    """7 routine and 3 urgent cases received in the period; 2 outside it. Each person has a
    name, date of birth and NHS number that must never reach the hub."""
    people = []
    kinds = [(AdvocacyType.CARE_ACT, "standard")] * 7 + [(AdvocacyType.IMCA, "urgent")] * 3
    for index, (advocacy_type, priority) in enumerate(kinds):
        person = PersonFactory(
            organisation=organisation,
            first_name="Wilhelmina",
            last_name=f"Zyxwhisper{index}",
            date_of_birth=dt.date(1950, 1, 1 + index),
            nhs_number="9434765919",
        )
        people.append(person)
        CaseFactory(
            organisation=organisation,
            person=person,
            advocacy_type=advocacy_type,
            priority=priority,
            received_on=START + dt.timedelta(days=index),
        )
    CaseFactory(organisation=organisation, received_on=dt.date(2026, 3, 31))
    CaseFactory(organisation=organisation, received_on=dt.date(2026, 7, 1))
    return people


def test_figures_are_suppressed_before_they_are_signed(organisation, known_cases):
    """The reporting measures, suppressed: urgent 3 becomes "fewer than 5"; routine 7 is
    then "not shown" (else 10 - 7 = 3); the total 10 stays."""
    payload = signing.build_payload(organisation, network_name="N", **PERIOD)
    figures = payload["figures"]
    assert payload["definitions_version"] == f"reporting-{DEFINITIONS_VERSION}"
    assert set(figures) == set(NETWORK_MEASURES)
    assert first_contact(figures, "total") == 10
    assert first_contact(figures, "urgent") == "fewer than 5"
    assert first_contact(figures, "standard") == "not shown"
    assert first_contact(figures, "total", "done") == 0
    cases = figures["case_counts"]["rows"]
    assert all(isinstance(v, int) for row in cases for v in row["values"].values())
    # The same figures again: nothing depends on when it runs.
    again = signing.build_payload(organisation, network_name="N", **PERIOD)["figures"]
    assert again == figures


def test_the_payload_holds_no_personal_data(organisation, known_cases, member, org_admin):
    raw = services.figures_export(acting=org_admin, member=member, **PERIOD).decode()
    for person in known_cases:
        for value in (person.last_name, person.reference, "9434765919", "1950-01"):
            assert value not in raw
    assert "Wilhelmina" not in raw
    for person in known_cases:
        for case in person.cases.all():
            assert case.reference not in raw


def test_a_member_admin_sends_figures_and_the_coordinator_sees_them(
    network, member, org_admin, coordinator, known_cases, sign_in
):
    form = {**PERIOD_FORM, "action": "send"}
    response = sign_in(org_admin).post(f"/network/{network.pk}/figures/", form)
    assert response.status_code == 302
    snapshot = AggregateSnapshot.objects.get()
    assert first_contact(snapshot.figures, "total") == 10
    member.refresh_from_db()
    assert member.public_key == signing.signing_key_for(member.organisation).public_key
    page = sign_in(coordinator).get(f"/network/{network.pk}/figures/")
    assert member.organisation.name in text_of(page)
    assert "Zyxwhisper" not in page.content.decode()
    # The same period twice is refused beside the form, not stored twice.
    again = sign_in(org_admin).post(f"/network/{network.pk}/figures/", form)
    assert "already received" in text_of(again)
    assert AggregateSnapshot.objects.count() == 1


def test_downloading_the_signed_file(network, member, org_admin, known_cases, sign_in):
    form = {**PERIOD_FORM, "action": "download"}
    response = sign_in(org_admin).post(f"/network/{network.pk}/figures/", form)
    envelope = json.loads(response.content)
    assert envelope["payload"]["definitions_version"] == f"reporting-{DEFINITIONS_VERSION}"
    signing.verify(signing.read_envelope(response.content), envelope["public_key"])


def test_only_a_members_admin_and_coordinators_reach_figures(network, member, advocate, sign_in):
    assert sign_in(advocate).get(f"/network/{network.pk}/figures/").status_code == 404


def _signed(organisation, member):
    key = signing.signing_key_for(organisation)
    member.public_key = key.public_key
    member.save()
    payload = signing.build_payload(organisation, network_name="N", **PERIOD)
    return signing.sign(organisation, payload)


def _tampered(raw: bytes) -> bytes:
    envelope = json.loads(raw)
    envelope["payload"]["figures"]["time_to_first_contact"]["rows"][-1]["values"]["cases"] = 99
    return json.dumps(envelope).encode()


def test_a_tampered_file_is_rejected_on_upload(
    network, member, coordinator, organisation, known_cases, sign_in
):
    raw = _tampered(_signed(organisation, member))
    response = sign_in(coordinator).post(
        f"/network/{network.pk}/figures/upload/",
        {"file": SimpleUploadedFile("figures.json", raw)},
    )
    assert "signature does not match" in text_of(response)
    assert not AggregateSnapshot.objects.exists()
    assert AuditEvent.objects.filter(event_type="network.figures_rejected").exists()


def test_an_uploaded_file_that_is_not_figures_says_so(network, coordinator, sign_in):
    response = sign_in(coordinator).post(
        f"/network/{network.pk}/figures/upload/",
        {"file": SimpleUploadedFile("figures.json", b"[1, 2")},
    )
    assert "not a network figures file" in text_of(response)


def test_the_api_takes_figures_with_a_network_token(
    client, network, member, coordinator, organisation, known_cases
):
    raw = _signed(organisation, member)
    token = services.member_installation_register(
        acting=coordinator, member=member, public_key=member.public_key
    )
    url = "/api/v1/network/figures/"
    assert client.post(url, raw, content_type="application/json").status_code == 403
    bad = client.post(
        url, _tampered(raw), content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert bad.status_code == 400
    assert "signature" in bad.json()["errors"][0]
    good = client.post(
        url, raw, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert good.status_code == 201
    assert AggregateSnapshot.objects.get().payload == raw.decode()


def test_a_coordinator_registers_a_member_installation(network, member, coordinator, sign_in):
    key = signing.signing_key_for(MembershipFactory(role=Role.ADMIN).organisation).public_key
    response = sign_in(coordinator).post(
        f"/network/members/{member.pk}/installation/", {"public_key": key}
    )
    assert "Network token issued" in text_of(response)
    member.refresh_from_db()
    assert member.public_key == key and member.token_hash
    bad = sign_in(coordinator).post(
        f"/network/members/{member.pk}/installation/", {"public_key": "not a key"}
    )
    assert "Enter the public key exactly" in text_of(bad)


@pytest.mark.django_db(transaction=True)
def test_round_trip_between_two_databases(organisation, tmp_path, known_cases):
    """This database signs; a hub in another process and database verifies and stores the
    figures as sent, and refuses a tampered copy."""
    key = signing.signing_key_for(organisation)
    payload = signing.build_payload(organisation, network_name="Hub network", **PERIOD)
    raw = signing.sign(organisation, payload)
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(raw)
    bad.write_bytes(_tampered(raw))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'hub.sqlite3'}"}
    result = subprocess.run(  # noqa: S603 - our own module, with paths we made
        [
            sys.executable,
            "-m",
            "heard.network.tests.hub_installation",
            key.public_key,
            str(good),
            str(bad),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert result.returncode == 0, result.stderr
    stored, refused = [json.loads(line) for line in result.stdout.strip().splitlines()[-2:]]
    assert stored["figures"] == json.loads(json.dumps(payload["figures"]))
    assert stored["payload"] == raw.decode()
    assert "signature does not match" in refused["refused"][0]
