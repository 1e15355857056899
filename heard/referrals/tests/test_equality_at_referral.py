"""Equality questions at referral: optional in every journey, copied to the person on acceptance."""

import pytest
from django.core.cache import cache

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.people.models import Person
from heard.referrals.models import Referral
from heard.referrals.services import triage
from heard.referrals.tests.test_intake_public import (
    BASE,
    fill_professional_referral,
    send,
    token_on,
)
from heard.referrals.tests.test_intake_staff import URL as STAFF_URL
from heard.referrals.tests.test_intake_staff import form_data
from tests.factories import PersonFactory, ReferralFactory, ServiceFactory

EASY = "/refer/riverside/easy-read"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
def test_the_page_explains_why_offers_prefer_not_to_say_and_a_skip(client, organisation):
    """After the last question page comes the optional equality page, before checking."""
    fill_professional_referral(client)
    response = client.get(BASE + "/agreement/")
    assert response.status_code == 200
    response = client.post(BASE + "/agreement/", {"basis": "statutory_duty"})
    assert response["Location"] == BASE + "/equality-questions/"
    page = client.get(BASE + "/equality-questions/").content.decode()
    assert "Equality questions (optional)" in page
    assert "What is the person&#x27;s ethnic group?" in page
    assert "who is and is not getting advocacy" in page
    assert "How we use your information (privacy notice)" in page
    assert "equality of opportunity monitoring" in page  # the notice says why and on what basis
    assert page.count('value="prefer_not_to_say"') == 4  # one on every question
    assert 'name="skip"' in page and "Skip these questions" in page


@pytest.mark.django_db
def test_answers_show_on_check_answers_with_change_links_and_are_stored(client, organisation):
    fill_professional_referral(client)
    response = client.post(
        BASE + "/equality-questions/",
        {"ethnicity": "black_caribbean", "sex": "female", "religion": "prefer_not_to_say"},
    )
    assert response["Location"] == BASE + "/check-your-answers/"
    check = client.get(BASE + "/check-your-answers/").content.decode()
    assert "Black: Caribbean" in check
    assert "Prefer not to say" in check
    assert check.count(f'href="{BASE}/equality-questions/?return=check"') == 4
    # Change one answer: back to check answers with the rest kept.
    response = client.post(
        BASE + "/equality-questions/?return=check",
        {"ethnicity": "black_caribbean", "sex": "female", "disability": "no", "religion": ""},
    )
    assert response["Location"] == BASE + "/check-your-answers/"
    send(client, token_on(client.get(BASE + "/check-your-answers/")))
    referral = Referral.objects.get()
    assert (referral.ethnicity, referral.sex, referral.disability, referral.religion) == (
        "black_caribbean",
        "female",
        "no",
        "",
    )


@pytest.mark.django_db
def test_skipping_or_leaving_it_blank_sends_the_referral_with_no_answers(client, organisation):
    fill_professional_referral(client)
    response = client.post(BASE + "/equality-questions/", {"ethnicity": "white_irish", "skip": "1"})
    assert response["Location"] == BASE + "/check-your-answers/"
    check = client.get(BASE + "/check-your-answers/").content.decode()
    assert check.count("Not answered") == 4  # skipping answers nothing, even what was ticked
    send(client, token_on(client.get(BASE + "/check-your-answers/")))
    referral = Referral.objects.get()
    assert (referral.ethnicity, referral.sex, referral.disability, referral.religion) == (
        "",
        "",
        "",
        "",
    )


@pytest.mark.django_db
def test_a_made_up_answer_is_an_error_beside_the_question(client, organisation):
    fill_professional_referral(client)
    response = client.post(BASE + "/equality-questions/", {"sex": "robot"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "govuk-error-message" in page


@pytest.mark.django_db
def test_easy_read_asks_the_same_questions_in_easy_words(client, organisation):
    for path, data in (
        ("/name/", {"first_name": "Jo"}),
        ("/contact/", {"contact_preference": "phone"}),
        ("/contact-details/", {"phone": "07700 900123"}),
        ("/help/", {"situation": "Help with my care home"}),
        ("/urgent/", {"is_urgent": "no"}),
    ):
        client.post(EASY + path, data)
    response = client.post(EASY + "/helping/", {"helped": "no"})
    assert response["Location"] == EASY + "/about-you/"
    page = client.get(EASY + "/about-you/").content.decode()
    assert "Questions about you (you do not have to answer)" in page
    assert "Does a health problem or disability make everyday things harder for you?" in page
    assert "What we do with your information" in page
    client.post(EASY + "/about-you/", {"disability": "yes_a_lot", "sex": "male"})
    check = client.get(EASY + "/check-your-answers/").content.decode()
    assert "Yes, a lot" in check and f'href="{EASY}/about-you/?return=check"' in check
    client.post(
        EASY + "/check-your-answers/",
        {"token": token_on(client.get(EASY + "/check-your-answers/"))},
    )
    referral = Referral.objects.get()
    assert (referral.disability, referral.sex, referral.ethnicity) == ("yes_a_lot", "male", "")


@pytest.mark.django_db
def test_staff_entry_has_an_optional_equality_section(advocate_client, organisation):
    page = advocate_client.get(STAFF_URL).content.decode()
    assert "Equality monitoring (optional)" in page
    advocate_client.post(STAFF_URL, form_data(ethnicity="asian_indian", religion="hindu"))
    referral = Referral.objects.get()
    assert (referral.ethnicity, referral.religion, referral.sex) == ("asian_indian", "hindu", "")
    advocate_client.post(STAFF_URL, form_data(token="d" * 32))
    assert Referral.objects.get(idempotency_key="d" * 32).ethnicity == ""


# --- Acceptance -----------------------------------------------------------------------------


@pytest.fixture
def manager(organisation, make_member):
    return make_member(organisation, Role.MANAGER)


@pytest.fixture
def service(organisation):
    return ServiceFactory(organisation=organisation, advocacy_types=["care_act"])


@pytest.mark.django_db
def test_accepting_copies_the_answers_to_a_new_person_and_audits_it(organisation, manager, service):
    referral = ReferralFactory(
        organisation=organisation, ethnicity="mixed_white_asian", sex="prefer_not_to_say"
    )
    triage.referral_accept(
        referral=referral, acting_user=manager, service=service, advocacy_type="care_act"
    )
    person = Person.objects.get()
    assert (person.ethnicity, person.sex, person.disability) == (
        "mixed_white_asian",
        "prefer_not_to_say",
        "",
    )
    event = AuditEvent.objects.get(event_type="person.equality_copied")
    assert event.actor == manager
    assert event.details["referral"] == referral.reference
    assert set(event.changes) == {"ethnicity", "sex"}


@pytest.mark.django_db
def test_accepting_for_a_known_person_fills_only_blanks_and_never_overwrites(
    organisation, manager, service
):
    person = PersonFactory(organisation=organisation, ethnicity="white_british", religion="")
    referral = ReferralFactory(
        organisation=organisation, ethnicity="white_other", religion="muslim", disability=""
    )
    triage.referral_accept(
        referral=referral,
        acting_user=manager,
        service=service,
        advocacy_type="care_act",
        person=person,
    )
    person.refresh_from_db()
    assert person.ethnicity == "white_british"  # kept: never overwritten
    assert person.religion == "muslim"  # was blank: copied
    event = AuditEvent.objects.get(event_type="person.equality_copied")
    assert event.changes == {"religion": ["", "muslim"]}


@pytest.mark.django_db
def test_nothing_to_copy_records_no_copy(organisation, manager, service):
    person = PersonFactory(organisation=organisation, ethnicity="white_irish")
    referral = ReferralFactory(organisation=organisation, ethnicity="asian_chinese")
    triage.referral_accept(
        referral=referral,
        acting_user=manager,
        service=service,
        advocacy_type="care_act",
        person=person,
    )
    assert not AuditEvent.objects.filter(event_type="person.equality_copied").exists()
    person.refresh_from_db()
    assert person.ethnicity == "white_irish"
