"""Demo development data: an induction checklist, the qualification and training, supervision
with actions, reflective notes, check-ins, leave and barriers. Synthetic, never real."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from heard.organisations.models import Membership, Role

from .models import (
    AdvocateProfile,
    Barrier,
    InductionItem,
    InductionSignOff,
    Leave,
    Readiness,
    ReflectiveNote,
    SupervisionAction,
    SupervisionSession,
    TrainingItem,
    TrainingRecord,
    WellbeingCheckIn,
)
from .selectors import READINESS_SETTING

INDUCTION = [
    ("before_start", "Read the organisation's policies and the advocacy charter", "self"),
    ("first_week", "Data protection and information security briefing", "line_supervisor"),
    ("first_week", "Safeguarding procedures and who the lead is", "line_supervisor"),
    ("first_month", "Shadow three visits with an experienced advocate", "mentor"),
    ("first_month", "Non-instructed advocacy approaches explained", "line_supervisor"),
    ("before_cases", "Observed practice visit signed off", "manager"),
    ("before_cases", "Recording standards: case notes checked", "line_supervisor"),
]
UNITS = [
    ("Independent advocacy practice", []),
    ("Providing Independent Mental Capacity Advocacy", ["imca"]),
    ("Providing Independent Mental Health Advocacy", ["imha"]),
    ("Care Act advocacy", ["care_act"]),
]
TRAINING = [
    ("Safeguarding adults", 24, ["imca", "imha", "care_act"]),
    ("Mental Capacity Act and DoLS", 36, ["imca"]),
    ("Mental Health Act", 36, ["imha"]),
    ("Data protection", 12, []),
]
NOTES = [
    (
        "Best interests meeting on the ward",
        "I let the consultant finish for him. Next time I will ask him to speak first.",
        "I accepted that he 'would not engage' without checking how he was asked.",
        "The meeting was moved twice and nobody told him why.",
    ),
    (
        "Care home review",
        "Yes, I asked for the care plan in writing.",
        "The manager's account of the fall matched the records; I checked.",
        "Her visits from her son were restricted without a decision being recorded.",
    ),
]


def seed_development(organisation, *, rng: random.Random) -> None:
    today = timezone.localdate()
    staff = list(
        Membership.objects.filter(
            organisation=organisation, role__in=(Role.ADVOCATE, Role.MANAGER), is_active=True
        ).select_related("user")
    )
    managers = [m for m in staff if m.role == Role.MANAGER]
    advocates = [m for m in staff if m.role == Role.ADVOCATE]
    if not managers or not advocates:
        return
    manager = managers[0]
    recorder = manager.user
    wales = organisation.nation == "wales"
    items = [
        InductionItem.objects.create(
            organisation=organisation, stage=stage, title=title, signed_off_by=by, position=i
        )
        for i, (stage, title, by) in enumerate(INDUCTION)
    ]
    qualification = TrainingItem.objects.create(
        organisation=organisation,
        kind="qualification",
        name="Level 4 Certificate in Independent Advocacy",
        position=0,
    )
    training = [qualification]
    for i, (name, types) in enumerate(UNITS, start=1):
        training.append(
            TrainingItem.objects.create(
                organisation=organisation,
                kind="unit",
                name=name,
                qualification=qualification,
                required_for=types,
                position=i,
            )
        )
    extra = [*TRAINING, ("Welsh language awareness", None, [])] if wales else TRAINING
    for i, (name, months, types) in enumerate(extra, start=10):
        training.append(
            TrainingItem.objects.create(
                organisation=organisation,
                kind="training",
                name=name,
                refresh_months=months,
                required_for=types,
                position=i,
            )
        )
    organisation.settings = {**(organisation.settings or {}), READINESS_SETTING: True}
    organisation.save(update_fields=["settings"])
    # The demo advocate (first by email) is a new starter signed off for IMCA only.
    advocates.sort(key=lambda m: (not m.user.email.startswith("advocate@"), m.pk))
    new_starter = advocates[0]
    for n, member in enumerate([*advocates, *managers]):
        is_new = member == new_starter
        started = today - dt.timedelta(days=70 if is_new else rng.randint(400, 2500))
        AdvocateProfile.objects.create(
            organisation=organisation,
            membership=member,
            start_date=started,
            advocacy_types=["imca"] if is_new else ["imca", "imha", "care_act"],
            line_supervisor=None if member == manager else manager,
            mentor=advocates[1] if is_new and len(advocates) > 1 else None,
            external_supervisor_name="" if is_new else "Dr Sam Okafor",
            external_supervisor_organisation="" if is_new else "Northern Advocacy Supervision",
        )
        done = items[:5] if is_new else items
        for item in done:
            InductionSignOff.objects.create(
                organisation=organisation,
                membership=member,
                item=item,
                completed_on=started + dt.timedelta(days=7 * (item.position + 1)),
                signed_off_by=recorder,
            )
        for code in ["imca"] if is_new else ["imca", "imha", "care_act"]:
            Readiness.objects.create(
                organisation=organisation,
                membership=member,
                advocacy_type=code,
                signed_off_on=started + dt.timedelta(days=60),
                signed_off_by=recorder,
            )
        for item in training:
            if is_new and item.name.startswith(
                ("Providing Independent Mental Health", "Mental Health")
            ):
                continue
            achieved = today - dt.timedelta(days=rng.randint(30, 700))
            status = "in_progress" if is_new and item.kind == "qualification" else "achieved"
            expires = None
            if item.refresh_months and status == "achieved":
                # One or two expire soon, so the matrix shows what to book.
                expires = today + dt.timedelta(days=rng.choice([20, 200, 400]))
            TrainingRecord.objects.create(
                organisation=organisation,
                membership=member,
                item=item,
                status=status,
                started_on=achieved - dt.timedelta(days=90),
                achieved_on=achieved if status == "achieved" else None,
                expires_on=expires,
            )
        if member != manager:
            # One-to-ones every six weeks; the last advocate's is overdue.
            last = 80 if n == len(advocates) - 1 else rng.randint(5, 35)
            for back in (last, last + 42):
                session = SupervisionSession.objects.create(
                    organisation=organisation,
                    kind="one_to_one",
                    held_on=today - dt.timedelta(days=back),
                    supervisor=manager,
                    themes=["professional_curiosity", "wellbeing"],
                    summary="Caseload, two cases discussed, training plan.",
                    recorded_by=recorder,
                )
                session.attendees.set([member])
            SupervisionAction.objects.create(
                organisation=organisation,
                session=session,
                description="Book the Mental Capacity Act refresher",
                owner=member,
                due_on=today + dt.timedelta(days=rng.randint(-3, 14)),
            )
        WellbeingCheckIn.objects.create(
            organisation=organisation,
            membership=member,
            checked_on=today - dt.timedelta(days=rng.randint(1, 20)),
            feeling=rng.choice([2, 3, 4, 4, 5]),
        )
        if n % 2:
            Leave.objects.create(
                organisation=organisation,
                membership=member,
                starts_on=today - dt.timedelta(days=60),
                ends_on=today - dt.timedelta(days=50),
            )
    group = SupervisionSession.objects.create(
        organisation=organisation,
        kind="group",
        held_on=today - dt.timedelta(days=12),
        supervisor=manager,
        themes=["unconscious_compliance", "barriers_to_independence"],
        summary="Reflective practice: when the ward's account became ours.",
        recorded_by=recorder,
    )
    group.attendees.set(advocates)
    for title, brave, face, rights in NOTES:
        ReflectiveNote.objects.create(
            organisation=organisation,
            author=new_starter,
            written_on=today - dt.timedelta(days=rng.randint(2, 30)),
            title=title,
            was_i_brave_enough=brave,
            face_value=face,
            rights=rights,
        )
    shared = ReflectiveNote.objects.filter(author=new_starter).first()
    shared.shared_with, shared.shared_at = manager, timezone.now()
    shared.save(update_fields=["shared_with", "shared_at"])
    Barrier.objects.create(
        organisation=organisation,
        membership=new_starter,
        noticed_on=today - dt.timedelta(days=9),
        kind="confidence",
        description="I did not feel able to question the psychiatrist's view in the tribunal.",
        reviewed_in=group,
        how_addressed="Talked through in group; shadowing a tribunal with my mentor.",
    )
