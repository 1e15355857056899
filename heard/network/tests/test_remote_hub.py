"""A member sends its signed figures to a hub on another installation over HTTP, each
quarter, without anyone uploading a file: the hub's answer is recorded and audited."""

import datetime as dt

import pytest

from heard.audit.models import AuditEvent
from heard.network import services, signing, tasks
from heard.network.models import AggregateSnapshot, DeliveryStatus, RemoteHub, RemoteHubDelivery
from heard.network.tests.factories import CoordinatorFactory, MemberFactory, NetworkFactory
from tests.factories import CaseFactory, OrganisationFactory

START, END = dt.date(2026, 4, 1), dt.date(2026, 6, 30)
TODAY = dt.date(2026, 7, 15)  # the April–June quarter is the last complete one


@pytest.fixture
def setup(transactional_db, live_server):
    """The hub's side (a network, its coordinator, this member's key and token) and the
    member's side (a remote hub pointing at the hub's real address over HTTP)."""
    organisation = OrganisationFactory(name="Cardiff Advocacy", slug="cardiff-remote")
    for day in range(3):
        CaseFactory(organisation=organisation, received_on=START + dt.timedelta(days=day))
    network = NetworkFactory(name="Wales Leaders Network")
    member = MemberFactory(network=network, organisation=organisation)
    coordinator = CoordinatorFactory(network=network).membership
    public_key = signing.signing_key_for(organisation).public_key
    token = services.member_installation_register(
        acting=coordinator, member=member, public_key=public_key
    )
    hub = RemoteHub.objects.create(
        organisation=organisation,
        name="Wales Leaders Network",
        url=f"{live_server.url}/api/v1/network/figures/",
        token=token,
    )
    return hub


def test_figures_reach_the_hub_and_are_stored_as_sent(setup):
    delivery = services.remote_hub_send(hub=setup, start=START, end=END)
    assert delivery.status == DeliveryStatus.SENT and delivery.message == ""
    snapshot = AggregateSnapshot.objects.get()
    assert (snapshot.period_start, snapshot.period_end) == (START, END)
    assert snapshot.member.organisation == setup.organisation
    sent = AuditEvent.objects.get(event_type="network.figures_sent")
    assert sent.details["status"] == "sent" and sent.actor_label == "Heard background worker"
    # The hub, too, recorded what it received, from the member's token.
    assert AuditEvent.objects.filter(event_type="network.figures_imported").count() == 1


def test_sending_a_period_again_counts_as_sent_without_a_second_copy(setup):
    services.remote_hub_send(hub=setup, start=START, end=END)
    again = services.remote_hub_send(hub=setup, start=START, end=END)
    assert again.status == DeliveryStatus.SENT and "already received" in again.message
    assert AggregateSnapshot.objects.count() == 1


def test_a_wrong_token_is_refused_and_nothing_is_stored(setup):
    setup.token = "not-the-token"
    setup.save()
    delivery = services.remote_hub_send(hub=setup, start=START, end=END)
    assert delivery.status == DeliveryStatus.REFUSED
    assert AggregateSnapshot.objects.count() == 0


def test_an_unreachable_hub_is_recorded_as_failed_and_tried_again(setup):
    setup.url = "http://127.0.0.1:9/api/v1/network/figures/"
    setup.save()
    delivery = services.remote_hub_send(hub=setup, start=START, end=END)
    assert delivery.status == DeliveryStatus.FAILED
    assert [hub_id for hub_id, *_ in services.remote_hubs_due(TODAY)] == [setup.pk]


def test_the_scheduler_sends_the_last_quarter_once(setup, monkeypatch):
    """The daily task sends April–June once it has ended, then has nothing more to send."""
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: TODAY)
    assert tasks.send_figures_to_remote_hubs.call() == 1
    delivery = RemoteHubDelivery.objects.get()
    assert (delivery.period_start, delivery.period_end, delivery.status) == (
        START,
        END,
        DeliveryStatus.SENT,
    )
    assert AggregateSnapshot.objects.count() == 1
    assert tasks.send_figures_to_remote_hubs.call() == 0
