"""The Easy Read self-referral: one short question a page, pictures, check answers, a reference."""

import re

import pytest
from django.core.cache import cache

from heard.referrals.models import Referral, ReferralStatus, Source
from tests.pages import text_of

BASE = "/refer/riverside/easy-read"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def post(client, path, data, status=302):
    response = client.post(BASE + path, data)
    assert response.status_code == status, response.content.decode()[:2000]
    return response


def token_on(response) -> str:
    return re.search(r'name="token" value="([0-9a-f]{32})"', response.content.decode())[1]


@pytest.mark.django_db
def test_start_page_explains_in_pictures_and_short_sentences(client, organisation):
    """The start page says what an advocate is, with pictures that screen readers skip."""
    html = client.get(BASE + "/").content.decode()
    assert "Ask for an advocate" in html
    assert "You do not need to know what kind of advocate you need" in html
    assert html.count('<svg class="heard-easy-read__icon"') >= 4
    assert 'aria-hidden="true"' in html
    assert f'href="{BASE}/name/"' in html


@pytest.mark.django_db
def test_easy_read_self_referral_reaches_a_reference(client, organisation):
    """Name, phone, what for, urgent, helper: stored as an Easy Read referral, status new."""
    assert post(client, "/name/", {"first_name": "Jo"})["Location"] == BASE + "/contact/"
    post(client, "/contact/", {"contact_preference": "phone"})
    page = client.get(BASE + "/contact-details/").content.decode()
    assert "What is your phone number?" in page
    post(client, "/contact-details/", {"phone": "07700 900123"})
    post(client, "/help/", {"situation": "My care home will not let me see my friend"})
    post(client, "/urgent/", {"is_urgent": "yes"})
    assert post(client, "/helping/", {"helped": "yes"})["Location"] == BASE + "/helper/"
    post(client, "/helper/", {"helper_name": "Priya", "helper_contact": "priya@example.org"})
    check = client.get(BASE + "/check-your-answers/")
    html = check.content.decode()
    assert "Check your answers" in html
    assert "07700 900123" in html and "Priya" in html
    response = client.post(BASE + "/check-your-answers/", {"token": token_on(check)})
    assert response["Location"] == BASE + "/sent/"
    referral = Referral.objects.get()
    assert referral.source == Source.EASY_READ
    assert referral.status == ReferralStatus.NEW
    assert referral.basis == "self"
    assert referral.is_urgent
    assert referral.contact_preference == "phone"
    assert referral.phone == "07700 900123"
    assert (referral.helper_name, referral.helper_contact) == ("Priya", "priya@example.org")
    assert referral.communication_needs["needs"] == ["easy_read"]
    assert referral.eligibility_answers["nation"] == "england"
    assert len(referral.eligibility_result["results"]) == 10
    confirmation = client.get(BASE + "/sent/").content.decode()
    assert referral.reference in confirmation
    assert "We have your form" in confirmation


@pytest.mark.django_db
def test_contact_through_a_helper_asks_who_helps_and_skips_the_helper_page(client, organisation):
    """Choosing 'someone who helps me' asks their name and contact once, not twice."""
    post(client, "/name/", {"first_name": "Jo"})
    post(client, "/contact/", {"contact_preference": "via_helper"})
    assert "Who helps you?" in client.get(BASE + "/contact-details/").content.decode()
    post(client, "/contact-details/", {"helper_name": "Priya", "helper_contact": "07700 900456"})
    post(client, "/help/", {"situation": "Help with my benefits"})
    post(client, "/urgent/", {"is_urgent": "no"})
    response = post(client, "/helping/", {"helped": "yes"})
    assert response["Location"] == BASE + "/about-you/"  # the optional equality questions
    response = post(client, "/about-you/", {"skip": "1"})
    assert response["Location"] == BASE + "/check-your-answers/"
    client.post(
        BASE + "/check-your-answers/", {"token": token_on(client.get(response["Location"]))}
    )
    referral = Referral.objects.get()
    assert referral.helper_name == "Priya"
    assert referral.contact_preference == "via_helper"


@pytest.mark.django_db
def test_easy_read_errors_are_short_and_keep_what_was_typed(client, organisation):
    """A wrong email gets a short message, and what was typed is still there."""
    post(client, "/name/", {"first_name": "Jo"})
    post(client, "/contact/", {"contact_preference": "email"})
    response = post(client, "/contact-details/", {"email": "jo at home"}, status=200)
    html = response.content.decode()
    assert "Write your email address like name@example.com" in html
    assert 'value="jo at home"' in html
    response = post(client, "/help/", {}, status=302)  # earlier page unfinished
    assert response["Location"] == BASE + "/contact-details/"


@pytest.mark.django_db
def test_a_wrong_phone_number_is_told_in_easy_read(client, organisation):
    """Short sentences and one example to copy: no "+44" or list of formats."""
    post(client, "/name/", {"first_name": "Jo"})
    post(client, "/contact/", {"contact_preference": "phone"})
    response = post(client, "/contact-details/", {"phone": "call me"}, status=200)
    text = text_of(response)
    assert (
        "This phone number does not look right. Please check it. Write it like this: 07700 900 982"
    ) in text
    assert "+44" not in text and "01632" not in text
    assert 'value="call me"' in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_postcode_is_told_in_easy_read(client, organisation):
    post(client, "/name/", {"first_name": "Jo"})
    post(client, "/contact/", {"contact_preference": "letter"})
    response = post(
        client, "/contact-details/", {"address": "1 High Street", "postcode": "NOPE"}, status=200
    )
    assert "This postcode does not look right. Please check it." in text_of(response)
    assert "Enter a full UK postcode" not in text_of(response)


@pytest.mark.django_db
def test_too_long_is_told_in_easy_read(client, organisation):
    response = post(client, "/name/", {"first_name": "J" * 101}, status=200)
    text = text_of(response)
    assert "This is too long. Please make it shorter. You can write up to 100 letters." in text
    assert "Ensure this value" not in text


@pytest.mark.django_db
def test_changing_how_to_contact_asks_for_the_new_details(client, organisation):
    """Switching from phone to letter from check answers asks for the address before sending."""
    post(client, "/name/", {"first_name": "Jo"})
    post(client, "/contact/", {"contact_preference": "phone"})
    post(client, "/contact-details/", {"phone": "07700 900123"})
    post(client, "/help/", {"situation": "Help"})
    post(client, "/urgent/", {"is_urgent": "no"})
    post(client, "/helping/", {"helped": "no"})
    response = client.post(BASE + "/contact/?return=check", {"contact_preference": "letter"})
    assert response["Location"] == BASE + "/contact-details/?return=check"
    assert "What is your address?" in client.get(response["Location"]).content.decode()
    response = client.post(
        BASE + "/contact-details/?return=check", {"address": "1 High Street\nLeeds"}
    )
    assert response["Location"] == BASE + "/check-your-answers/"
    html = client.get(response["Location"]).content.decode()
    assert "1 High Street" in html and "Send me a letter" in html


@pytest.mark.django_db
def test_easy_read_and_full_form_drafts_are_separate(client, organisation):
    """Starting the Easy Read form does not disturb a half-finished full referral."""
    client.post("/refer/riverside/", {"who": "professional"})
    post(client, "/name/", {"first_name": "Jo"})
    full = client.get("/refer/riverside/").content.decode()
    assert re.search(r'value="professional"[^>]*checked', full)
