"""Demo network: the demo organisations in one leaders' network, with a forum discussion,
an open survey of advocates and the last quarter's signed figures. Synthetic, never real.

Rows are written directly, not through the services, so a seed run stays one ``seed.ran``
audit event (heard.demo).
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from django.db import connection
from django.utils import timezone

from heard.organisations.models import Membership, Role

from . import signing
from .models import (
    AggregateSnapshot,
    CodeOfConductAcceptance,
    DataSharingAgreement,
    ForumPost,
    ForumThread,
    ForumTopic,
    MemberStatus,
    Network,
    NetworkCoordinator,
    NetworkMember,
    QuestionKind,
    Survey,
    SurveyLink,
    SurveyQuestion,
    SurveyStatus,
)
from .services import DEFAULT_AGREEMENT


def _last_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    first_month = ((today.month - 1) // 3) * 3 + 1
    this_quarter = today.replace(month=first_month, day=1)
    end = this_quarter - dt.timedelta(days=1)
    start = end.replace(month=((end.month - 1) // 3) * 3 + 1, day=1)
    return start, end


def seed_network(organisations, *, workers: int = 1) -> None:
    """``workers`` > 1: compute the members' figures on that many connections at once (only
    when the members' rows are committed, so other connections see them)."""
    organisations = list(organisations)
    if not organisations:
        return
    coordinator = Membership.objects.filter(
        organisation=organisations[0], role=Role.NETWORK_COORDINATOR
    ).first()
    if coordinator is None:
        return
    network = Network.objects.create(
        name="Advocacy Leaders Network",
        description="Leaders of independent advocacy organisations across England and Wales.",
    )
    NetworkCoordinator.objects.create(network=network, membership=coordinator)
    agreement = DataSharingAgreement.objects.create(
        network=network, version=1, text=DEFAULT_AGREEMENT, published_by=coordinator.user
    )
    members = []
    for index, organisation in enumerate(organisations):
        member = NetworkMember.objects.create(
            network=network,
            organisation=organisation,
            status=MemberStatus.ACTIVE,
            region=["North East", "Wales"][index % 2],
            invited_by=coordinator.user,
            responded_at=timezone.now(),
        )
        member.acceptances.create(agreement=agreement)
        members.append(member)
    topic = ForumTopic.objects.create(
        network=network,
        title="Access to care homes",
        description="Visiting, notice and getting in to see people",
    )
    advocate = Membership.objects.filter(organisation=organisations[0], role=Role.ADVOCATE).first()
    if advocate is not None:
        CodeOfConductAcceptance.objects.create(
            network=network, user=advocate.user, version=network.code_of_conduct_version
        )
        thread = ForumThread.objects.create(topic=topic, title="Homes asking for 48 hours' notice")
        ForumPost.objects.create(
            thread=thread,
            author=advocate,
            body="Has anyone challenged a home that insists on two days' notice before an "
            "IMCA visit? What worked?",
        )
    survey = Survey.objects.create(
        network=network,
        title="Advocates' experience this winter",
        introduction="Tell us how easy it was to reach the people you support.",
        introduction_easy_read="Tell us what happened when you tried to see people.",
        status=SurveyStatus.OPEN,
        created_by=coordinator.user,
    )
    for position, (kind, text, choices) in enumerate(
        [
            (
                QuestionKind.SINGLE,
                "Were people's rights upheld when you could not visit?",
                ["Always", "Sometimes", "Never", "Not sure"],
            ),
            (
                QuestionKind.SCALE,
                "How confident are you that decision-makers understood advocacy?",
                [],
            ),
            (QuestionKind.TEXT, "What would help most?", []),
        ],
        start=1,
    ):
        SurveyQuestion.objects.create(
            survey=survey, position=position, kind=kind, text=text, choices=choices
        )
    SurveyLink.objects.bulk_create([SurveyLink(survey=survey, member=m) for m in members])
    start, end = _last_quarter(timezone.localdate())
    payloads = _payloads(organisations, network.name, start, end, workers=workers)
    for member, payload in zip(members, payloads, strict=True):
        key = signing.signing_key_for(member.organisation)
        member.public_key = key.public_key
        member.save(update_fields=["public_key"])
        raw = signing.sign(member.organisation, payload)
        AggregateSnapshot.objects.create(
            network=network,
            member=member,
            period_start=start,
            period_end=end,
            definitions_version=payload["definitions_version"],
            payload=raw.decode(),
            figures=payload["figures"],
            nation=signing.member_nation(payload),
        )


def _payloads(organisations, network_name, start, end, *, workers: int) -> list[dict]:
    def build(organisation):
        return signing.build_payload(organisation, network_name=network_name, start=start, end=end)

    if workers <= 1:
        return [build(o) for o in organisations]

    def on_own_connection(organisation):
        try:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # A seed's own session: no plan is worth compiling for one run.
                    cursor.execute("SET jit = off")
            return build(organisation)
        finally:
            connection.close()  # this thread's connection

    # In the order given (the national seed's largest first, so the biggest starts first).
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(on_own_connection, organisations))
