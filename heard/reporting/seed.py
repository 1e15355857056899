"""Demo reporting data: the demo commissioner commissions the organisation's first service."""

from __future__ import annotations

from heard.organisations.models import Membership, Role, Service

from .models import Commission


def seed_reporting(organisation) -> None:
    service = Service.objects.for_organisation(organisation).order_by("name").first()
    if service is None:
        return
    for membership in Membership.objects.filter(organisation=organisation, role=Role.COMMISSIONER):
        Commission.objects.get_or_create(
            organisation=organisation, membership=membership, service=service
        )
