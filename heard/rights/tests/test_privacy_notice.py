"""The public referral and Easy Read forms show the organisation's privacy notice, with a
sensible default, and an Easy Read version on the Easy Read form."""

import pytest

from heard.organisations.models import Role
from heard.rights.models import DataProtectionSettings
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contactable(organisation):
    organisation.settings = {**organisation.settings, "contact_email": "privacy@riverside.example"}
    organisation.save()
    return organisation


def test_the_referral_form_shows_the_default_notice(client, contactable):
    page = client.get("/refer/riverside/").content.decode()
    assert "How we use your information (privacy notice)" in page
    assert "article 6(1)(e)" in page  # lawful basis
    assert "12 months" in page and "6 years" in page  # how long, from the retention rules
    assert "privacy@riverside.example" in page  # whom to contact
    assert "ico.org.uk" in page  # rights, and where to complain


def test_the_check_page_shows_it_before_sending(client, contactable):
    from heard.referrals.tests.test_intake_public import fill_professional_referral

    fill_professional_referral(client)
    page = client.get("/refer/riverside/check-your-answers/").content.decode()
    assert page.index("privacy notice") < page.index("Send referral")


def test_the_easy_read_form_has_an_easy_read_version(client, contactable):
    page = client.get("/refer/riverside/easy-read/").content.decode()
    assert "What we do with your information" in page
    assert "We use them to help you get an advocate." in page
    assert "article 6(1)(e)" not in page


def test_the_retention_rules_and_own_notice_are_used(client, signed_in, organisation):
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    signed_in(admin).post(
        "/data-protection/settings/",
        {
            "data_protection_lead": "",
            "closed_case_years": "8",
            "declined_referral_months": "6",
            "privacy_notice": "",
            "easy_read_privacy_notice": "Our own words.\n\nA second idea.",
        },
    )
    client.logout()
    full = client.get("/refer/riverside/").content.decode()
    assert "6 months" in full and "8 years" in full
    easy = client.get("/refer/riverside/easy-read/").content.decode()
    assert "Our own words." in easy and "A second idea." in easy
    assert DataProtectionSettings.objects.get().easy_read_privacy_notice.startswith("Our own")


def test_a_notice_cannot_inject_markup(client, organisation):
    DataProtectionSettings.objects.create(
        organisation=organisation, privacy_notice="<script>alert(1)</script>"
    )
    page = client.get("/refer/riverside/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
