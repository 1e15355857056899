"""The demo network: both demo organisations as members, a discussion, a survey, figures."""

import pytest

from heard.network.models import AggregateSnapshot, ForumPost, MemberStatus, Network, Survey
from heard.network.seed import _last_quarter, seed_network
from heard.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_seed_network():
    organisations = [OrganisationFactory(), OrganisationFactory(nation="wales")]
    for organisation in organisations:
        MembershipFactory(organisation=organisation, role=Role.ADMIN)
        MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    MembershipFactory(organisation=organisations[0], role=Role.NETWORK_COORDINATOR)
    seed_network(organisations)
    network = Network.objects.get()
    assert network.members.filter(status=MemberStatus.ACTIVE).count() == 2
    assert ForumPost.objects.count() == 1
    assert Survey.objects.get().links.count() == 2
    assert AggregateSnapshot.objects.count() == 2


def test_last_quarter():
    import datetime as dt

    assert _last_quarter(dt.date(2026, 12, 5)) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert _last_quarter(dt.date(2026, 2, 1)) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
