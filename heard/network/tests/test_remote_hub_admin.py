"""An organisation's admins add, change and remove the hubs on other installations that its
figures are sent to, and send now, from pages rather than ``heard shell``. The network
token is write-only; every change is audited; only the organisation's admins see them."""

import datetime as dt

import pytest
from django.test import override_settings

from heard.audit.models import AuditEvent
from heard.network import services, signing
from heard.network.models import (
    AggregateSnapshot,
    DeliveryStatus,
    RemoteHub,
    RemoteHubDelivery,
)
from heard.network.tests.factories import CoordinatorFactory, MemberFactory, NetworkFactory
from heard.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory

TOKEN = "hub-issued-token-7a1c9e0f5b2d"
LIST = "/network/remote-hubs/"


def hub_of(organisation, **fields):
    values = {
        "name": "Wales Leaders Network",
        "url": "https://hub.example.org/api/v1/network/figures/",
        "token": TOKEN,
    }
    return RemoteHub.objects.create(organisation=organisation, **{**values, **fields})


@pytest.fixture
def admin_client(sign_in, org_admin):
    return sign_in(org_admin)


@pytest.mark.django_db
def test_an_admin_adds_a_hub_and_the_token_is_never_shown_again(admin_client, organisation):
    response = admin_client.post(
        "/network/remote-hubs/new/",
        {
            "name": "Wales Leaders Network",
            "url": "https://hub.example.org/api/v1/network/figures/",
            "token": TOKEN,
            "active": "on",
        },
    )
    assert response.status_code == 302 and response.url == LIST
    hub = RemoteHub.objects.get()
    assert (hub.organisation, hub.token, hub.active) == (organisation, TOKEN, True)
    added = AuditEvent.objects.get(event_type="network.remote_hub_added")
    assert added.organisation == organisation and added.target_id == str(hub.pk)
    assert TOKEN not in str(added.details) and TOKEN not in str(added.changes)

    page = admin_client.get(LIST).content.decode()
    assert "Wales Leaders Network" in page and "hub.example.org" in page
    assert TOKEN not in page and "••••••••2d" not in page and "••••••••" + TOKEN[-4:] in page
    edit = admin_client.get(f"/network/remote-hubs/{hub.pk}/").content.decode()
    assert TOKEN not in edit
    assert 'type="password"' in edit and "Leave this empty to keep it" in edit


@pytest.mark.django_db
@override_settings(HEARD_REMOTE_HUB_ALLOW_HTTP=False, DEBUG=False)
def test_a_plain_http_address_is_refused_beside_the_field(admin_client):
    response = admin_client.post(
        "/network/remote-hubs/new/",
        {"name": "Hub", "url": "http://hub.example.org/api/v1/network/figures/", "token": TOKEN},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["url"] == ["Enter an address that starts with https://"]
    page = response.content.decode()
    assert 'id="id_url-error"' in page and 'href="#id_url"' in page
    assert TOKEN not in page  # not even echoed back into the password field
    assert not RemoteHub.objects.exists()


@pytest.mark.django_db
def test_missing_fields_and_a_malformed_address_are_named_beside_them(admin_client):
    response = admin_client.post("/network/remote-hubs/new/", {"url": "not an address"})
    errors = response.context["form"].errors
    assert errors["name"] == ["Enter the network's name"]
    assert errors["token"] == ["Enter the network token"]
    assert errors["url"][0].startswith("Enter the hub's address in the right format")


@pytest.mark.django_db
def test_the_same_address_twice_is_refused(admin_client, organisation):
    hub_of(organisation)
    response = admin_client.post(
        "/network/remote-hubs/new/",
        {"name": "Again", "url": "https://hub.example.org/api/v1/network/figures/", "token": "x"},
    )
    assert response.context["form"].errors["url"] == [
        "Your organisation already sends figures to this address"
    ]
    assert RemoteHub.objects.count() == 1


@pytest.mark.django_db
def test_changing_a_hub_keeps_the_token_unless_a_new_one_is_entered(admin_client, organisation):
    hub = hub_of(organisation)
    url = f"/network/remote-hubs/{hub.pk}/"
    new_address = "https://hub.example.org/v2/api/v1/network/figures/"
    response = admin_client.post(url, {"name": "Renamed network", "url": new_address})
    assert response.status_code == 302
    hub.refresh_from_db()
    assert (hub.name, hub.url, hub.token, hub.active) == (
        "Renamed network",
        new_address,
        TOKEN,
        False,  # the box was unticked: sending is paused
    )
    changed = AuditEvent.objects.get(event_type="network.remote_hub_changed")
    assert changed.changes["name"] == ["Wales Leaders Network", "Renamed network"]
    assert changed.changes["active"] == [True, False] and "token" not in changed.changes

    admin_client.post(
        url, {"name": "Renamed network", "url": new_address, "token": "replacement-token-0001"}
    )
    hub.refresh_from_db()
    assert hub.token == "replacement-token-0001"
    replaced = AuditEvent.objects.filter(event_type="network.remote_hub_changed").latest("id")
    assert replaced.changes == {"token": ["(saved)", "(replaced)"]}
    assert "replacement-token" not in str(replaced.changes)


@pytest.mark.django_db
def test_removing_a_hub_asks_first_then_deletes_it_and_its_deliveries(admin_client, organisation):
    hub = hub_of(organisation)
    RemoteHubDelivery.objects.create(
        organisation=organisation,
        hub=hub,
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 6, 30),
        status=DeliveryStatus.SENT,
    )
    url = f"/network/remote-hubs/{hub.pk}/remove/"
    confirm = admin_client.get(url)
    assert confirm.status_code == 200 and "Remove hub" in confirm.content.decode()
    assert RemoteHub.objects.exists()
    assert admin_client.post(url).url == LIST
    assert not RemoteHub.objects.exists() and not RemoteHubDelivery.objects.exists()
    removed = AuditEvent.objects.get(event_type="network.remote_hub_removed")
    assert removed.details["deliveries"] == 1 and removed.target_id == str(hub.pk)


@pytest.mark.django_db
def test_a_paused_hub_is_not_sent_to(admin_client, organisation):
    hub = hub_of(organisation, active=False)
    response = admin_client.post(f"/network/remote-hubs/{hub.pk}/send/", follow=True)
    assert "Sending to this hub is paused" in response.content.decode()
    assert not RemoteHubDelivery.objects.exists()
    assert not AuditEvent.objects.filter(event_type="network.remote_hub_send_requested").exists()


def test_send_now_queues_the_last_quarter_and_the_list_shows_the_hubs_answer(
    transactional_db, live_server, client
):
    """The hub is a real one on this machine: the queued task signs the figures, posts them,
    and the list shows the hub received them."""
    organisation = OrganisationFactory(name="Cardiff Advocacy", slug="cardiff-send-now")
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    network = NetworkFactory(name="Wales Leaders Network")
    member = MemberFactory(network=network, organisation=organisation)
    coordinator = CoordinatorFactory(network=network).membership
    token = services.member_installation_register(
        acting=coordinator,
        member=member,
        public_key=signing.signing_key_for(organisation).public_key,
    )
    hub = hub_of(organisation, url=f"{live_server.url}/api/v1/network/figures/", token=token)
    client.force_login(admin.user)

    response = client.post(f"/network/remote-hubs/{hub.pk}/send/", follow=True)
    page = response.content.decode()
    assert "are queued to send to Wales Leaders Network" in page
    delivery = RemoteHubDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    snapshot = AggregateSnapshot.objects.get()
    assert (snapshot.period_start, snapshot.period_end) == (
        delivery.period_start,
        delivery.period_end,
    )
    requested = AuditEvent.objects.get(event_type="network.remote_hub_send_requested")
    assert requested.actor == admin.user
    assert requested.details["start"] == delivery.period_start.isoformat()
    # The answer shows on the list: the period, when, and the hub's answer.
    page = client.get(LIST).content.decode()
    assert "Received by the hub" in page
    assert f"{delivery.period_start:%-d %b %Y}" in page


@pytest.mark.django_db
def test_a_refused_delivery_shows_the_hubs_reason(admin_client, organisation):
    hub = hub_of(organisation)
    RemoteHubDelivery.objects.create(
        organisation=organisation,
        hub=hub,
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2026, 6, 30),
        status=DeliveryStatus.REFUSED,
        message="The member has not accepted the current agreement",
    )
    page = admin_client.get(LIST).content.decode()
    assert "Refused by the hub" in page
    assert "The member has not accepted the current agreement" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADVOCATE, Role.NETWORK_COORDINATOR])
def test_only_the_organisations_admins_manage_hubs(sign_in, organisation, role):
    hub = hub_of(organisation)
    client = sign_in(MembershipFactory(organisation=organisation, role=role))
    for url in [LIST, "/network/remote-hubs/new/", f"/network/remote-hubs/{hub.pk}/"]:
        assert client.get(url).status_code in (403, 404)
    assert client.post(f"/network/remote-hubs/{hub.pk}/send/").status_code in (403, 404)
    assert client.post(f"/network/remote-hubs/{hub.pk}/remove/").status_code in (403, 404)
    assert RemoteHub.objects.filter(pk=hub.pk).exists()


@pytest.mark.django_db
def test_another_organisations_hub_is_a_404(admin_client):
    other = OrganisationFactory(name="Elsewhere Advocacy", slug="elsewhere-hubs")
    theirs = hub_of(other, name="Their hub")
    for url in [f"/network/remote-hubs/{theirs.pk}/", f"/network/remote-hubs/{theirs.pk}/remove/"]:
        assert admin_client.get(url).status_code == 404
    for action in ["send", "remove"]:
        assert admin_client.post(f"/network/remote-hubs/{theirs.pk}/{action}/").status_code == 404
    response = admin_client.post(
        f"/network/remote-hubs/{theirs.pk}/",
        {"name": "Taken", "url": "https://evil.example.org/", "token": "x"},
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.token) == ("Their hub", TOKEN)
    assert "Their hub" not in admin_client.get(LIST).content.decode()


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_with_more_hubs_and_deliveries(
    admin_client, organisation, django_assert_max_num_queries
):
    def deliveries(hub, count):
        for n in range(count):
            RemoteHubDelivery.objects.create(
                organisation=organisation,
                hub=hub,
                period_start=dt.date(2025, 1, 1) + dt.timedelta(days=n),
                period_end=dt.date(2025, 3, 31),
                status=DeliveryStatus.FAILED,
                message="URLError",
            )

    deliveries(hub_of(organisation), 1)
    admin_client.get(LIST)  # the first request after sign-in also writes the session
    with django_assert_max_num_queries(40) as few:
        assert admin_client.get(LIST).status_code == 200
    for n in range(5):
        deliveries(hub_of(organisation, url=f"https://hub{n}.example.org/figures/"), 8)
    with django_assert_max_num_queries(40) as many:
        page = admin_client.get(LIST)
    assert len(many.captured_queries) == len(few.captured_queries)
    # Only the latest five deliveries of each hub are listed.
    assert page.content.decode().count("Could not reach the hub") == 1 + 5 * 5
