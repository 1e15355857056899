"""Anonymous feedback cannot be tied back to the person or case: not through the stored row,
the invitation, any page, the API, or the audit trail (before and after it is sealed)."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent, PendingAnonymousEvent
from heard.audit.sealing import release_anonymous
from heard.organisations.models import Role
from heard.voice import services
from heard.voice.models import FeedbackInvitation, FeedbackResponse
from tests.factories import CaseFactory, PersonFactory

from .test_feedback_public import BASE, answer_all, offer, post, token_on

WORDS = "Anonymous words 7Q"


@pytest.fixture
def anonymous_feedback(client, client_as, organisation):
    """A closed case whose person answered through their personal link, anonymously."""
    person = PersonFactory(organisation=organisation, first_name="Tamsin", last_name="Quill")
    case = CaseFactory(organisation=organisation, person=person, status="closed")
    path = offer(client_as, organisation, case)
    client.logout()
    client.get(path)
    check = answer_all(
        client,
        "standard",
        extra=[("anonymous", {"anonymous": "yes"})],
    )
    # Own words that the staff pages could show, to look for them everywhere.
    post(client, f"{BASE}/standard/own_words/?return=check", {"own_words": WORDS})
    post(client, f"{BASE}/standard/may_quote/?return=check", {"may_quote": "yes"})
    check = client.get(f"{BASE}/standard/check-your-answers/")
    post(client, f"{BASE}/standard/check-your-answers/", {"token": token_on(check)})
    [response] = FeedbackResponse.objects.all()
    return {"case": case, "person": person, "response": response}


def test_the_stored_row_has_no_link_to_the_person_or_case(anonymous_feedback):
    response = anonymous_feedback["response"]
    case = anonymous_feedback["case"]
    row = FeedbackResponse.objects.filter(pk=response.pk).values().get()
    assert row["case_id"] is None and row["is_anonymous"] is True
    stored = " ".join(str(value) for value in row.values())
    assert case.reference not in stored
    assert "Quill" not in stored and "Tamsin" not in stored
    # Its only links are to the organisation and the service.
    links = {k: v for k, v in row.items() if k.endswith("_id") and v is not None}
    assert links == {"organisation_id": case.organisation_id, "service_id": case.service_id}
    assert row["month"] == timezone.localdate().replace(day=1)
    # The personal link is consumed: nothing remains saying this case answered.
    assert not FeedbackInvitation.objects.exists()


def test_no_staff_page_about_the_case_or_person_shows_the_response(
    anonymous_feedback, client_as, organisation
):
    admin = client_as(Role.ADMIN, organisation)
    case, person = anonymous_feedback["case"], anonymous_feedback["person"]
    response_id = str(anonymous_feedback["response"].pk)
    for path in (
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/details/",
        f"/people/{person.pk}/",
        f"/people/{person.pk}/access-log/",
        f"/api/v1/people/{person.pk}/",
    ):
        body = admin.get(path).content.decode()
        assert WORDS not in body, path
        assert response_id not in body, path
    # The results page shows the words, but nothing about whose they are.
    results = admin.get("/voice/").content.decode()
    assert WORDS in results
    assert case.reference not in results and "Quill" not in results


def test_the_audit_trail_names_only_the_month_and_never_the_case(anonymous_feedback):
    response, case = anonymous_feedback["response"], anonymous_feedback["case"]
    [pending] = PendingAnonymousEvent.objects.all()
    assert pending.target_id == str(response.pk)
    assert case.reference not in f"{pending.target_label} {pending.changes}"
    # Nothing joins the trail until the month is over, then it does, with no actor or address.
    assert release_anonymous(timezone.localdate()) == 0
    release_anonymous(services.month_end(response.month) + dt.timedelta(days=1))
    [event] = AuditEvent.objects.filter(event_type="voice.feedback_received")
    assert event.actor_id is None and event.ip_address is None and event.details == {}
    assert timezone.localdate(event.occurred_at) == services.month_end(response.month)
    for other in AuditEvent.objects.filter(target_id=str(case.pk)):
        assert str(response.pk) not in f"{other.details} {other.changes}"
    # The only audit event that names the case is the offer of the link, made by staff.
    case_events = AuditEvent.objects.filter(
        target_type="casework.case", target_id=str(case.pk), event_type__startswith="voice."
    )
    assert [e.event_type for e in case_events] == ["voice.feedback_link_offered"]


def test_feedback_the_person_chose_to_sign_is_linked_and_audited_openly(
    client, client_as, organisation
):
    """The opposite choice: known feedback keeps its case and is audited at once."""
    case = CaseFactory(organisation=organisation, status="closed")
    path = offer(client_as, organisation, case)
    client.logout()
    client.get(path)
    check = answer_all(client, "easy-read", extra=[("anonymous", {"anonymous": "no"})])
    post(client, f"{BASE}/easy-read/check-your-answers/", {"token": token_on(check)})
    [response] = FeedbackResponse.objects.all()
    assert response.case == case and not response.is_anonymous
    event = AuditEvent.objects.get(event_type="voice.feedback_received")
    assert event.details == {"case": case.reference}
    assert not PendingAnonymousEvent.objects.exists()
