"""The public referral form: pages, drafts, eligibility shown and stored, never a duplicate."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import IntegrityError, connection

from heard.audit.models import AuditEvent
from heard.core import rate_limit
from heard.core.models import RateCount
from heard.referrals.models import Referral, ReferralStatus, Source
from heard.referrals.services import intake
from tests.concurrency import at_once
from tests.factories import OrganisationFactory

BASE = "/refer/riverside"
REFERRER = {
    "referrer_name": "Sam Social",
    "referrer_role": "Social worker",
    "referrer_organisation": "Leeds adult social care",
    "referrer_email": "sam@example.org",
}
PERSON = {
    "first_name": "Ann",
    "last_name": "Smith",
    "date_of_birth-day": "1",
    "date_of_birth-month": "2",
    "date_of_birth-year": "1950",
    "postcode": "ls1 4ap",
}
SITUATION = {
    "topics": ["care"],
    "situation": "Her needs assessment is next week",
    "is_urgent": "no",
}
CARE_ACT = {
    "process": "needs_assessment",
    "difficulty": ["understanding"],
    "appropriate_individual": "no",
}
COMMUNICATION = {"needs": ["easy_read"], "contact_preference": "phone"}


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def post(client, path, data, status=302):
    response = client.post(BASE + path, data)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def fill_professional_referral(client, situation=SITUATION, questions=CARE_ACT):
    post(client, "/", {"who": "professional"})
    post(client, "/about-you/", REFERRER)
    post(client, "/about-the-person/", PERSON)
    post(client, "/situation/", situation)
    if questions is not None:
        post(client, "/questions/", questions)
    post(client, "/communication/", COMMUNICATION)
    post(client, "/agreement/", {"basis": "statutory_duty"})


def token_on(response) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', response.content.decode())[1]


def send(client, token, **extra):
    return client.post(BASE + "/check-your-answers/", {"token": token, "website": "", **extra})


@pytest.mark.django_db
def test_professional_referral_is_stored_with_the_engines_result(client, organisation):
    """The check page shows the engine's result in plain words; the referral stores it."""
    fill_professional_referral(client)
    check = client.get(BASE + "/check-your-answers/")
    html = check.content.decode()
    assert "Care Act advocacy" in html
    assert "govuk-tag--green" in html
    assert "you have a duty to refer" in html
    assert "Care Act 2014 s67(4)" in html

    response = send(client, token_on(check))
    assert response.status_code == 302
    assert response["Location"] == BASE + "/sent/"
    referral = Referral.objects.get()
    assert referral.organisation == organisation
    assert referral.source == Source.PUBLIC_PROFESSIONAL
    assert referral.status == ReferralStatus.NEW
    assert re.fullmatch(
        rf"{referral.organisation.reference_prefix}-\d{{4}}-000001", referral.reference
    )
    assert referral.postcode == "LS1 4AP"
    assert referral.referrer_organisation == "Leeds adult social care"
    assert referral.eligibility_answers["process"] == "needs_assessment"
    assert referral.eligibility_answers["nation"] == "england"
    assert referral.eligibility_answers["age"] >= 75
    care_act = referral.eligibility_result["results"][0]
    assert (care_act["type"], care_act["decision"], care_act["duty"]) == (
        "care_act",
        "eligible",
        "must",
    )
    assert referral.communication_needs["needs"] == ["easy_read"]

    confirmation = client.get(BASE + "/sent/")
    assert referral.reference in confirmation.content.decode()
    assert "govuk-panel--confirmation" in confirmation.content.decode()


@pytest.mark.django_db(transaction=True)
def test_public_submission_is_audited_as_public_without_an_address(client, organisation):
    """The audit says "public web form" and keeps no IP address (data minimisation)."""
    fill_professional_referral(client)
    send(client, token_on(client.get(BASE + "/check-your-answers/")))
    event = AuditEvent.objects.get(event_type="referral.received")
    assert event.actor is None
    assert event.actor_label == "Public web form"
    assert event.ip_address is None
    assert event.details == {"source": "public_professional"}


@pytest.mark.django_db
def test_the_same_submission_twice_makes_one_referral_and_shows_the_original(client, organisation):
    """Back button or double click: one referral, and the second answer shows its reference."""
    fill_professional_referral(client)
    token = token_on(client.get(BASE + "/check-your-answers/"))
    first = send(client, token)
    reference = Referral.objects.get().reference
    second = send(client, token)
    assert Referral.objects.count() == 1
    assert second["Location"] == first["Location"]
    assert reference in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_a_resubmission_from_another_session_still_finds_the_original(client, organisation):
    """A retry after the session was lost (no draft) still gives the original confirmation."""
    fill_professional_referral(client)
    token = token_on(client.get(BASE + "/check-your-answers/"))
    send(client, token)
    client.cookies.clear()
    again = send(client, token)
    assert again["Location"] == BASE + "/sent/"
    assert Referral.objects.get().reference in client.get(again["Location"]).content.decode()
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_a_race_between_two_submissions_is_resolved_by_the_unique_constraint(organisation):
    """If the other submission wins between the look-up and the insert, its referral is returned."""
    original, created = intake.referral_submit(
        organisation=organisation,
        idempotency_key="a" * 32,
        source=Source.PUBLIC_SELF,
        data={"first_name": "Ann"},
    )
    assert created
    with mock.patch.object(intake, "find_by_token", side_effect=[None, original]):
        again, created = intake.referral_submit(
            organisation=organisation,
            idempotency_key="a" * 32,
            source=Source.PUBLIC_SELF,
            data={"first_name": "Ann"},
        )
    assert not created
    assert again == original
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_an_integrity_error_without_an_original_is_not_swallowed(organisation):
    """Only the duplicate-token race is handled: any other integrity error still surfaces."""
    with (
        mock.patch.object(intake, "find_by_token", return_value=None),
        mock.patch.object(Referral, "save", side_effect=IntegrityError("boom")),
        pytest.raises(IntegrityError),
    ):
        intake.referral_submit(
            organisation=organisation,
            idempotency_key="b" * 32,
            source=Source.PUBLIC_SELF,
            data={"first_name": "Ann"},
        )


@pytest.mark.django_db
def test_validation_errors_keep_what_was_typed_and_the_draft(client, organisation):
    """A mistake shows the message next to the field, keeps the typed values and the earlier pages."""
    post(client, "/", {"who": "professional"})
    post(client, "/about-you/", REFERRER)
    response = post(
        client,
        "/about-the-person/",
        {**PERSON, "date_of_birth-month": "13", "postcode": "not a postcode"},
        status=200,
    )
    html = response.content.decode()
    assert "Date of birth must be a real date" in html
    assert "Enter a full UK postcode" in html
    assert 'value="Ann"' in html
    assert 'value="not a postcode"' in html
    assert response.context["form"].data["first_name"] == "Ann"
    # The earlier page's answers survived the error.
    back = client.get(BASE + "/about-you/").content.decode()
    assert 'value="Sam Social"' in back


@pytest.mark.django_db
def test_referrer_must_give_a_way_to_contact_them(client, organisation):
    """A professional with neither email nor phone is asked for one."""
    post(client, "/", {"who": "professional"})
    response = post(client, "/about-you/", {**REFERRER, "referrer_email": ""}, status=200)
    assert "Enter an email address or a phone number" in response.content.decode()


@pytest.mark.django_db
def test_every_page_prefills_from_the_draft_and_back_links_go_back(client, organisation):
    """Going back shows the answers given; each page's Back link is the previous page."""
    fill_professional_referral(client)
    person = client.get(BASE + "/about-the-person/")
    html = person.content.decode()
    assert 'value="Ann"' in html and 'value="1950"' in html
    assert f'href="{BASE}/about-you/"' in html
    situation = client.get(BASE + "/situation/").content.decode()
    assert "Her needs assessment is next week" in situation
    assert re.search(r'value="care"[^>]*checked', situation)
    questions = client.get(BASE + "/questions/").content.decode()
    assert re.search(r'value="needs_assessment"[^>]*checked', questions)
    check = client.get(BASE + "/check-your-answers/").content.decode()
    assert f'href="{BASE}/equality-questions/"' in check  # Back from check answers


@pytest.mark.django_db
def test_change_link_returns_to_check_answers_with_everything_kept(client, organisation):
    """Change → edit → back on the check page, every other answer unchanged."""
    fill_professional_referral(client)
    check = client.get(BASE + "/check-your-answers/").content.decode()
    assert f'href="{BASE}/about-the-person/?return=check"' in check
    response = client.post(
        BASE + "/about-the-person/?return=check", {**PERSON, "first_name": "Anne"}
    )
    assert response["Location"] == BASE + "/check-your-answers/"
    check = client.get(BASE + "/check-your-answers/").content.decode()
    assert "Anne Smith" in check
    assert "Sam Social" in check
    assert "Her needs assessment is next week" in check


@pytest.mark.django_db
def test_changing_topics_asks_the_new_questions_before_check_answers(client, organisation):
    """A change that opens new questions leads to them, then back to check answers."""
    fill_professional_referral(client)
    response = client.post(
        BASE + "/situation/?return=check", {**SITUATION, "topics": ["care", "dols"]}
    )
    assert response["Location"] == BASE + "/questions/?return=check"
    page = client.get(response["Location"]).content.decode()
    assert "What stage is the DoLS authorisation at?" in page
    assert re.search(r'value="needs_assessment"[^>]*checked', page)  # earlier answers kept
    response = client.post(
        BASE + "/questions/?return=check",
        {
            **CARE_ACT,
            "dols_stage": "authorised",
            "anyone_to_consult": "no",
            "attorney_or_deputy": "no",
        },
    )
    # Choosing "authorised" opens the representative questions on the same page.
    assert response["Location"] == BASE + "/questions/?return=check&more=1"
    page = client.get(response["Location"]).content.decode()
    assert "relevant person&#x27;s representative" in page
    assert "Your answers so far are saved" in page


@pytest.mark.django_db
def test_skipping_ahead_goes_to_the_first_unanswered_page(client, organisation):
    """A page reached before its earlier pages sends the referrer to the first one missing."""
    response = client.get(BASE + "/check-your-answers/")
    assert response["Location"] == BASE + "/"
    post(client, "/", {"who": "family"})
    response = client.get(BASE + "/situation/")
    assert response["Location"] == BASE + "/about-you/"


@pytest.mark.django_db
def test_self_referral_skips_the_referrer_and_basis_pages(client, organisation):
    """Referring yourself: no 'about you as referrer' page, no consent page, basis 'self'."""
    response = post(client, "/", {"who": "self"})
    assert response["Location"] == BASE + "/about-the-person/"
    page = client.get(BASE + "/about-the-person/").content.decode()
    assert "About you" in page
    post(client, "/about-the-person/", {**PERSON, "email": "ann@example.org"})
    response = post(client, "/situation/", {**SITUATION, "topics": []})
    assert response["Location"] == BASE + "/communication/"  # no legal questions to ask
    response = post(client, "/communication/", COMMUNICATION)
    assert response["Location"] == BASE + "/equality-questions/"  # optional, before checking
    page = client.get(BASE + "/equality-questions/").content.decode()
    assert "What is your ethnic group?" in page
    send(client, token_on(client.get(BASE + "/check-your-answers/")))
    referral = Referral.objects.get()
    assert referral.source == Source.PUBLIC_SELF
    assert referral.basis == "self"
    assert referral.referrer_name == ""


@pytest.mark.django_db
def test_family_referral_cannot_claim_a_statutory_duty(client, organisation):
    """Only professionals are offered 'a legal duty' as the basis."""
    post(client, "/", {"who": "family"})
    page = client.get(BASE + "/agreement/")
    assert page.status_code == 302  # earlier pages first
    post(
        client,
        "/about-you/",
        {
            "referrer_name": "Jo",
            "referrer_relationship": "Daughter",
            "referrer_phone": "07700 900123",
        },
    )
    post(client, "/about-the-person/", PERSON)
    post(client, "/situation/", {**SITUATION, "topics": []})
    post(client, "/communication/", COMMUNICATION)
    response = post(client, "/agreement/", {"basis": "statutory_duty"}, status=200)
    assert "Select a valid choice" in response.content.decode()
    post(client, "/agreement/", {"basis": "consent"})
    send(client, token_on(client.get(BASE + "/check-your-answers/")))
    assert Referral.objects.get().source == Source.PUBLIC_FAMILY


@pytest.mark.django_db
def test_honeypot_asks_for_confirmation_and_a_person_can_still_send(client, organisation):
    """A filled honeypot stores nothing until a person presses the plain confirm button."""
    fill_professional_referral(client)
    token = token_on(client.get(BASE + "/check-your-answers/"))
    response = client.post(
        BASE + "/check-your-answers/", {"token": token, "website": "http://spam.example"}
    )
    assert response.status_code == 200
    assert "Confirm you want to send this referral" in response.content.decode()
    assert Referral.objects.count() == 0
    assert len(mail.outbox) == 0

    response = client.post(BASE + "/check-your-answers/", {"token": token, "confirm_human": "1"})
    assert response["Location"] == BASE + "/sent/"
    referral = Referral.objects.get()
    assert referral.is_suspected_spam
    assert referral.first_name == "Ann"


@pytest.mark.django_db
def test_rate_limit_shows_an_alternative_and_keeps_the_draft(client, organisation, settings):
    """Over the limit: a clear page with the organisation's phone and email; nothing is lost."""
    organisation.settings = {"contact_phone": "0113 496 0000", "contact_email": "hello@example.org"}
    organisation.save()
    for _ in range(intake.RATE_LIMIT):
        assert intake.take_submission_place(organisation, "127.0.0.1")
    fill_professional_referral(client)
    token = token_on(client.get(BASE + "/check-your-answers/"))
    response = send(client, token)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Your referral could not be sent yet" in html
    assert "0113 496 0000" in html and "hello@example.org" in html
    assert Referral.objects.count() == 0
    # The draft is still there: the check page still shows the answers.
    assert "Ann Smith" in client.get(BASE + "/check-your-answers/").content.decode()
    RateCount.objects.all().delete()
    assert send(client, token)["Location"] == BASE + "/sent/"
    assert Referral.objects.count() == 1


@pytest.mark.django_db
def test_rate_limit_is_per_organisation_and_counts_only_new_referrals(client, organisation):
    """Ten referrals to one organisation do not block another; repeats do not count."""
    other = OrganisationFactory(slug="elsewhere")
    for _ in range(intake.RATE_LIMIT):
        assert intake.take_submission_place(other, "127.0.0.1")
    assert not intake.take_submission_place(other, "127.0.0.1")
    assert not RateCount.objects.filter(key=intake.rate_key(organisation, "127.0.0.1")).exists()
    fill_professional_referral(client)
    token = token_on(client.get(BASE + "/check-your-answers/"))
    send(client, token)
    send(client, token)
    key = rate_limit.rate_key("referral", organisation, "127.0.0.1")
    assert RateCount.objects.get(key=key).count == 1


@pytest.mark.django_db
def test_each_organisation_gets_its_own_form_and_an_unknown_slug_is_404(client, organisation):
    """The slug picks the organisation; its draft and referral are its own; unknown is 404."""
    other = OrganisationFactory(name="Afon Advocacy", slug="afon", nation="wales")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # past the Active Offer
    page = client.get("/refer/afon/").content.decode()
    assert "Refer to Afon Advocacy" in page
    assert "Riverside" not in page
    fill_professional_referral(client)
    # Riverside's draft does not leak into Afon's form.
    assert client.get("/refer/afon/check-your-answers/")["Location"] == "/refer/afon/"
    send(client, token_on(client.get(BASE + "/check-your-answers/")))
    assert Referral.objects.get().organisation == organisation
    assert not Referral.objects.filter(organisation=other).exists()
    assert client.get("/refer/no-such-organisation/").status_code == 404
    assert client.get("/refer/no-such-organisation/easy-read/").status_code == 404


@pytest.mark.django_db
def test_welsh_organisation_asks_in_its_own_law(client):
    """A Welsh organisation's assessment uses nation 'wales' (IPA, not Care Act advocacy)."""
    OrganisationFactory(name="Afon Advocacy", slug="afon", nation="wales")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})  # past the Active Offer
    client.post("/refer/afon/", {"who": "self"})
    client.post("/refer/afon/about-the-person/", PERSON)
    client.post("/refer/afon/situation/", SITUATION)
    page = client.get("/refer/afon/questions/").content.decode()
    assert "Might this lead to" not in page  # regulation 4 is English only
    client.post("/refer/afon/questions/", CARE_ACT)
    client.post("/refer/afon/communication/", {**COMMUNICATION, "language_preference": "english"})
    check = client.get("/refer/afon/check-your-answers/").content.decode()
    assert "Independent Professional Advocacy" in check
    assert "Care Act advocacy" not in check


@pytest.mark.django_db
def test_confirmation_without_a_referral_goes_to_the_start(client, organisation):
    """The confirmation page shows only a reference this browser sent, never a made-up one."""
    response = client.get(BASE + "/sent/")
    assert response["Location"] == BASE + "/"


@pytest.mark.django_db
def test_honeypot_is_hidden_labelled_and_out_of_the_tab_order(client, organisation):
    """The honeypot is visually hidden, says 'Leave this blank', autocomplete off, tabindex -1."""
    fill_professional_referral(client)
    html = client.get(BASE + "/check-your-answers/").content.decode()
    match = re.search(r'<div class="govuk-visually-hidden">(.*?)</div>\s*</div>', html, re.S)
    assert match and "Leave this blank" in match[1]
    assert re.search(
        r'name="website"[^>]*autocomplete="off"|autocomplete="off"[^>]*name="website"', html
    )
    assert 'tabindex="-1"' in match[1]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database refuses concurrent writers outright",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_with_one_token_store_one_referral(organisation):
    """Two threads submit the same token at once: one referral, and both get its reference."""

    def submit():
        referral, _ = intake.referral_submit(
            organisation=organisation,
            idempotency_key="d" * 32,
            source=Source.PUBLIC_SELF,
            data={"first_name": "Ann"},
        )
        return referral.reference

    results = at_once(submit)
    assert Referral.objects.count() == 1
    assert results == [Referral.objects.get().reference] * 2


@pytest.mark.django_db
def test_the_final_post_runs_a_fixed_number_of_statements(
    client, organisation, django_assert_num_queries
):
    """The final POST's statements, none counting over a table (issue #18: ≥ 200/s).

    Session read; organisation; the token looked up once, for its reference only (on
    PostgreSQL with the organisation's binding in the same round trip:
    ``tenant_db.bind_public_page``); the rate check and count in one statement; the
    counter's one ``UPDATE … RETURNING``; the referral; its audit event; its emails marked
    owed (on PostgreSQL one statement, ``notifications.owe``; three on SQLite); the session write (with the
    savepoints and transactions around them). The queue's row, when a task is queued, is
    the test backend's to skip (it runs the task on commit).
    """
    fill_professional_referral(client)
    token = token_on(client.get(BASE + "/check-your-answers/"))
    postgresql = connection.vendor == "postgresql"
    with django_assert_num_queries(15) as captured:
        assert send(client, token)["Location"] == BASE + "/sent/"
    statements = [q["sql"] for q in captured.captured_queries]
    assert not any("COUNT(" in sql.upper() for sql in statements)
    assert sum('FROM "referrals_referral"' in sql for sql in statements) == 1
    # A double click: the original found by its token, nothing written but the session.
    with django_assert_num_queries(8 if postgresql else 6):
        assert send(client, token)["Location"] == BASE + "/sent/"
    assert Referral.objects.count() == 1
