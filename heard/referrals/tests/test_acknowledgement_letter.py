"""The acknowledgement letter: a PDF in the person's language, Welsh first when bilingual."""

import datetime as dt

import pypdfium2 as pdfium
import pytest

from heard.audit.models import AuditEvent
from heard.core.language import LanguagePreference
from heard.referrals.models import ContactPreference
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def pdf_pages(content: bytes) -> list[str]:
    document = pdfium.PdfDocument(content)
    return [" ".join(page.get_textpage().get_text_range().split()) for page in document]


def letter_for(client, referral):
    return client.get(f"/referrals/{referral.pk}/acknowledgement-letter/")


@pytest.fixture
def referral(organisation):
    return ReferralFactory(
        organisation=organisation,
        first_name="Mary",
        last_name="Okafor",
        address="1 Heol y Dwr",
        postcode="CF10 1AA",
        contact_preference=ContactPreference.LETTER,
        received_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
        language_preference=LanguagePreference.BILINGUAL,
    )


def test_a_bilingual_letter_is_welsh_then_english_and_is_audited(manager_client, referral):
    response = letter_for(manager_client, referral)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    welsh, english = pdf_pages(response.content)
    assert "Annwyl Mary Okafor" in welsh and "Eich cyfeirnod yw:" in welsh
    assert "2 Mawrth 2026" in welsh and referral.reference in welsh
    assert "Dear Mary Okafor" in english and "2 March 2026" in english
    assert referral.reference in english and "CF10 1AA" in english
    event = AuditEvent.objects.filter(event_type="referral.viewed").latest("id")
    assert event.target_id == str(referral.pk)
    assert event.actor_id == manager_client.user.pk


@pytest.mark.parametrize(
    ("preference", "greeting"),
    [(LanguagePreference.WELSH, "Annwyl"), (LanguagePreference.ENGLISH, "Dear")],
)
def test_one_language_gives_one_page(manager_client, referral, preference, greeting):
    referral.language_preference = preference
    referral.save(update_fields=["language_preference"])
    (page,) = pdf_pages(letter_for(manager_client, referral).content)
    assert page.lstrip().startswith("Riverside Advocacy") and greeting in page


def test_another_organisations_referral_is_not_found(client_as, other_organisation, referral):
    from heard.organisations.models import Role

    client = client_as(Role.MANAGER, other_organisation)
    assert letter_for(client, referral).status_code == 404


def test_the_referral_page_links_to_the_letter(manager_client, referral):
    page = manager_client.get(f"/referrals/{referral.pk}/").content.decode()
    assert f"/referrals/{referral.pk}/acknowledgement-letter/" in page
