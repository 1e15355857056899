import pytest

from heard.organisations.models import Role
from tests.factories import MembershipFactory


@pytest.fixture
def manager(organisation):
    return MembershipFactory(
        organisation=organisation, role=Role.MANAGER, user__full_name="Mona Manager"
    )


@pytest.fixture
def advocate(organisation, manager):
    from heard.development.models import AdvocateProfile

    member = MembershipFactory(
        organisation=organisation, role=Role.ADVOCATE, user__full_name="Ada Advocate"
    )
    AdvocateProfile.objects.create(
        organisation=organisation, membership=member, line_supervisor=manager
    )
    return member


@pytest.fixture
def signed_in(client):
    def sign_in(membership):
        client.force_login(membership.user)
        return client

    return sign_in
