import pytest

from heard.network.tests.factories import CoordinatorFactory, MemberFactory, NetworkFactory
from heard.organisations.models import Role
from tests.factories import MembershipFactory


@pytest.fixture
def network(db):
    return NetworkFactory(name="Riverside Leaders Forum")


@pytest.fixture
def coordinator(network):
    """A coordinator's membership (role network coordinator, in a host organisation)."""
    return CoordinatorFactory(network=network).membership


@pytest.fixture
def member(network, organisation):
    return MemberFactory(network=network, organisation=organisation)


@pytest.fixture
def sign_in(client):
    def as_(membership):
        client.force_login(membership.user)
        client.user = membership.user
        return client

    return as_


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


@pytest.fixture
def org_admin(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADMIN)
