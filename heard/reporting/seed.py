"""Demo reporting data: the demo commissioner commissions the organisation's first service."""

from __future__ import annotations

from django.db import connection

from heard.organisations.models import Membership, Role, Service

from .models import Commission
from .time_summary import fill_in_database, rebuild


def seed_reporting(organisation) -> None:
    service = Service.objects.for_organisation(organisation).order_by("name").first()
    if service is None:
        return
    for membership in Membership.objects.filter(organisation=organisation, role=Role.COMMISSIONER):
        Commission.objects.get_or_create(
            organisation=organisation, membership=membership, service=service
        )


def seed_time_summary(organisation_ids: list[int]) -> None:
    """The daily time summary of organisations whose activities a seed wrote directly
    (``heard seed`` bypasses the activity services that keep it)."""
    if connection.vendor == "postgresql":
        fill_in_database(organisation_ids)
    else:
        for organisation_id in organisation_ids:
            rebuild(organisation_id)
