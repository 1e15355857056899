"""Background work for the network hub: sending figures to hubs on other installations."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from heard.core.tenant_db import in_organisation

from . import services


# Cross-organisation work: run by the worker that connects as the maintenance role.
@task(queue_name="maintenance")
def send_figures_to_remote_hubs() -> int:
    """Run daily by ``heard scheduler``: each remote hub still owed the last complete quarter
    gets its figures, sent by a task bound to the organisation they belong to."""
    due = services.remote_hubs_due(timezone.localdate())
    for hub_id, organisation_id, start, end in due:
        send_figures_to_hub.enqueue(
            hub_id, start.isoformat(), end.isoformat(), organisation_id=organisation_id
        )
    return len(due)


@task()
@in_organisation
def send_figures_to_hub(hub_id: int, start: str, end: str) -> str:
    """Sign and send one period's figures to one remote hub; returns the delivery's status."""
    from .models import RemoteHub

    hub = RemoteHub.objects.select_related("organisation").filter(pk=hub_id, active=True).first()
    if hub is None:
        return ""
    delivery = services.remote_hub_send(
        hub=hub, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)
    )
    return delivery.status
