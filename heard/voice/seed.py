"""Demo voice and co-production data: feedback over the last year, people involved, good
conversations with themes linked to system issues, "you said, we did" (some published) and
two years of self-assessment. Synthetic, never real."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.utils import timezone

from heard.organisations.models import Membership, Role, Service
from heard.system_change.models import SystemIssue

from .models import (
    DIMENSION_FIELDS,
    QUESTION_FIELDS,
    Answer,
    EngagementSession,
    FeedbackResponse,
    Involvement,
    SelfAssessment,
    SessionTheme,
    YouSaidWeDid,
)

WORDS = [
    "My advocate listened to me and did not rush me.",
    "I understand my rights now. Before, nobody explained them.",
    "They came to the meeting with me and I said what I wanted.",
    "It took a long time to get an advocate.",
    "I felt heard for the first time in years.",
    "I wish the letters were in Easy Read.",
]
INVOLVEMENT = [
    ("Jordan Ellis", "board", "governance", "paid"),
    ("Priya Shah", "interview_panel", "delivery", "voucher"),
    ("Alex Morgan", "trainer", "delivery", "paid"),
    ("Sam Taylor", "coproduction", "design", "expenses"),
    ("Chris Evans", "peer_advocate", "delivery", "paid"),
]
SESSIONS = [
    (
        "Good conversation at the day centre",
        "in_person",
        "Riverside day centre",
        14,
        "People with learning disabilities\nSupporters",
        "People said letters from the council are hard to read, and that meetings are "
        "booked without asking them.",
        [
            ("Letters are not in Easy Read", "'I get a letter and I don't know what it says.'"),
            ("Meetings are arranged without asking", "'They just tell me when it is.'"),
        ],
    ),
    (
        "Carers' online café",
        "online",
        "",
        9,
        "Carers\nFamily members",
        "Carers said they did not know they could ask for an advocate for their relative.",
        [("People do not know advocacy exists", "'Nobody told us about advocates.'")],
    ),
]


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    months, month = [], today.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


def seed_voice(organisation, *, rng: random.Random) -> None:
    today = timezone.localdate()
    manager = (
        Membership.objects.filter(organisation=organisation, role=Role.MANAGER, is_active=True)
        .select_related("user")
        .first()
    )
    if manager is None:
        return
    recorder = manager.user
    services = list(Service.objects.for_organisation(organisation).order_by("pk"))
    weights = [5, 4, 1, 1]  # yes, a bit, no, not sure
    responses = []
    for month in _months_back(today, 12):
        for _ in range(rng.randint(2, 6)):
            words = rng.choice(WORDS) if rng.random() < 0.6 else ""
            helped = rng.random() < 0.3
            responses.append(
                FeedbackResponse(
                    organisation=organisation,
                    service=rng.choice(services) if services else None,
                    month=month,
                    form_version=rng.choice(["standard", "easy_read"]),
                    channel=rng.choice(["personal_link", "general_link"]),
                    own_words=words,
                    may_quote=bool(words) and rng.random() < 0.7,
                    with_supporter=helped,
                    supporter_role=rng.choice(["family", "carer", "friend"]) if helped else "",
                    is_anonymous=True,
                    submission_key=uuid.UUID(int=rng.getrandbits(128)).hex,
                    **{
                        field: rng.choices(Answer.values, weights=weights)[0]
                        for field in QUESTION_FIELDS
                    },
                )
            )
    FeedbackResponse.objects.bulk_create(responses)
    for index, (name, role, area, recognition) in enumerate(INVOLVEMENT):
        Involvement.objects.create(
            organisation=organisation,
            name=name,
            role=role,
            area=area,
            recognition=recognition,
            started_on=today - dt.timedelta(days=60 + 90 * index),
            accessibility_support=rng.choice(
                ["Easy Read papers", "Travel with a supporter", "A quiet room and breaks", ""]
            ),
            consent_to_record=True,
            consent_to_be_named=rng.random() < 0.5,
            recorded_by=recorder,
        )
    issues = list(SystemIssue.objects.for_organisation(organisation).order_by("pk")[:3])
    for index, (title, kind, place, attendees, groups, said, themes) in enumerate(SESSIONS):
        session = EngagementSession.objects.create(
            organisation=organisation,
            title=title,
            held_on=today - dt.timedelta(days=20 + 45 * index),
            format=kind,
            place=place,
            attendees=attendees,
            groups=groups,
            what_people_said=said,
            recorded_by=recorder,
        )
        for theme_index, (summary, words) in enumerate(themes):
            theme = SessionTheme.objects.create(
                organisation=organisation,
                session=session,
                summary=summary,
                in_their_words=words,
                system_issue=issues[theme_index % len(issues)] if issues else None,
            )
            if theme_index == 0:
                YouSaidWeDid.objects.create(
                    organisation=organisation,
                    theme=theme,
                    you_said=summary,
                    we_did="We raised it with the council and now send our own letters "
                    "in Easy Read.",
                    easy_read_summary="You told us letters are hard. We now send easy letters.",
                    done_by="Service manager",
                    status="done" if index == 0 else "in_progress",
                    status_on=today - dt.timedelta(days=10 * (index + 1)),
                    is_published=index == 0,
                    recorded_by=recorder,
                )
    for year, bump in ((today.year - 1, 0), (today.year, 1)):
        SelfAssessment.objects.create(
            organisation=organisation,
            year=year,
            recorded_by=recorder,
            assessed_with="The people's panel and the management committee",
            **{field: min(3, rng.randint(0, 2) + bump) for field in DIMENSION_FIELDS},
        )
