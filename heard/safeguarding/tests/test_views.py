"""Safeguarding pages: recording, the flagged list, follow-up, sign-off, export and permissions."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.core.working_days import working_days_ago
from heard.organisations.models import Role
from heard.safeguarding.models import SafeguardingConcern
from tests.factories import CaseFactory, MembershipFactory, SafeguardingConcernFactory


def date_parts(name: str, value: dt.date) -> dict:
    return {f"{name}-day": value.day, f"{name}-month": value.month, f"{name}-year": value.year}


def long_ago() -> dt.date:
    """Ten working days ago (on any day of the week): past any acknowledgement limit."""
    return working_days_ago(timezone.localdate(), 10)


def test_raising_from_a_case(advocate_client, organisation):
    """``?case=`` links the concern to the case; the organisation it is about is then optional."""
    case = CaseFactory(organisation=organisation)
    url = f"/safeguarding/new/?case={case.pk}"
    page = advocate_client.get(url).content.decode()
    assert f"Case {case.reference}" in page
    assert "If someone is in immediate danger, call 999 first." in page
    response = advocate_client.post(
        url,
        {
            "summary": "Unexplained bruising",
            "abuse_types": ["physical"],
            "raised_to": "local_authority",
            **date_parts("raised_on", timezone.localdate()),
        },
    )
    concern = SafeguardingConcern.objects.get()
    assert response["Location"] == f"/safeguarding/{concern.pk}/"
    assert concern.case == case
    assert concern.raised_by == advocate_client.user


def test_raising_about_an_organisation_needs_its_name(advocate_client):
    """Without a case the organisation is required; every problem is explained beside its field."""
    response = advocate_client.post(
        "/safeguarding/new/", {"raised_to": "other", "summary": "Typed text kept"}
    )
    page = response.content.decode()
    for message in (
        "Enter the organisation or service the concern is about",
        "Select at least one type of abuse or neglect",
        "Enter who the concern was raised with",
        "Enter date raised",
    ):
        assert message in page
    assert "Typed text kept" in page
    assert not SafeguardingConcern.objects.exists()


def test_raising_for_another_organisations_case_is_404(advocate_client, other_organisation):
    """The ``case`` parameter goes through the case access function: another's case is a 404."""
    foreign = CaseFactory(organisation=other_organisation)
    assert advocate_client.get(f"/safeguarding/new/?case={foreign.pk}").status_code == 404
    assert advocate_client.get("/safeguarding/new/?case=abc").status_code == 404


def test_raising_for_a_restricted_case_is_refused(advocate_client, organisation):
    """A restricted case the advocate may not open: 403, audited."""
    owner = MembershipFactory(organisation=organisation)
    case = CaseFactory(organisation=organisation, is_restricted=True, allocated_to=owner)
    assert advocate_client.get(f"/safeguarding/new/?case={case.pk}").status_code == 403
    assert AuditEvent.objects.filter(event_type="case.restricted_access_refused").exists()


def test_list_flags_concerns_not_acknowledged_in_time(advocate_client, organisation):
    """Flagged concerns come first with a red tag and their working days waited."""
    SafeguardingConcernFactory(organisation=organisation, about_organisation="Fresh Home")
    SafeguardingConcernFactory(
        organisation=organisation, about_organisation="Silent Home", raised_on=long_ago()
    )
    SafeguardingConcernFactory(
        organisation=organisation,
        about_organisation="Answered Home",
        raised_on=long_ago(),
        acknowledged_on=long_ago(),
    )
    page = advocate_client.get("/safeguarding/").content.decode()
    assert page.index("Silent Home") < page.index("Fresh Home") < page.index("Answered Home")
    assert "Not acknowledged" in page
    assert "10 working days without acknowledgement" in page
    assert "1 not acknowledged in time" in page
    flagged = advocate_client.get("/safeguarding/?show=flagged").content.decode()
    assert "Silent Home" in flagged
    assert "Fresh Home" not in flagged


def test_follow_up_pages(advocate_client, organisation):
    """Acknowledge, set a chase date and record the outcome, each from the concern's page."""
    concern = SafeguardingConcernFactory(organisation=organisation, raised_on=long_ago())
    base = f"/safeguarding/{concern.pk}/"
    today = timezone.localdate()
    page = advocate_client.get(base).content.decode()
    assert "Record that they acknowledged it" in page
    assert "Sign off this concern" not in page  # advocates do not sign off
    bad = advocate_client.post(
        base + "acknowledge/", date_parts("acknowledged_on", long_ago() - dt.timedelta(days=1))
    )
    assert "Date acknowledged must be on or after the date raised" in bad.content.decode()
    advocate_client.post(
        base + "acknowledge/", {**date_parts("acknowledged_on", today), "their_reference": "LA-1"}
    )
    advocate_client.post(base + "chase/", date_parts("chase_on", today + dt.timedelta(days=7)))
    advocate_client.post(
        base + "outcome/",
        {
            "outcome": "no_further_action",
            "outcome_note": "Family support",
            **date_parts("outcome_on", today),
        },
    )
    concern.refresh_from_db()
    assert concern.acknowledged_on == today
    assert concern.their_reference == "LA-1"
    assert concern.chase_on == today + dt.timedelta(days=7)
    assert concern.outcome == "no_further_action"
    assert "Outcome recorded" in advocate_client.get(base).content.decode()


def test_manager_signs_off_and_advocates_cannot(client_as, organisation):
    """Sign-off is a manager's (or admin's): advocates get 403, the manager's name is recorded."""
    concern = SafeguardingConcernFactory(organisation=organisation)
    url = f"/safeguarding/{concern.pk}/sign-off/"
    advocate = client_as(Role.ADVOCATE, organisation)
    assert advocate.get(url).status_code == 403
    assert advocate.post(url).status_code == 403
    manager = client_as(Role.MANAGER, organisation)
    response = manager.post(url, {"note": "Checked"}, follow=True)
    page = response.content.decode()
    assert "Concern signed off" in page
    assert f"by {manager.user.full_name}" in page
    concern.refresh_from_db()
    assert concern.signed_off_by == manager.user


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.NETWORK_COORDINATOR])
def test_commissioners_and_the_network_are_refused(client_as, organisation, role):
    """Every safeguarding page is 403 for roles that never see personal data."""
    concern = SafeguardingConcernFactory(organisation=organisation)
    client = client_as(role, organisation)
    for url in ("/safeguarding/", "/safeguarding/new/", "/safeguarding/export/"):
        assert client.get(url).status_code == 403, url
    for action in ("", "acknowledge/", "chase/", "outcome/", "sign-off/"):
        assert client.get(f"/safeguarding/{concern.pk}/{action}").status_code == 403, action


def test_restricted_case_concerns_are_placeholders(advocate_client, organisation):
    """A concern from a restricted case shows its case reference as "Restricted case" only."""
    owner = MembershipFactory(organisation=organisation)
    # A surname no page uses as a word (a generated one such as "Day" or "Case" might be).
    case = CaseFactory(
        organisation=organisation,
        is_restricted=True,
        allocated_to=owner,
        person__last_name="Marrowfen",
    )
    concern = SafeguardingConcernFactory(
        organisation=organisation, case=case, about_organisation="Hidden Home"
    )
    page = advocate_client.get("/safeguarding/").content.decode()
    assert f"{case.reference}: Restricted case" in page
    assert "Hidden Home" not in page
    assert case.person.last_name not in page
    assert advocate_client.get(f"/safeguarding/{concern.pk}/").status_code == 403


def test_export_columns_only_this_organisation_and_audited(
    manager_client, organisation, other_organisation
):
    """The CSV has the documented columns, this organisation's concerns only, and is audited."""
    SafeguardingConcernFactory(
        organisation=organisation, raised_on=long_ago(), their_reference="LA-7"
    )
    SafeguardingConcernFactory(organisation=other_organisation, about_organisation="Elsewhere Home")
    response = manager_client.get("/safeguarding/export/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Concern ID",
        "Case reference",
        "Restricted",
        "About organisation",
        "Abuse types",
        "Raised with",
        "Raised on",
        "Their reference",
        "Acknowledged on",
        "Not acknowledged in time",
        "Chase on",
        "Outcome",
        "Outcome on",
        "Signed off",
        "Signed off on",
    ]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Abuse types"] == "Neglect and acts of omission; Organisational abuse"
    assert row["Not acknowledged in time"] == "Yes"
    assert row["Their reference"] == "LA-7"
    assert "Elsewhere Home" not in response.content.decode("utf-8-sig")
    event = AuditEvent.objects.get(event_type="safeguarding.exported")
    assert event.is_access and event.actor == manager_client.user
    assert manager_client.user.memberships.get().role == Role.MANAGER


def test_advocates_cannot_export(advocate_client):
    """Exports are for managers and admins."""
    assert advocate_client.get("/safeguarding/export/").status_code == 403
