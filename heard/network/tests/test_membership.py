"""Networks, invitations accepted by the organisation's admin, coordinators and the versioned
data-sharing agreement."""

import pytest

from heard.audit.models import AuditEvent
from heard.network import services
from heard.network.models import MemberStatus, NetworkMember, Notification
from heard.network.tests.factories import MemberFactory, NetworkFactory
from heard.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_a_network_and_becomes_its_coordinator(client_as, organisation):
    """The creator coordinates the new network, which starts with agreement version 1."""
    client = client_as(Role.NETWORK_COORDINATOR, organisation)
    response = client.post("/network/new/", {"name": "National Leaders Network"})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "National Leaders Network" in page
    assert "Invite an organisation" in page
    assert AuditEvent.objects.filter(event_type="network.created").exists()


def test_only_coordinators_may_create_a_network(advocate_client):
    assert advocate_client.get("/network/new/").status_code == 403


def test_creating_a_network_without_a_name_says_so(client_as, organisation):
    client = client_as(Role.NETWORK_COORDINATOR, organisation)
    body = client.post("/network/new/", {"name": ""}).content.decode()
    assert "Enter the name of the network" in body


def test_invited_organisation_joins_when_its_admin_accepts(
    network, coordinator, sign_in, organisation, org_admin
):
    """Coordinator invites; the admin sees the invitation, reads the agreement and joins."""
    response = sign_in(coordinator).post(
        f"/network/{network.pk}/invite/", {"organisation": organisation.pk, "region": "North"}
    )
    assert response.status_code == 302
    invitation = NetworkMember.objects.get(network=network, organisation=organisation)
    assert invitation.status == MemberStatus.INVITED
    assert Notification.objects.filter(user=org_admin.user).exists()

    client = sign_in(org_admin)
    assert network.name in client.get("/network/").content.decode()
    page = client.get(f"/network/invitations/{invitation.pk}/").content.decode()
    assert "Share aggregate figures only." in page
    client.post(f"/network/invitations/{invitation.pk}/", {"answer": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == MemberStatus.ACTIVE
    assert invitation.acceptances.count() == 1
    assert client.get(f"/network/{network.pk}/").status_code == 200


def test_an_advocate_cannot_answer_an_invitation(network, organisation, advocate, sign_in):
    invitation = NetworkMember.objects.create(network=network, organisation=organisation)
    assert (
        sign_in(advocate)
        .post(f"/network/invitations/{invitation.pk}/", {"answer": "accept"})
        .status_code
        == 403
    )


def test_declining_leaves_the_network_closed(network, organisation, org_admin, sign_in):
    invitation = NetworkMember.objects.create(network=network, organisation=organisation)
    client = sign_in(org_admin)
    client.post(f"/network/invitations/{invitation.pk}/", {"answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == MemberStatus.DECLINED
    assert client.get(f"/network/{network.pk}/").status_code == 404


def test_an_organisation_may_belong_to_several_networks(organisation, advocate, sign_in):
    first, second = NetworkFactory(name="First network"), NetworkFactory(name="Second network")
    MemberFactory(network=first, organisation=organisation)
    MemberFactory(network=second, organisation=organisation)
    page = sign_in(advocate).get("/network/").content.decode()
    assert "First network" in page and "Second network" in page


def test_a_new_agreement_version_needs_accepting_again(
    network, coordinator, member, advocate, org_admin, sign_in
):
    """Publishing version 2 stops the member taking part until its admin accepts it."""
    client = sign_in(advocate)
    assert client.get(f"/network/{network.pk}/forum/").status_code == 200

    sign_in(coordinator).post(
        f"/network/{network.pk}/agreement/new/",
        {"text": "Version two text", "summary_of_changes": "Adds benchmarking"},
    )
    assert network.agreements.count() == 2
    assert Notification.objects.filter(user=org_admin.user).exists()

    client = sign_in(advocate)
    assert client.get(f"/network/{network.pk}/forum/").status_code == 404
    assert (
        "admin must accept the new version"
        in client.get(f"/network/{network.pk}/").content.decode()
    )
    # An advocate cannot accept it for the organisation.
    assert client.post(f"/network/{network.pk}/agreement/").status_code == 404

    client = sign_in(org_admin)
    client.post(f"/network/{network.pk}/agreement/")
    assert member.acceptances.count() == 2
    assert sign_in(advocate).get(f"/network/{network.pk}/forum/").status_code == 200


def test_coordinator_sees_every_members_agreement_state(network, coordinator, member, sign_in):
    services.agreement_publish(acting=coordinator, network=network, text="v2")
    page = sign_in(coordinator).get(f"/network/{network.pk}/").content.decode()
    assert "Accepted version 1, not yet version 2" in page


def test_a_coordinator_adds_a_coordinator_from_their_organisation(network, coordinator, sign_in):
    colleague = MembershipFactory(
        organisation=coordinator.organisation, role=Role.NETWORK_COORDINATOR
    )
    sign_in(coordinator).post(
        f"/network/{network.pk}/coordinators/new/", {"membership": colleague.pk}
    )
    assert network.coordinators.filter(membership=colleague).exists()
    assert sign_in(colleague).get(f"/network/{network.pk}/invite/").status_code == 200


def test_members_staff_cannot_reach_coordinator_pages(network, member, advocate, sign_in):
    client = sign_in(advocate)
    for url in ("invite/", "agreement/new/", "coordinators/new/", "forum/moderation/"):
        assert client.get(f"/network/{network.pk}/{url}").status_code == 404


def test_a_coordinator_of_another_network_sees_nothing(network, member, sign_in):
    from heard.network.tests.factories import CoordinatorFactory

    stranger = CoordinatorFactory(network=NetworkFactory()).membership
    client = sign_in(stranger)
    assert client.get(f"/network/{network.pk}/").status_code == 404
    assert network.name not in client.get("/network/").content.decode()


def test_commissioners_have_no_network_hub(commissioner_client, network):
    assert commissioner_client.get("/network/").status_code == 403


def test_inviting_an_organisation_twice_is_refused_beside_the_field(
    network, coordinator, member, sign_in
):
    other = OrganisationFactory()
    client = sign_in(coordinator)
    client.post(f"/network/{network.pk}/invite/", {"organisation": other.pk})
    body = client.post(f"/network/{network.pk}/invite/", {"organisation": other.pk}).content
    assert "Choose an organisation from the list" in body.decode()
