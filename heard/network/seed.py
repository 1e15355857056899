"""Demo network: the demo organisations in one leaders' network, with a forum discussion,
an open survey of advocates and the last quarter's figures. Synthetic, never real."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from heard.organisations.models import Membership, Role

from . import services
from .models import MemberStatus, QuestionKind


def _last_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    first_month = ((today.month - 1) // 3) * 3 + 1
    this_quarter = today.replace(month=first_month, day=1)
    end = this_quarter - dt.timedelta(days=1)
    start = end.replace(month=((end.month - 1) // 3) * 3 + 1, day=1)
    return start, end


def seed_network(organisations) -> None:
    organisations = list(organisations)
    if not organisations:
        return
    coordinator = (
        Membership.objects.filter(organisation=organisations[0], role=Role.NETWORK_COORDINATOR)
        .select_related("user", "organisation")
        .first()
    )
    if coordinator is None:
        return
    network = services.network_create(
        acting=coordinator,
        name="Advocacy Leaders Network",
        description="Leaders of independent advocacy organisations across England and Wales.",
    )
    admins = []
    for index, organisation in enumerate(organisations):
        member = services.member_invite(
            acting=coordinator,
            network=network,
            organisation=organisation,
            region=["North East", "Wales"][index % 2],
        )
        admin = Membership.objects.filter(organisation=organisation, role=Role.ADMIN).first()
        services.invitation_respond(acting=admin, member=member, accept=True)
        services.agreement_accept(
            acting=admin, member=member, agreement=network.agreements.get(version=1)
        )
        admins.append((admin, member))
    topic = services.topic_create(
        acting=coordinator,
        network=network,
        title="Access to care homes",
        description="Visiting, notice and getting in to see people",
    )
    advocate = Membership.objects.filter(organisation=organisations[0], role=Role.ADVOCATE).first()
    if advocate is not None:
        services.conduct_accept(acting=advocate, network=network)
        services.thread_create(
            acting=advocate,
            topic=topic,
            title="Homes asking for 48 hours' notice",
            body="Has anyone challenged a home that insists on two days' notice before an "
            "IMCA visit? What worked?",
        )
    survey = services.survey_create(
        acting=coordinator,
        network=network,
        title="Advocates' experience this winter",
        introduction="Tell us how easy it was to reach the people you support.",
        introduction_easy_read="Tell us what happened when you tried to see people.",
    )
    services.question_add(
        acting=coordinator,
        survey=survey,
        kind=QuestionKind.SINGLE,
        text="Were people's rights upheld when you could not visit?",
        choices=["Always", "Sometimes", "Never", "Not sure"],
        required=True,
    )
    services.question_add(
        acting=coordinator,
        survey=survey,
        kind=QuestionKind.SCALE,
        text="How confident are you that decision-makers understood advocacy?",
    )
    services.question_add(
        acting=coordinator, survey=survey, kind=QuestionKind.TEXT, text="What would help most?"
    )
    services.survey_set_status(acting=coordinator, survey=survey, status="open")
    start, end = _last_quarter(timezone.localdate())
    for admin, member in admins:
        member.refresh_from_db()
        if member.status == MemberStatus.ACTIVE:
            services.figures_send(acting=admin, member=member, start=start, end=end)
