"""The day a Mental Health Act section began is asked beside which section it is, on the
public pages and the staff page, and kept on the referral for the case to open with."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from heard.referrals.models import Referral
from heard.referrals.tests.test_intake_public import (
    BASE,
    COMMUNICATION,
    PERSON,
    REFERRER,
    post,
    send,
    token_on,
)
from heard.referrals.tests.test_intake_staff import URL as STAFF_URL
from heard.referrals.tests.test_intake_staff import form_data

MENTAL_HEALTH = {"topics": ["mental_health"], "situation": "Detained on Monday", "is_urgent": "no"}


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def date_fields(name: str, day: dt.date) -> dict:
    return {f"{name}-day": day.day, f"{name}-month": day.month, f"{name}-year": day.year}


def start_public_referral(client):
    post(client, "/", {"who": "professional"})
    post(client, "/about-you/", REFERRER)
    post(client, "/about-the-person/", PERSON)
    post(client, "/situation/", MENTAL_HEALTH)


@pytest.mark.django_db
def test_the_public_form_asks_when_the_section_began_and_the_referral_keeps_it(
    client, organisation
):
    admitted = timezone.localdate() - dt.timedelta(days=2)
    start_public_referral(client)
    page = client.get(BASE + "/questions/").content.decode()
    assert "When did the section or order begin? (optional)" in page
    assert page.index('name="mha_status"') < page.index('name="mha_began_on-day"')
    post(
        client,
        "/questions/",
        {"mha_status": "s2", "s57_treatment": "no", **date_fields("mha_began_on", admitted)},
    )
    post(client, "/communication/", COMMUNICATION)
    post(client, "/agreement/", {"basis": "statutory_duty"})
    check = client.get(BASE + "/check-your-answers/")
    html = check.content.decode()
    assert "The day the section or order began" in html
    assert admitted.strftime("%-d %B %Y") in html
    assert send(client, token_on(check)).status_code == 302
    referral = Referral.objects.get()
    assert referral.eligibility_answers["mha"]["status"] == "s2"
    assert referral.mha_began_on == admitted


@pytest.mark.django_db
def test_a_day_after_today_is_refused_beside_the_field(client, organisation):
    start_public_referral(client)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = post(
        client,
        "/questions/",
        {"mha_status": "s2", "s57_treatment": "no", **date_fields("mha_began_on", tomorrow)},
        status=200,
    )
    html = response.content.decode()
    assert "The day the section or order began must be today or in the past" in html
    assert 'href="#mha_began_on' in html or 'href="#id_mha_began_on' in html  # summary link


@pytest.mark.django_db
def test_the_date_is_optional_on_the_public_form(client, organisation):
    start_public_referral(client)
    post(client, "/questions/", {"mha_status": "s3", "s57_treatment": "no"})
    post(client, "/communication/", COMMUNICATION)
    post(client, "/agreement/", {"basis": "statutory_duty"})
    check = client.get(BASE + "/check-your-answers/")
    assert send(client, token_on(check)).status_code == 302
    assert Referral.objects.get().mha_began_on is None


@pytest.mark.django_db
def test_staff_enter_the_day_the_section_began(advocate_client, organisation):
    admitted = timezone.localdate() - dt.timedelta(days=5)
    page = advocate_client.get(STAFF_URL).content.decode()
    assert page.index('name="q_mha_status"') < page.index('name="mha_began_on-day"')
    advocate_client.post(
        STAFF_URL,
        form_data(
            topics=["mental_health"], q_mha_status="s2", **date_fields("mha_began_on", admitted)
        ),
    )
    assert Referral.objects.get().mha_began_on == admitted


@pytest.mark.django_db
def test_staff_cannot_enter_a_day_after_today(advocate_client, organisation):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = advocate_client.post(
        STAFF_URL, form_data(q_mha_status="s2", **date_fields("mha_began_on", tomorrow))
    )
    assert response.status_code == 200
    assert "The day the section or order began must be today or in the past" in (
        response.content.decode()
    )
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_date_without_a_section_is_not_kept(advocate_client, organisation):
    """Without a section the date means nothing to the case, so it is not stored."""
    advocate_client.post(
        STAFF_URL,
        form_data(**date_fields("mha_began_on", timezone.localdate() - dt.timedelta(days=1))),
    )
    assert Referral.objects.get().mha_began_on is None
