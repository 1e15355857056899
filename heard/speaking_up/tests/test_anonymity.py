"""An anonymous speaking-up concern cannot be traced to its author through anything Heard keeps.

The author raises a concern anonymously from a known address. Then, as a lead
who is also the organisation's admin (so can reach the most), every page, export
and API endpoint in the project that the lead can fill in is fetched before and
after, and must not mention the author any more often than it did before the
concern existed; the concern's own pages must not mention them at all. The
audit trail, the stored row and the author's session are checked directly.
"""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import AuditEvent, PendingAnonymousEvent
from heard.audit.sealing import seal_pending
from heard.organisations.models import Role
from heard.speaking_up.models import SpeakingUpConcern
from tests.factories import (
    CaseFactory,
    ChallengeFactory,
    MembershipFactory,
    PersonFactory,
    SafeguardingConcernFactory,
    SpeakingUpConcernFactory,
    UserFactory,
)
from tests.url_walker import PUBLIC_URL_NAMES, iter_routes

AUTHOR_ID = 987654
AUTHOR_MEMBERSHIP_ID = 876543
AUTHOR_NAME = "Wilhelmina Quoteworthy"
AUTHOR_EMAIL = "w.quoteworthy@example.org"
AUTHOR_IP = "203.0.113.77"
LEAD_IP = "198.51.100.20"
CONCERN_TEXT = "Visits are being logged that never happened."

MARKERS = [
    AUTHOR_NAME,
    "Wilhelmina",
    "Quoteworthy",
    AUTHOR_EMAIL,
    str(AUTHOR_ID),
    str(AUTHOR_MEMBERSHIP_ID),
    AUTHOR_IP,
]


def marker_counts(text: str) -> dict[str, int]:
    lowered = text.lower()
    return {marker: lowered.count(marker.lower()) for marker in MARKERS}


@pytest.fixture
def world(organisation):
    """The author, a lead who is also admin, and some of the organisation's other records."""
    author = UserFactory(id=AUTHOR_ID, full_name=AUTHOR_NAME, email=AUTHOR_EMAIL)
    MembershipFactory(
        id=AUTHOR_MEMBERSHIP_ID, organisation=organisation, role=Role.ADVOCATE, user=author
    )
    lead = MembershipFactory(
        organisation=organisation, role=Role.ADMIN, user__full_name="Lena Lead"
    )
    organisation.speaking_up_leads.add(lead)
    person = PersonFactory(organisation=organisation)
    case = CaseFactory(organisation=organisation, person=person)
    others = {
        "person": person,
        "case": case,
        "challenge": ChallengeFactory(organisation=organisation, case=case),
        "safeguarding_concern": SafeguardingConcernFactory(organisation=organisation, case=case),
        "named": SpeakingUpConcernFactory(
            organisation=organisation, is_anonymous=False, raised_by=lead.user
        ),
        "membership": lead,
        "service": case.service,
    }
    return {"author": author, "lead": lead, "objects": others}


# URL argument -> which object fills it (the concern is added once it exists).
FILL = {
    "person_id": "person",
    "case_id": "case",
    "challenge_id": "challenge",
    "concern_id": "safeguarding_concern",
    "membership_id": "membership",
    "service_id": "service",
    "speaking_up_id": "concern",
}
PK_BY_URL_NAME = {"api:person-detail": "person"}


def reachable_urls(objects: dict) -> dict[str, str]:
    """Every named URL in the project whose arguments can be filled from ``objects``."""
    urls = {}
    for route in iter_routes():
        if route.name is None or route.name in PUBLIC_URL_NAMES - {"api:api-root"}:
            continue
        kwargs = {}
        for name in route.kwargs:
            kind = PK_BY_URL_NAME.get(route.name) if name == "pk" else FILL.get(name)
            if name == "format":
                kwargs[name] = "json"
            elif kind in objects:
                kwargs[name] = objects[kind].pk
            else:
                break
        else:
            urls[route.name] = reverse(route.name, kwargs=kwargs)
    return urls


def fetch_all(client: Client, urls: dict[str, str]) -> dict[str, str]:
    return {name: client.get(url).content.decode(errors="replace") for name, url in urls.items()}


def test_an_anonymous_concern_cannot_be_traced_to_its_author(organisation, world):
    """No page, export, API response or audit row available to a lead identifies the author."""
    lead_client = Client(REMOTE_ADDR=LEAD_IP)
    lead_client.force_login(world["lead"].user)
    before_urls = reachable_urls(world["objects"])
    before = {
        name: marker_counts(body) for name, body in fetch_all(lead_client, before_urls).items()
    }

    # The author raises the concern anonymously, from a known address.
    author_client = Client(REMOTE_ADDR=AUTHOR_IP)
    author_client.force_login(world["author"])
    form = author_client.get("/speaking-up/new/")
    assert form.status_code == 200
    session_before = dict(author_client.session.items())
    last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = author_client.post(
        "/speaking-up/new/", {"identity": "anonymous", "about": "inside", "concern": CONCERN_TEXT}
    )
    assert response.status_code == 302
    assert response["Location"] == "/speaking-up/raised/"
    concern = SpeakingUpConcern.objects.get(concern=CONCERN_TEXT)
    confirmation = author_client.get(response["Location"]).content.decode()
    assert "Concern sent" in confirmation
    assert str(concern.pk) not in confirmation

    # The author's browser keeps no link to it: same session, nothing about the concern.
    assert dict(author_client.session.items()) == session_before
    assert str(concern.pk) not in json.dumps(session_before)
    assert CONCERN_TEXT not in author_client.get("/speaking-up/").content.decode()
    assert author_client.get(f"/speaking-up/{concern.pk}/").status_code == 404

    # The stored row: no user, the day only, a random key.
    assert concern.is_anonymous and concern.raised_by_id is None
    assert type(concern.raised_on) is dt.date
    assert concern.raised_on == timezone.localdate()
    assert concern.pk.version == 4
    field_types = {f.get_internal_type() for f in SpeakingUpConcern._meta.concrete_fields}
    assert "DateTimeField" not in field_types
    user_links = [
        f.name
        for f in SpeakingUpConcern._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label == "accounts.User"
    ]
    assert user_links == ["raised_by"]
    with connection.cursor() as cursor:
        cursor.execute(
            # The table name is the model's own, not input.
            f"SELECT * FROM {SpeakingUpConcern._meta.db_table} WHERE id = %s",  # noqa: S608
            [SpeakingUpConcern._meta.pk.get_db_prep_value(concern.pk, connection)],
        )
        raw = " ".join(str(value) for value in cursor.fetchone())
    assert not any(marker_counts(raw).values()), raw

    # Raising wrote nothing to the audit trail yet: the anonymous event waits with its
    # day only and a random key, so neither an id nor a time sits among the author's.
    assert not AuditEvent.objects.filter(id__gt=last_event).exists()
    [pending] = PendingAnonymousEvent.objects.all()
    assert pending.id.version == 4 and pending.day == concern.raised_on
    pending_fields = {f.name for f in PendingAnonymousEvent._meta.concrete_fields}
    assert pending_fields.isdisjoint({"actor", "ip_address", "occurred_at", "created_at"})

    # The author goes on working; then the day ends and the sealing run releases it.
    author_client.get("/speaking-up/")
    author_last = AuditEvent.objects.filter(actor_id=AUTHOR_ID).order_by("-id").first()
    tomorrow = timezone.now() + dt.timedelta(days=1)
    seal_pending(now=tomorrow)
    assert not PendingAnonymousEvent.objects.exists()
    [event] = AuditEvent.objects.filter(id__gt=last_event, event_type="speaking_up.raised")
    assert author_last is None or event.id > author_last.id
    assert event.seal.position > 0  # sealed into the organisation's chain with the rest
    # In the trail: anonymous, no address, midnight UTC of its day.
    assert event.event_type == "speaking_up.raised"
    assert event.actor_id is None
    assert event.actor_label == "Anonymous raiser"
    assert event.ip_address is None
    assert event.occurred_at == dt.datetime.combine(concern.raised_on, dt.time.min, tzinfo=dt.UTC)
    assert not any(marker_counts(json.dumps([event.changes, event.details])).values())
    assert event.target_id == str(concern.pk)
    assert not AuditEvent.objects.filter(
        actor_id=AUTHOR_ID, id__gt=last_event, target_id=str(concern.pk)
    ).exists()

    # The lead works on it, so every page has something to show.
    lead_client.post(
        f"/speaking-up/{concern.pk}/actions/new/",
        {
            "description": "Checked the visit records",
            "taken_on-day": concern.raised_on.day,
            "taken_on-month": concern.raised_on.month,
            "taken_on-year": concern.raised_on.year,
        },
    )

    # Every page, export and API response the lead can reach: no more of the author than before.
    objects = {**world["objects"], "concern": concern}
    after_urls = reachable_urls(objects)
    pages = fetch_all(lead_client, after_urls)
    for required in (
        "speaking_up:list",
        "speaking_up:export",
        "speaking_up:detail",
        "speaking_up:action_create",
        "speaking_up:outcome",
        "people:access_log",
        "api:person-list",
        "challenges:export",
        "safeguarding:export",
    ):
        assert required in pages, f"{required} was not visited"
    assert CONCERN_TEXT in pages["speaking_up:detail"]
    assert "Anonymous" in pages["speaking_up:export"]
    problems = []
    for name, body in pages.items():
        counts = marker_counts(body)
        allowed = before.get(name, dict.fromkeys(MARKERS, 0))
        grown = {m: n for m, n in counts.items() if n > allowed[m]}
        if grown:
            problems.append(f"{after_urls[name]}: {grown}")
    assert not problems, "The author can be traced:\n" + "\n".join(problems)

    # The concern's history shows the raising with its day only, under the anonymous actor.
    history = pages["speaking_up:detail"].split("History", 1)[1]
    day = timezone.localdate().strftime("%-d %b %Y")
    assert re.search(rf"<td[^>]*>{day}</td>\s*<td[^>]*>Anonymous raiser</td>", history)

    # And no audit row about the concern, including the lead's views and actions, names the author.
    for row in AuditEvent.objects.about(concern):
        assert row.actor_id != AUTHOR_ID
        assert row.ip_address != AUTHOR_IP
        assert not any(
            marker_counts(json.dumps([row.changes, row.details, row.actor_label])).values()
        )
