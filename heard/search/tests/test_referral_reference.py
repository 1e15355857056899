"""Search finds a referral by its whole reference, for staff who see referrals."""

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from tests.factories import OrganisationFactory, ReferralFactory
from tests.pages import markup_of, text_of


def test_a_referral_reference_finds_the_referral_whatever_its_status(client_as, organisation):
    referral = ReferralFactory(
        organisation=organisation, reference="RIA-2026-000042", status="declined", first_name="Dora"
    )
    client = client_as(Role.MANAGER, organisation)
    response = client.get("/search/?q=ria-2026-42")
    assert response.status_code == 200
    assert f'href="/referrals/{referral.pk}/"' in markup_of(response)
    assert "Referral RIA-2026-000042" in text_of(response) and "Declined" in text_of(response)
    event = AuditEvent.objects.get(event_type="search.performed")
    assert event.details["referrals"] == 1


def test_another_organisations_referral_is_not_found(client_as, organisation):
    elsewhere = OrganisationFactory(name="Elsewhere", slug="elsewhere-3")
    ReferralFactory(organisation=elsewhere, reference="ELS-2026-000042")
    text = text_of(client_as(Role.MANAGER, organisation).get("/search/?q=ELS-2026-000042"))
    assert "Referrals (0)" in text and "No referral has this reference." in text


def test_advocates_who_do_not_triage_are_not_shown_referrals(client_as, organisation):
    ReferralFactory(organisation=organisation, reference="RIA-2026-000042")
    response = client_as(Role.ADVOCATE, organisation).get("/search/?q=RIA-2026-000042")
    assert response.status_code == 200
    assert "Referral RIA-2026-000042" not in text_of(response)
    assert "referrals" not in AuditEvent.objects.get(event_type="search.performed").details


def test_other_searches_do_not_look_for_referrals(client_as, organisation):
    ReferralFactory(organisation=organisation, reference="RIA-2026-000042", first_name="Dora")
    text = text_of(client_as(Role.MANAGER, organisation).get("/search/?q=Dora"))
    assert "Referrals (" not in text
