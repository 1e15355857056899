import pytest

from heard.organisations.models import Role
from tests.factories import MembershipFactory, PersonFactory


@pytest.fixture
def manager(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.MANAGER, user__full_name="Mona Manager"
    )


@pytest.fixture
def lead(organisation):
    """An admin named as the organisation's data protection lead."""
    from heard.rights.models import DataProtectionSettings

    member = MembershipFactory(
        organisation=organisation, role=Role.ADMIN, user__full_name="Dana Lead"
    )
    DataProtectionSettings.objects.create(organisation=organisation, data_protection_lead=member)
    return member


@pytest.fixture
def person(organisation):
    return PersonFactory(
        organisation=organisation, first_name="Olwen", last_name="Pritchard", postcode="CF10 1AA"
    )


@pytest.fixture
def signed_in(client):
    def sign_in(membership):
        client.force_login(membership.user)
        return client

    return sign_in
