"""Speaking up: who may raise, who may read, named raisers following their own, leads' records."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.speaking_up.models import SpeakingUpAction, SpeakingUpConcern
from tests.factories import MembershipFactory, SpeakingUpConcernFactory, UserFactory


def date_parts(name: str, value: dt.date) -> dict:
    return {f"{name}-day": value.day, f"{name}-month": value.month, f"{name}-year": value.year}


@pytest.fixture
def lead(organisation):
    membership = MembershipFactory(
        organisation=organisation, role=Role.MANAGER, user__full_name="Lena Lead"
    )
    organisation.speaking_up_leads.add(membership)
    return membership


def test_a_named_concern_records_the_raiser_who_can_follow_it(advocate_client, organisation, lead):
    """Named: stored with the raiser, audited under their name, and theirs to see afterwards."""
    response = advocate_client.post(
        "/speaking-up/new/",
        {"identity": "named", "about": "inside", "concern": "Notes written weeks late."},
    )
    concern = SpeakingUpConcern.objects.get()
    assert response["Location"] == f"/speaking-up/{concern.pk}/"
    assert concern.raised_by == advocate_client.user
    assert not concern.is_anonymous
    event = AuditEvent.objects.about(concern).get(event_type="speaking_up.raised")
    assert event.actor == advocate_client.user
    page = advocate_client.get("/speaking-up/").content.decode()
    assert "Notes written weeks late." in page
    detail = advocate_client.get(f"/speaking-up/{concern.pk}/").content.decode()
    assert "Not decided yet" in detail
    assert "What has been done" not in detail  # actions are for the leads


def test_the_form_explains_what_is_missing(advocate_client, lead):
    """Empty answers come back with a message beside each question."""
    page = advocate_client.post("/speaking-up/new/", {"about": "outside"}).content.decode()
    for message in (
        "Select whether you want to give your name",
        "Enter the organisation the concern is about",
        "Enter your concern",
    ):
        assert message in page
    assert not SpeakingUpConcern.objects.exists()


def test_the_start_page_names_the_leads_or_says_there_are_none(advocate_client, organisation):
    """Staff know who will read their concern, or that nobody can yet."""
    page = advocate_client.get("/speaking-up/").content.decode()
    assert "has not named a speaking-up lead yet" in page
    organisation.speaking_up_leads.add(
        MembershipFactory(organisation=organisation, user__full_name="Lena Lead")
    )
    assert "Lena Lead" in advocate_client.get("/speaking-up/").content.decode()


def test_only_leads_see_the_concerns(client_as, organisation, lead):
    """Admins and managers who are not leads get 403 on the list and 404 on a concern."""
    concern = SpeakingUpConcernFactory(organisation=organisation)
    for role in (Role.ADMIN, Role.MANAGER, Role.ADVOCATE):
        client = client_as(role, organisation)
        assert client.get("/speaking-up/concerns/").status_code == 403
        assert client.get("/speaking-up/concerns/export/").status_code == 403
        assert client.get(f"/speaking-up/{concern.pk}/").status_code == 404
        assert client.get(f"/speaking-up/{concern.pk}/outcome/").status_code == 403


def test_another_staff_members_named_concern_is_not_found(client_as, organisation, lead):
    """A named concern opens for its raiser and the leads only: others are told it does not exist."""
    raiser = MembershipFactory(organisation=organisation).user
    concern = SpeakingUpConcernFactory(
        organisation=organisation, is_anonymous=False, raised_by=raiser
    )
    other = client_as(Role.ADVOCATE, organisation)
    assert other.get(f"/speaking-up/{concern.pk}/").status_code == 404
    other.force_login(raiser)
    assert other.get(f"/speaking-up/{concern.pk}/").status_code == 200


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.NETWORK_COORDINATOR])
def test_commissioners_and_the_network_cannot_use_it(client_as, organisation, role):
    """Speaking up is for the organisation's own staff."""
    client = client_as(role, organisation)
    for url in ("/speaking-up/", "/speaking-up/new/", "/speaking-up/concerns/"):
        assert client.get(url).status_code == 403, url


def test_lead_records_actions_and_the_outcome_the_raiser_then_sees(client, organisation, lead):
    """Actions stay with the leads; the outcome and what was done reach the named raiser."""
    raiser = MembershipFactory(organisation=organisation).user
    concern = SpeakingUpConcernFactory(
        organisation=organisation, is_anonymous=False, raised_by=raiser
    )
    client.force_login(lead.user)
    today = timezone.localdate()
    base = f"/speaking-up/{concern.pk}/"
    early = client.post(
        base + "actions/new/",
        {"description": "Too early", **date_parts("taken_on", today - dt.timedelta(days=3))},
    )
    assert "Date must be on or after the day the concern was raised" in early.content.decode()
    client.post(
        base + "actions/new/", {"description": "Spoke to the team", **date_parts("taken_on", today)}
    )
    client.post(
        base + "outcome/",
        {
            "outcome": "upheld",
            "outcome_note": "Notes now written within a week",
            **date_parts("outcome_on", today),
        },
    )
    assert SpeakingUpAction.objects.get().recorded_by == lead.user
    lead_page = client.get(base).content.decode()
    assert "Spoke to the team" in lead_page
    assert "Action on a speaking-up concern recorded" in lead_page  # the history
    client.force_login(raiser)
    raiser_page = client.get(base).content.decode()
    assert "Notes now written within a week" in raiser_page
    assert "Spoke to the team" not in raiser_page


def test_leads_list_and_export(client, organisation, other_organisation, lead):
    """Leads see this organisation's concerns; the CSV has its columns and is audited."""
    named_by = UserFactory(full_name="Nadia Named")
    SpeakingUpConcernFactory(organisation=organisation, is_anonymous=False, raised_by=named_by)
    SpeakingUpConcernFactory(organisation=organisation)
    SpeakingUpConcernFactory(organisation=other_organisation, concern="Elsewhere concern")
    client.force_login(lead.user)
    page = client.get("/speaking-up/concerns/").content.decode()
    assert "2 concerns" in page
    assert "Nadia Named" in page and "Anonymous" in page
    assert "Elsewhere concern" not in page
    response = client.get("/speaking-up/concerns/export/")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Concern ID",
        "Raised on",
        "Raised by",
        "About",
        "About organisation",
        "Actions recorded",
        "Outcome",
        "Outcome on",
    ]
    assert sorted(row[2] for row in rows[1:]) == ["Anonymous", "Nadia Named"]
    assert AuditEvent.objects.get(event_type="speaking_up.exported").actor == lead.user


@pytest.mark.parametrize("url", ["/speaking-up/concerns/", "/speaking-up/concerns/export/"])
def test_leads_list_queries_are_constant(client, organisation, lead, url):
    """10 or 1,000 concerns cost the same number of queries."""

    def add(count):
        SpeakingUpConcern.objects.bulk_create(
            SpeakingUpConcernFactory.build(organisation=organisation) for _ in range(count)
        )

    client.force_login(lead.user)
    add(10)
    client.get("/")

    def measure():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    small = measure()
    add(990)
    assert measure() == small
    assert small <= 7
