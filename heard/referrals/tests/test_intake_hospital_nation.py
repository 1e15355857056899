"""Where the hospital is (England or Wales) is asked beside the Mental Health Act section,
on the public pages and the staff page, and kept as the referral's nation; blank leaves
the service's nation to apply."""

import pytest
from django.core.cache import cache

from heard.referrals.models import Referral
from heard.referrals.tests.test_intake_mha_date import start_public_referral
from heard.referrals.tests.test_intake_public import BASE, COMMUNICATION, post, send, token_on
from heard.referrals.tests.test_intake_staff import URL as STAFF_URL
from heard.referrals.tests.test_intake_staff import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_public_form_asks_where_the_hospital_is_and_the_referral_keeps_it(client, organisation):
    """An English organisation's referral for someone detained in a Welsh hospital."""
    start_public_referral(client)
    page = client.get(BASE + "/questions/").content.decode()
    assert "If the person is in hospital, is it in England or Wales? (optional)" in page
    assert page.index('name="mha_status"') < page.index('name="mha_hospital_nation"')
    post(
        client,
        "/questions/",
        {"mha_status": "s2", "s57_treatment": "no", "mha_hospital_nation": "wales"},
    )
    post(client, "/communication/", COMMUNICATION)
    post(client, "/agreement/", {"basis": "statutory_duty"})
    check = client.get(BASE + "/check-your-answers/")
    html = check.content.decode()
    assert "Where the hospital is" in html and "Wales" in html
    assert send(client, token_on(check)).status_code == 302
    assert Referral.objects.get().nation == "wales"


def test_left_blank_the_referral_has_no_nation_of_its_own(client, organisation):
    start_public_referral(client)
    post(client, "/questions/", {"mha_status": "s3", "s57_treatment": "no"})
    post(client, "/communication/", COMMUNICATION)
    post(client, "/agreement/", {"basis": "statutory_duty"})
    assert send(client, token_on(client.get(BASE + "/check-your-answers/"))).status_code == 302
    assert Referral.objects.get().nation is None


def test_an_unknown_nation_is_refused_beside_the_field(client, organisation):
    start_public_referral(client)
    response = post(
        client,
        "/questions/",
        {"mha_status": "s2", "s57_treatment": "no", "mha_hospital_nation": "scotland"},
        status=200,
    )
    assert "Select England or Wales" in response.content.decode()


def test_staff_record_where_the_hospital_is(manager_client, organisation):
    page = manager_client.get(STAFF_URL).content.decode()
    assert page.index('name="q_mha_status"') < page.index('name="mha_hospital_nation"')
    manager_client.post(
        STAFF_URL,
        form_data(topics=["mental_health"], q_mha_status="s2", mha_hospital_nation="wales"),
    )
    referral = Referral.objects.get()
    assert referral.nation == "wales"
    detail = manager_client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Where the hospital is" in detail


def test_a_hospital_without_a_section_is_not_kept(advocate_client, organisation):
    """Without a section the hospital's nation says nothing about the case."""
    advocate_client.post(STAFF_URL, form_data(mha_hospital_nation="wales"))
    assert Referral.objects.get().nation is None
