"""Intake you can find: "Enter a referral" from the list and the home page, every status
listable, search by reference, and links between a referral and the case it opened."""

import pytest

from heard.casework.models import Case
from heard.organisations.models import Role
from heard.referrals.services import triage
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ReferralFactory,
    ServiceFactory,
)
from tests.pages import markup_of, text_of


@pytest.fixture
def referrals(organisation):
    return {
        "new": ReferralFactory(
            organisation=organisation, reference="RIA-2026-000001", first_name="Nia"
        ),
        "declined": ReferralFactory(
            organisation=organisation,
            reference="RIA-2026-000002",
            first_name="Dora",
            last_name="Declan",
            status="declined",
        ),
        "signposted": ReferralFactory(
            organisation=organisation,
            reference="RIA-2026-000003",
            first_name="Sami",
            status="signposted",
        ),
    }


def listed(client, query: str) -> str:
    response = client.get(f"/referrals/{query}")
    assert response.status_code == 200
    return text_of(response)


def test_the_list_offers_enter_a_referral(manager_client):
    assert 'href="/referrals/new/"' in markup_of(manager_client.get("/referrals/"))


def test_decided_referrals_leave_the_queue_but_stay_listable(manager_client, referrals):
    queue = listed(manager_client, "")
    assert "RIA-2026-000001" in queue and "RIA-2026-000002" not in queue
    declined = listed(manager_client, "?status=declined")
    assert "RIA-2026-000002" in declined and "RIA-2026-000001" not in declined
    assert "RIA-2026-000003" in listed(manager_client, "?status=signposted")
    every = listed(manager_client, "?status=all")
    assert all(f"RIA-2026-00000{n}" in every for n in (1, 2, 3))


@pytest.mark.parametrize(
    "query", ["RIA-2026-000002", "ria-2026-000002", "ria-2026-2", "2026-2", "2"]
)
def test_search_finds_a_referral_by_its_reference_whatever_its_status(
    manager_client, referrals, query
):
    """Searching looks through every status unless one is chosen."""
    text = listed(manager_client, f"?q={query}")
    assert "RIA-2026-000002" in text
    assert "RIA-2026-000001" not in text and "RIA-2026-000003" not in text


def test_search_finds_by_name_and_within_a_chosen_status(manager_client, referrals):
    assert "RIA-2026-000002" in listed(manager_client, "?q=decl")
    assert "No referrals match your search" in listed(manager_client, "?q=dora&status=new")


def test_search_never_reaches_another_organisation(manager_client, referrals):
    elsewhere = OrganisationFactory(name="Elsewhere", slug="elsewhere-2")
    ReferralFactory(organisation=elsewhere, reference="ELS-2026-000002", first_name="Foreign")
    text = listed(manager_client, "?q=2")
    assert "ELS-2026-000002" not in text and "Foreign" not in text


def test_an_unknown_status_is_an_error_beside_the_field_not_a_500(manager_client, referrals):
    response = manager_client.get("/referrals/?status=nonsense&q=RIA-2026-000002")
    assert response.status_code == 200
    text = text_of(response)
    assert "Select a valid choice" in text
    assert "RIA-2026-000002" in text


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADVOCATE])
def test_home_page_offers_enter_a_referral(client_as, organisation, role):
    client = client_as(role, organisation)
    assert 'href="/referrals/new/"' in markup_of(client.get("/"))


def test_commissioners_home_page_does_not(client_as, organisation):
    assert 'href="/referrals/new/"' not in markup_of(
        client_as(Role.COMMISSIONER, organisation).get("/")
    )


def test_referral_and_case_link_to_each_other(manager_client, organisation, referrals):
    service = ServiceFactory(organisation=organisation)
    referral = referrals["new"]
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER).user
    case = triage.referral_accept(
        referral=referral, acting_user=manager, service=service, advocacy_type="care_act"
    ).case
    referral_page = markup_of(manager_client.get(f"/referrals/{referral.pk}/"))
    assert f'href="/cases/{case.pk}/"' in referral_page
    assert f"Case {case.reference}" in referral_page
    case_page = markup_of(manager_client.get(f"/cases/{case.pk}/"))
    assert f'href="/referrals/{referral.pk}/"' in case_page


def test_a_restricted_case_is_named_but_not_linked(manager_client, organisation, referrals):
    service = ServiceFactory(organisation=organisation)
    referral = referrals["new"]
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    case = triage.referral_accept(
        referral=referral, acting_user=manager.user, service=service, advocacy_type="care_act"
    ).case
    Case.objects.filter(pk=case.pk).update(is_restricted=True)
    case.restricted_managers.set([manager])
    page = markup_of(manager_client.get(f"/referrals/{referral.pk}/"))
    assert f"Case {case.reference} (restricted case)" in page
    assert f'href="/cases/{case.pk}/"' not in page
