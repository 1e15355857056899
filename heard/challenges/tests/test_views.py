"""Challenge pages: raising from a case, answering, escalating, the list, the export, permissions."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.challenges.models import Challenge, Outcome
from heard.organisations.models import Role
from tests.factories import CaseFactory, ChallengeFactory, MembershipFactory


def date_parts(name: str, value: dt.date) -> dict:
    return {f"{name}-day": value.day, f"{name}-month": value.month, f"{name}-year": value.year}


@pytest.fixture
def case(organisation):
    return CaseFactory(organisation=organisation)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_advocate_raises_a_challenge_from_the_case(advocate_client, case):
    """The form saves the challenge with the level's default due date and opens its page."""
    raised = dt.date(2025, 4, 14)
    response = advocate_client.post(
        f"/challenges/case/{case.pk}/new/",
        {
            "level": "1",
            "challenged_organisation": "Leeds City Council",
            "challenged_role": "Social worker",
            "subject": "access",
            "summary": "The care home would not let me see her.",
            **date_parts("raised_on", raised),
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/challenges/{challenge.pk}/"
    assert challenge.raised_by == advocate_client.user
    assert challenge.response_due_on == dt.date(2025, 4, 30)
    page = advocate_client.get(response["Location"]).content.decode()
    assert "Level 1: informal challenge to Leeds City Council" in page
    assert "Challenge recorded: a response is due by 30 April 2025" in page
    assert AuditEvent.objects.filter(event_type="challenge.viewed").count() == 1


def test_missing_answers_are_explained_beside_each_field(advocate_client, case):
    """An empty form comes back with GOV.UK messages and keeps what was typed."""
    response = advocate_client.post(
        f"/challenges/case/{case.pk}/new/",
        {"summary": "Kept text", "raised_on-day": "31", "raised_on-month": "2"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Raise a challenge" in page
    for message in (
        "Select the level of the challenge",
        "Enter the organisation you are challenging",
        "Select what you are challenging",
        "Date raised must include a year",
    ):
        assert message in page
    assert "Kept text" in page
    assert not Challenge.objects.exists()


def test_a_future_raised_date_is_refused(advocate_client, case):
    """The challenge has already been made: a date in the future is a mistake."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = advocate_client.post(
        f"/challenges/case/{case.pk}/new/",
        {
            "level": "2",
            "challenged_organisation": "NHS trust",
            "subject": "delay",
            "summary": "Waiting months",
            **date_parts("raised_on", tomorrow),
        },
    )
    assert "Date raised must be today or in the past" in response.content.decode()


def test_recording_the_response_page(advocate_client, organisation, case):
    """Recording "not upheld" with the date closes the challenge and offers escalation."""
    challenge = ChallengeFactory(organisation=organisation, case=case)
    url = f"/challenges/{challenge.pk}/response/"
    assert advocate_client.get(url).status_code == 200
    response = advocate_client.post(
        url,
        {
            "outcome": "not_upheld",
            "response": "They stand by it.",
            **date_parts("answered_on", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.outcome == Outcome.NOT_UPHELD
    page = advocate_client.get(f"/challenges/{challenge.pk}/").content.decode()
    assert "Escalate to a higher level" in page
    assert "They stand by it." in page


def test_no_response_with_a_date_is_explained(advocate_client, organisation, case):
    """The date answered must be empty when there was no response."""
    challenge = ChallengeFactory(organisation=organisation, case=case)
    response = advocate_client.post(
        f"/challenges/{challenge.pk}/response/",
        {"outcome": "no_response", **date_parts("answered_on", timezone.localdate())},
    )
    assert "Leave the date answered empty when there was no response" in response.content.decode()


def test_escalation_page_opens_the_next_level(advocate_client, organisation, case):
    """From an open level 1 challenge, escalating records "no response" and opens level 2."""
    challenge = ChallengeFactory(organisation=organisation, case=case)
    url = f"/challenges/{challenge.pk}/escalate/"
    page = advocate_client.get(url).content.decode()
    assert "What happened to the informal challenge?" in page
    response = advocate_client.post(
        url,
        {
            "previous_outcome": "no_response",
            "level": "2",
            "challenged_organisation": "Leeds City Council complaints",
            "summary": "Formal complaint",
            **date_parts("raised_on", timezone.localdate()),
        },
    )
    escalated = Challenge.objects.get(previous=challenge)
    assert response["Location"] == f"/challenges/{escalated.pk}/"
    page = advocate_client.get(response["Location"]).content.decode()
    assert "The escalation so far" in page
    assert f'href="/challenges/{challenge.pk}/"' in page


def test_escalating_a_level_4_challenge_is_refused_with_a_message(
    advocate_client, organisation, case
):
    """The page says why instead of offering a form."""
    challenge = ChallengeFactory(organisation=organisation, case=case, level=4)
    response = advocate_client.get(f"/challenges/{challenge.pk}/escalate/", follow=True)
    assert "A level 4 challenge is the highest level" in response.content.decode()


def test_list_puts_overdue_first(advocate_client, organisation, case):
    """Overdue challenges lead, most overdue first; then open by due date; then closed."""
    today = timezone.localdate()
    ChallengeFactory(
        organisation=organisation,
        case=case,
        challenged_organisation="Later Council",
        raised_on=today - dt.timedelta(days=2),
        response_due_on=today + dt.timedelta(days=5),
    )
    ChallengeFactory(
        organisation=organisation,
        case=case,
        challenged_organisation="Answered Trust",
        raised_on=today - dt.timedelta(days=40),
        response_due_on=today - dt.timedelta(days=30),
        outcome="upheld",
        answered_on=today - dt.timedelta(days=31),
    )
    ChallengeFactory(
        organisation=organisation,
        case=case,
        challenged_organisation="Slightly Late Council",
        raised_on=today - dt.timedelta(days=20),
        response_due_on=today - dt.timedelta(days=1),
    )
    ChallengeFactory(
        organisation=organisation,
        case=case,
        challenged_organisation="Very Late Council",
        raised_on=today - dt.timedelta(days=60),
        response_due_on=today - dt.timedelta(days=30),
    )
    page = advocate_client.get("/challenges/").content.decode()
    order = [
        page.index(name)
        for name in (
            "Very Late Council",
            "Slightly Late Council",
            "Later Council",
            "Answered Trust",
        )
    ]
    assert order == sorted(order)
    assert "2 overdue" in page
    overdue_only = advocate_client.get("/challenges/?show=overdue").content.decode()
    assert "Later Council" not in overdue_only
    assert "Very Late Council" in overdue_only


def test_list_filters_by_case(advocate_client, organisation, case):
    """``?case=`` shows one case's challenges (the link from the case page)."""
    ChallengeFactory(organisation=organisation, case=case, challenged_organisation="This Council")
    ChallengeFactory(organisation=organisation, challenged_organisation="Other Council")
    page = advocate_client.get(f"/challenges/?case={case.pk}").content.decode()
    assert "This Council" in page
    assert "Other Council" not in page
    assert f"on case {case.reference}" in page


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.NETWORK_COORDINATOR])
def test_commissioners_and_the_network_are_refused(client_as, organisation, case, role):
    """Challenges are casework: 403 on every challenge page for roles without personal data."""
    challenge = ChallengeFactory(organisation=organisation, case=case)
    client = client_as(role, organisation)
    for url in (
        "/challenges/",
        "/challenges/export/",
        f"/challenges/case/{case.pk}/new/",
        f"/challenges/{challenge.pk}/",
        f"/challenges/{challenge.pk}/response/",
        f"/challenges/{challenge.pk}/escalate/",
    ):
        assert client.get(url).status_code == 403, url


def test_export_and_response_times_need_the_right_role(client_as, organisation):
    """Advocates cannot export; only admins change the response times."""
    advocate = client_as(Role.ADVOCATE, organisation)
    assert advocate.get("/challenges/export/").status_code == 403
    assert advocate.get("/challenges/response-times/").status_code == 403
    manager = client_as(Role.MANAGER, organisation)
    assert manager.get("/challenges/export/").status_code == 200
    assert manager.get("/challenges/response-times/").status_code == 403


def test_restricted_case_challenges_are_placeholders_and_refused(client_as, organisation):
    """A challenge on a restricted case shows as "Restricted case" and will not open (audited)."""
    owner = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    # A surname no page uses as a word (a generated one such as "Day" or "Case" might be).
    case = CaseFactory(
        organisation=organisation,
        is_restricted=True,
        allocated_to=owner,
        person__last_name="Marrowfen",
    )
    challenge = ChallengeFactory(
        organisation=organisation, case=case, challenged_organisation="Secret Council"
    )
    client = client_as(Role.ADVOCATE, organisation)
    page = client.get("/challenges/").content.decode()
    assert "Restricted case" in page
    assert "Secret Council" not in page
    assert case.person.last_name not in page
    for url in (
        f"/challenges/{challenge.pk}/",
        f"/challenges/{challenge.pk}/response/",
        f"/challenges/{challenge.pk}/escalate/",
        f"/challenges/case/{case.pk}/new/",
    ):
        assert client.get(url).status_code == 403, url
    refused = AuditEvent.objects.filter(event_type="case.restricted_access_refused")
    assert refused.count() == 4
    client.force_login(owner.user)
    assert client.get(f"/challenges/{challenge.pk}/").status_code == 200


def test_export_has_the_columns_only_this_organisation_and_is_audited(
    manager_client, organisation, other_organisation, case
):
    """One row per challenge of this organisation; restricted rows are placeholders; audited."""
    ChallengeFactory(organisation=organisation, case=case, challenged_organisation="=HYPERLINK(1)")
    restricted = CaseFactory(
        organisation=organisation,
        is_restricted=True,
        allocated_to=MembershipFactory(organisation=organisation),
    )
    ChallengeFactory(organisation=organisation, case=restricted, challenged_organisation="Hidden")
    ChallengeFactory(organisation=other_organisation, challenged_organisation="Elsewhere Council")
    response = manager_client.get("/challenges/export/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="challenges-')
    rows = csv_rows(response)
    assert rows[0] == [
        "Challenge ID",
        "Case reference",
        "Restricted",
        "Level",
        "Escalates challenge ID",
        "Organisation challenged",
        "Role challenged",
        "What is challenged",
        "About an issue",
        "Raised on",
        "Response due on",
        "Answered on",
        "Outcome",
        "Overdue",
    ]
    body = response.content.decode("utf-8-sig")
    assert len(rows) == 3
    assert "Elsewhere Council" not in body
    assert "Hidden" not in body
    assert "'=HYPERLINK(1)" in body  # a formula is defused
    placeholder = next(row for row in rows if row[2] == "Restricted case")
    assert placeholder[1] == restricted.reference
    assert set(placeholder[3:]) == {""}
    event = AuditEvent.objects.get(event_type="challenge.exported")
    assert event.is_access
    assert event.actor == manager_client.user


def test_admin_sets_response_times(admin_client, organisation):
    """The admin page stores each level's working days; a bad value is explained."""
    bad = admin_client.post(
        "/challenges/response-times/",
        {"level_1": "0", "level_2": "twenty", "level_3": "30", "level_4": "40"},
    ).content.decode()
    assert "Working days for level 1 must be 1 or more" in bad
    assert "Working days for level 2 must be a whole number" in bad
    response = admin_client.post(
        "/challenges/response-times/",
        {"level_1": "5", "level_2": "20", "level_3": "30", "level_4": "40"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.settings["challenge_response_days"]["1"] == 5


def test_an_escalated_challenges_response_page_explains_instead(
    advocate_client, organisation, case
):
    """Once escalated, the response page sends the user back with the reason."""
    first = ChallengeFactory(organisation=organisation, case=case, outcome="no_response")
    ChallengeFactory(organisation=organisation, case=case, previous=first, level=2)
    response = advocate_client.get(f"/challenges/{first.pk}/response/", follow=True)
    page = response.content.decode()
    assert "its outcome can no longer be changed" in page
    assert "Record the response" not in page
