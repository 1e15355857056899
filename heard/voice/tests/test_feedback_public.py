"""The public feedback form: one question a page, standard and Easy Read, general and personal
links, anonymity by choice, and the public referral's never-lose rules."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent, PendingAnonymousEvent
from heard.organisations.models import Role
from heard.voice import services
from heard.voice.models import Channel, FeedbackInvitation, FeedbackResponse, FormVersion
from tests.factories import CaseFactory, ServiceFactory
from tests.pages import text_of

BASE = "/have-your-say/riverside"

ANSWERS = [
    ("listened", {"listened": "yes"}),
    ("understood_rights", {"understood_rights": "a_bit"}),
    ("speak_up", {"speak_up": "yes"}),
    ("things_changed", {"things_changed": "not_sure"}),
    ("own_words", {"own_words": "She really listened to me."}),
    ("may_quote", {"may_quote": "yes"}),
    ("helped", {"helped": "yes"}),
    ("supporter_role", {"supporter_role": "family"}),
]


def post(client, path, data, status=302):
    response = client.post(path, data)
    assert response.status_code == status, response.content.decode()[:3000]
    return response


def token_on(response) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', response.content.decode())[1]


def answer_all(client, version="easy-read", extra=()):
    for step, data in [*ANSWERS, *extra]:
        post(client, f"{BASE}/{version}/{step}/", data)
    check = client.get(f"{BASE}/{version}/check-your-answers/")
    assert check.status_code == 200
    return check


@pytest.fixture
def two_services(organisation):
    return (
        ServiceFactory(organisation=organisation, name="Care Act advocacy"),
        ServiceFactory(organisation=organisation, name="IMHA"),
    )


def test_start_page_offers_easy_read_and_explains_anonymity(client, organisation):
    """The start page: pictures, short sentences, and that nobody will know who wrote it."""
    response = client.get(f"{BASE}/")
    html = response.content.decode()
    assert "Tell us how your advocacy was" in text_of(response)
    assert "Nobody will know it is from you" in text_of(response)
    assert html.count('<svg class="heard-easy-read__icon"') >= 4
    assert f'href="{BASE}/easy-read/listened/"' in html


def test_easy_read_anonymous_feedback_stores_only_service_month_and_answers(
    client, organisation, two_services
):
    """The stored row: service, month and answers; no case, no time of day, no sequence."""
    care_act, _imha = two_services
    post(client, f"{BASE}/easy-read/service/", {"service": str(care_act.pk)})
    check = answer_all(client)
    assert "Care Act advocacy" in text_of(check)
    post(client, f"{BASE}/easy-read/check-your-answers/", {"token": token_on(check)})

    [row] = FeedbackResponse.objects.all()
    assert row.organisation == organisation
    assert row.service == care_act
    assert row.month == timezone.localdate().replace(day=1)
    assert row.is_anonymous and row.case_id is None
    assert row.channel == Channel.GENERAL_LINK
    assert row.form_version == FormVersion.EASY_READ
    assert (row.listened, row.understood_rights, row.things_changed) == ("yes", "a_bit", "not_sure")
    assert row.with_supporter and row.supporter_role == "family"
    assert row.may_quote and row.own_words == "She really listened to me."
    fields = {f.name for f in FeedbackResponse._meta.concrete_fields}
    assert not {"created_at", "updated_at", "case_id", "person", "ip_address"} & fields
    assert fields == {
        "id",
        "organisation",
        "service",
        "month",
        "form_version",
        "channel",
        "listened",
        "understood_rights",
        "speak_up",
        "things_changed",
        "own_words",
        "may_quote",
        "with_supporter",
        "supporter_role",
        "is_anonymous",
        "case",
        "submission_key",
    }
    assert isinstance(row.pk, type(row.id)) and len(str(row.pk)) == 36  # random, not a sequence
    # Audited anonymously, dated the month's last day, and nothing in the trail yet.
    [pending] = PendingAnonymousEvent.objects.all()
    assert pending.event_type == "voice.feedback_received"
    assert pending.day == services.month_end(row.month)
    assert pending.day.month == row.month.month and (pending.day + dt.timedelta(days=1)).day == 1
    assert not AuditEvent.objects.filter(event_type="voice.feedback_received").exists()


def test_double_submit_stores_one_response(client, organisation):
    """The same token sent twice (double click, back and resend) stores one response."""
    check = answer_all(client, "standard")
    token = token_on(check)
    post(client, f"{BASE}/standard/check-your-answers/", {"token": token})
    post(client, f"{BASE}/standard/check-your-answers/", {"token": token})
    assert FeedbackResponse.objects.count() == 1
    assert client.get(f"{BASE}/thank-you/").status_code == 200


def test_service_submit_is_idempotent(organisation):
    first, created = services.feedback_submit(
        organisation=organisation, token="a" * 32, answers={}, form_version="standard"
    )
    again, created_again = services.feedback_submit(
        organisation=organisation, token="a" * 32, answers={}, form_version="standard"
    )
    assert created and not created_again and first.pk == again.pk


def test_draft_survives_an_error(client, organisation):
    """A page sent with no answer says what to do beside the field; earlier answers stay."""
    post(client, f"{BASE}/easy-read/listened/", {"listened": "yes"})
    response = post(client, f"{BASE}/easy-read/understood_rights/", {}, status=200)
    assert "Choose an answer, or &#x27;Not sure&#x27;" in response.content.decode()
    assert 'class="govuk-error-summary"' in response.content.decode()
    back = client.get(f"{BASE}/easy-read/listened/")
    assert re.search(r'value="yes"[^>]*checked', back.content.decode())


def test_questions_cannot_be_skipped(client, organisation):
    response = client.get(f"{BASE}/easy-read/helped/")
    assert response.status_code == 302
    assert response["Location"].endswith("/easy-read/listened/")


def test_unknown_version_or_step_is_not_found(client, organisation):
    assert client.get(f"{BASE}/braille/listened/").status_code == 404
    assert client.get(f"{BASE}/easy-read/nonsense/").status_code == 404


def test_honeypot_asks_to_confirm_and_stores_nothing_until_then(client, organisation):
    check = answer_all(client, "standard")
    token = token_on(check)
    response = post(
        client,
        f"{BASE}/standard/check-your-answers/",
        {"token": token, "website": "http://spam.example"},
        status=200,
    )
    assert "Send your feedback?" in text_of(response)
    assert not FeedbackResponse.objects.exists()
    post(client, f"{BASE}/standard/check-your-answers/", {"token": token, "confirm_human": "1"})
    assert FeedbackResponse.objects.count() == 1


def test_rate_limit_keeps_the_answers(client, organisation, monkeypatch):
    monkeypatch.setattr(services, "RATE_LIMIT", 0)
    check = answer_all(client, "standard")
    response = post(
        client, f"{BASE}/standard/check-your-answers/", {"token": token_on(check)}, status=429
    )
    assert "Your answers are saved" in text_of(response)
    assert not FeedbackResponse.objects.exists()
    assert client.get(f"{BASE}/standard/check-your-answers/").status_code == 200


# --- Personal links ---------------------------------------------------------------------------


@pytest.fixture
def closed_case(organisation):
    return CaseFactory(organisation=organisation, status="closed")


def offer(client_as, organisation, case) -> str:
    staff = client_as(Role.ADVOCATE, organisation)
    response = staff.post(f"/voice/cases/{case.pk}/feedback-link/")
    assert response.status_code == 200
    url = re.search(r'id="personal-link">([^<]+)<', response.content.decode())[1]
    staff.logout()
    return url.split("testserver", 1)[1]


def test_closed_case_page_offers_a_feedback_link(client_as, organisation, closed_case):
    staff = client_as(Role.ADVOCATE, organisation)
    page = staff.get(f"/cases/{closed_case.pk}/")
    assert "Make a personal feedback link" in text_of(page)


def test_open_case_cannot_offer_a_link(client_as, organisation):
    case = CaseFactory(organisation=organisation)
    staff = client_as(Role.ADVOCATE, organisation)
    assert staff.post(f"/voice/cases/{case.pk}/feedback-link/").status_code == 400
    assert not FeedbackInvitation.objects.exists()


def test_personal_link_carries_no_personal_data_and_is_single_use(
    client, client_as, organisation, closed_case
):
    """The link is a random code; used once it is gone, and the person chose to be known."""
    path = offer(client_as, organisation, closed_case)
    token = path.split("/")[-2]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    assert closed_case.reference not in path and closed_case.person.last_name not in path
    [invitation] = FeedbackInvitation.objects.all()
    assert invitation.token_hash == services.digest(token) != token  # only a hash is stored
    assert client.get(path).status_code == 302
    check = answer_all(client, "standard", extra=[("anonymous", {"anonymous": "no"})])
    post(client, f"{BASE}/standard/check-your-answers/", {"token": token_on(check)})
    [row] = FeedbackResponse.objects.all()
    assert not row.is_anonymous and row.case == closed_case
    assert row.channel == Channel.PERSONAL_LINK and row.service == closed_case.service
    assert not FeedbackInvitation.objects.exists()
    assert client.get(path).status_code == 410


def test_anonymous_by_choice_through_a_personal_link_leaves_no_trace_of_the_case(
    client, client_as, organisation, closed_case
):
    """Chose anonymity: the row has no case, the invitation is gone, and nothing audited
    about the response names the case."""
    path = offer(client_as, organisation, closed_case)
    client.get(path)
    check = answer_all(client, "easy-read", extra=[("anonymous", {"anonymous": "yes"})])
    post(client, f"{BASE}/easy-read/check-your-answers/", {"token": token_on(check)})
    [row] = FeedbackResponse.objects.all()
    assert row.is_anonymous and row.case_id is None
    assert row.channel == Channel.PERSONAL_LINK
    assert not FeedbackInvitation.objects.exists()
    [pending] = PendingAnonymousEvent.objects.all()
    assert closed_case.reference not in str(pending.changes) + pending.target_label
    assert not AuditEvent.objects.filter(target_id=str(row.pk)).exists()
    offered = AuditEvent.objects.get(event_type="voice.feedback_link_offered")
    assert str(row.pk) not in str(offered.details)


def test_expired_link_is_refused_but_feedback_is_never_lost(
    client, client_as, organisation, closed_case
):
    path = offer(client_as, organisation, closed_case)
    client.get(path)
    FeedbackInvitation.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    check = answer_all(client, "standard", extra=[("anonymous", {"anonymous": "no"})])
    post(client, f"{BASE}/standard/check-your-answers/", {"token": token_on(check)})
    [row] = FeedbackResponse.objects.all()
    assert row.is_anonymous and row.case_id is None and row.channel == Channel.GENERAL_LINK
    client.logout()
    assert client.get(path).status_code == 410


def test_unknown_link_is_gone(client, organisation):
    assert client.get("/have-your-say/link/not-a-real-token/").status_code == 410


def test_the_feedback_form_speaks_welsh(client, organisation):
    """A person who chooses Cymraeg is asked for feedback in Welsh."""
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    start = client.get(f"{BASE}/").content.decode()
    assert "Dywedwch wrthym ni sut oedd eich eiriolaeth" in start
    question = client.get(f"{BASE}/easy-read/listened/").content.decode()
    assert "Wnaeth eich eiriolwr wrando arnoch chi?" in question
    assert "Ddim yn siŵr" in question
