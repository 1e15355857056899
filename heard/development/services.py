"""Writes for advocates' development. Each checks its rule, saves and audits in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record

from . import access
from .models import (
    AdvocateProfile,
    Barrier,
    InductionItem,
    InductionSignOff,
    Leave,
    Readiness,
    ReflectiveNote,
    ShadowVisit,
    SupervisionAction,
    SupervisionFrequency,
    SupervisionSession,
    TrainingItem,
    TrainingRecord,
    TrainingStatus,
    WellbeingCheckIn,
)

PROFILE_FIELDS = (
    "start_date",
    "advocacy_types",
    "line_supervisor",
    "external_supervisor_name",
    "external_supervisor_organisation",
    "mentor",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _same_org(membership, *others) -> None:
    for other in others:
        if other is not None and other.organisation_id != membership.organisation_id:
            raise ValidationError(_("Select someone who works for your organisation"))


def _value(value):
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def profile_for(membership) -> AdvocateProfile:
    """The membership's profile, created empty the first time it is needed."""
    profile, _created = AdvocateProfile.objects.get_or_create(
        membership=membership, defaults={"organisation_id": membership.organisation_id}
    )
    return profile


def profile_update(*, membership, actor, data: dict, request=None) -> AdvocateProfile:
    """Change who supports an advocate and what they may practise (managers and admins)."""
    _require(actor.role in access.MANAGING_ROLES)
    _same_org(membership, data.get("line_supervisor"), data.get("mentor"))
    if data.get("line_supervisor") == membership or data.get("mentor") == membership:
        raise ValidationError(_("Someone cannot supervise or mentor themselves"))
    with transaction.atomic():
        profile = profile_for(membership)
        changes = {}
        for name in PROFILE_FIELDS:
            if name in data:
                old, new = getattr(profile, name), data[name]
                if old != new:
                    changes[name] = [_value(old), _value(new)]
                setattr(profile, name, new)
        profile.full_clean()
        profile.save()
        if changes:
            audit_record(
                "development.profile_updated",
                organisation=membership.organisation,
                actor=actor.user,
                target=profile,
                changes=changes,
                details={"membership_id": membership.pk},
                request=request,
            )
    return profile


def development_viewed(*, subject, actor, request=None) -> None:
    """Looking at someone else's development record is an access event."""
    if actor.pk != subject.pk:
        audit_record(
            "development.viewed",
            organisation=subject.organisation,
            actor=actor.user,
            target=subject,
            target_label=str(subject.user),
            request=request,
        )


def induction_sign_off(
    *, membership, item: InductionItem, actor, completed_on: dt.date, note="", request=None
) -> InductionSignOff:
    """Sign off one induction item for a new starter; the new starter signs off their own
    "self" items, everything else needs a manager or their line supervisor."""
    if item.signed_off_by == "self":
        _require(actor.pk == membership.pk or access.can_manage_development(actor, membership))
    else:
        _require(access.can_manage_development(actor, membership) and actor.pk != membership.pk)
    _same_org(membership, item)
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The date cannot be in the future")})
    with transaction.atomic():
        if InductionSignOff.objects.filter(membership=membership, item=item).exists():
            raise ValidationError(_("This item is already signed off"))
        sign_off = InductionSignOff.objects.create(
            organisation_id=membership.organisation_id,
            membership=membership,
            item=item,
            completed_on=completed_on,
            signed_off_by=actor.user,
            note=note,
        )
        audit_record(
            "development.induction_signed_off",
            organisation=membership.organisation,
            actor=actor.user,
            target=sign_off,
            details={"membership_id": membership.pk, "item": item.title},
            request=request,
        )
    return sign_off


def shadow_visit_record(*, membership, activity, actor, reflection="", request=None):
    """A new starter shadowed a visit on a real case (the activity is already recorded)."""
    _require(actor.pk == membership.pk or access.can_manage_development(actor, membership))
    _same_org(membership, activity)
    with transaction.atomic():
        if ShadowVisit.objects.filter(membership=membership, activity=activity).exists():
            raise ValidationError({"activity": _("This visit is already recorded as shadowed")})
        visit = ShadowVisit.objects.create(
            organisation_id=membership.organisation_id,
            membership=membership,
            activity=activity,
            reflection=reflection,
            recorded_by=actor.user,
        )
        audit_record(
            "development.shadow_visit_recorded",
            organisation=membership.organisation,
            actor=actor.user,
            target=visit,
            details={"membership_id": membership.pk, "case_id": activity.case_id},
            request=request,
        )
    return visit


def readiness_sign_off(
    *, membership, advocacy_type: str, actor, signed_off_on: dt.date, note="", request=None
) -> Readiness:
    """ "Ready to take cases of type X": a manager's or line supervisor's sign-off."""
    _require(access.can_manage_development(actor, membership) and actor.pk != membership.pk)
    with transaction.atomic():
        if Readiness.objects.filter(
            membership=membership, advocacy_type=advocacy_type, withdrawn_at__isnull=True
        ).exists():
            raise ValidationError(
                {"advocacy_type": _("They are already signed off for this type of advocacy")}
            )
        readiness = Readiness(
            organisation_id=membership.organisation_id,
            membership=membership,
            advocacy_type=advocacy_type,
            signed_off_on=signed_off_on,
            signed_off_by=actor.user,
            note=note,
        )
        readiness.full_clean()
        readiness.save()
        audit_record(
            "development.readiness_signed_off",
            organisation=membership.organisation,
            actor=actor.user,
            target=readiness,
            changes={"advocacy_type": [None, advocacy_type]},
            details={"membership_id": membership.pk},
            request=request,
        )
    return readiness


def readiness_withdraw(*, readiness: Readiness, actor, request=None) -> Readiness:
    _require(access.can_manage_development(actor, readiness.membership))
    with transaction.atomic():
        if readiness.withdrawn_at is None:
            readiness.withdrawn_at = timezone.now()
            readiness.withdrawn_by = actor.user
            readiness.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
            audit_record(
                "development.readiness_withdrawn",
                organisation=readiness.organisation,
                actor=actor.user,
                target=readiness,
                details={"membership_id": readiness.membership_id},
                request=request,
            )
    return readiness


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def training_update(
    *,
    membership,
    item: TrainingItem,
    actor,
    status: str,
    started_on=None,
    achieved_on=None,
    expires_on=None,
    request=None,
) -> TrainingRecord:
    """Record progress on a qualification, unit or course. Achieved items that need refreshing
    expire ``refresh_months`` after they were achieved, unless a date is given."""
    _require(access.can_manage_development(actor, membership) or actor.pk == membership.pk)
    _same_org(membership, item)
    errors = {}
    if status == TrainingStatus.ACHIEVED and achieved_on is None:
        errors["achieved_on"] = _("Enter the date it was achieved")
    if achieved_on and achieved_on > timezone.localdate():
        errors["achieved_on"] = _("The date it was achieved cannot be in the future")
    if errors:
        raise ValidationError(errors)
    if status != TrainingStatus.ACHIEVED:
        achieved_on = expires_on = None
    elif expires_on is None and item.refresh_months:
        expires_on = _add_months(achieved_on, item.refresh_months)
    with transaction.atomic():
        record, _created = TrainingRecord.objects.select_for_update().get_or_create(
            membership=membership,
            item=item,
            defaults={"organisation_id": membership.organisation_id},
        )
        before = {k: _value(getattr(record, k)) for k in ("status", "achieved_on", "expires_on")}
        record.status, record.started_on = status, started_on
        record.achieved_on, record.expires_on = achieved_on, expires_on
        record.full_clean()
        record.save()
        after = {k: _value(getattr(record, k)) for k in before}
        audit_record(
            "development.training_updated",
            organisation=membership.organisation,
            actor=actor.user,
            target=record,
            changes={k: [before[k], after[k]] for k in before if before[k] != after[k]},
            details={"membership_id": membership.pk, "item": item.name},
            request=request,
        )
    return record


def induction_item_create(*, organisation, actor, data: dict, request=None) -> InductionItem:
    _require(actor.role in access.MANAGING_ROLES)
    item = InductionItem(organisation=organisation, **data)
    item.full_clean()
    with transaction.atomic():
        item.save()
        _settings_audit(organisation, actor, item, {"induction_item": [None, item.title]}, request)
    return item


def training_item_create(*, organisation, actor, data: dict, request=None) -> TrainingItem:
    _require(actor.role in access.MANAGING_ROLES)
    qualification = data.get("qualification")
    if qualification is not None and qualification.organisation_id != organisation.pk:
        raise ValidationError({"qualification": _("Select a qualification from the list")})
    item = TrainingItem(organisation=organisation, **data)
    item.full_clean()
    with transaction.atomic():
        item.save()
        _settings_audit(organisation, actor, item, {"training_item": [None, item.name]}, request)
    return item


def frequencies_update(*, organisation, actor, every_days: dict, request=None) -> None:
    """How often each kind of supervision is expected, in days."""
    _require(actor.role in access.MANAGING_ROLES)
    with transaction.atomic():
        for kind, days in every_days.items():
            row, created = SupervisionFrequency.objects.get_or_create(
                organisation=organisation, kind=kind, defaults={"every_days": days}
            )
            if created or row.every_days != days:
                old = None if created else row.every_days
                row.every_days = days
                row.full_clean()
                row.save()
                _settings_audit(
                    organisation, actor, row, {f"frequency.{kind}": [old, days]}, request
                )


def _settings_audit(organisation, actor, target, changes, request):
    audit_record(
        "development.settings_changed",
        organisation=organisation,
        actor=actor.user,
        target=target,
        changes=changes,
        request=request,
    )


def supervision_record(
    *,
    organisation,
    actor,
    kind: str,
    held_on: dt.date,
    attendees,
    supervisor=None,
    external_supervisor="",
    cases=(),
    themes=(),
    summary="",
    request=None,
) -> SupervisionSession:
    """Record a session. Managers and admins record any; a line supervisor records sessions
    with their own supervisees; anyone records external or group sessions they attended."""
    attendees = list(attendees)
    errors = {}
    if not attendees:
        errors["attendees"] = _("Select who attended")
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = _("The date cannot be in the future")
    if kind == "external" and not external_supervisor.strip():
        errors["external_supervisor"] = _("Enter the external supervisor's name")
    if errors:
        raise ValidationError(errors)
    for member in [*attendees, supervisor]:
        if member is not None and member.organisation_id != organisation.pk:
            raise ValidationError(_("Select someone who works for your organisation"))
    for case in cases:
        if case.organisation_id != organisation.pk:
            raise ValidationError({"cases": _("Select cases your organisation holds")})
    allowed = actor.role in access.MANAGING_ROLES or all(
        access.supervisor_id(m) == actor.pk or (m.pk == actor.pk and kind in ("group", "external"))
        for m in attendees
    )
    _require(allowed)
    with transaction.atomic():
        session = SupervisionSession(
            organisation=organisation,
            kind=kind,
            held_on=held_on,
            supervisor=supervisor,
            external_supervisor=external_supervisor.strip(),
            themes=list(themes),
            summary=summary,
            recorded_by=actor.user,
        )
        session.full_clean()
        session.save()
        session.attendees.set(attendees)
        session.cases.set(cases)
        audit_record(
            "development.supervision_recorded",
            organisation=organisation,
            actor=actor.user,
            target=session,
            details={
                "kind": kind,
                "attendees": [m.pk for m in attendees],
                "cases": [c.pk for c in cases],
            },
            request=request,
        )
    return session


def supervision_viewed(*, session, actor, request=None) -> None:
    audit_record(
        "development.supervision_viewed",
        organisation=session.organisation,
        actor=actor.user,
        target=session,
        request=request,
    )


def supervision_action_create(
    *, session, actor, description: str, owner, due_on=None, request=None
) -> SupervisionAction:
    _require(
        actor.role in access.MANAGING_ROLES
        or session.supervisor_id == actor.pk
        or session.attendees.filter(pk=actor.pk).exists()
    )
    if owner is not None and owner.organisation_id != session.organisation_id:
        raise ValidationError({"owner": _("Select someone who works for your organisation")})
    action = SupervisionAction(
        organisation_id=session.organisation_id,
        session=session,
        description=(description or "").strip(),
        owner=owner,
        due_on=due_on,
    )
    action.full_clean()
    with transaction.atomic():
        action.save()
        audit_record(
            "development.supervision_action_created",
            organisation=session.organisation,
            actor=actor.user,
            target=action,
            details={"session_id": session.pk, "owner_id": owner.pk},
            request=request,
        )
    return action


def supervision_action_done(*, action: SupervisionAction, actor, request=None):
    _require(
        actor.pk == action.owner_id
        or actor.role in access.MANAGING_ROLES
        or action.session.supervisor_id == actor.pk
    )
    with transaction.atomic():
        if action.done_on is None:
            action.done_on = timezone.localdate()
            action.save(update_fields=["done_on", "updated_at"])
            audit_record(
                "development.supervision_action_done",
                organisation=action.organisation,
                actor=actor.user,
                target=action,
                changes={"done_on": [None, action.done_on.isoformat()]},
                request=request,
            )
    return action


def supervision_action_link(
    *,
    action: SupervisionAction,
    actor,
    system_issue=None,
    propose: dict | None = None,
    request=None,
):
    """Feed what was learned in supervision into the system issues register: link an existing
    system issue, or propose a new one (through the register's own service)."""
    from heard.system_change.models import SystemIssueStatus
    from heard.system_change.services import system_issue_create

    _require(
        actor.pk == action.owner_id
        or actor.role in access.MANAGING_ROLES
        or action.session.supervisor_id == actor.pk
    )
    with transaction.atomic():
        if propose:
            system_issue = system_issue_create(
                organisation=action.organisation,
                acting_user=actor.user,
                data=propose,
                status=SystemIssueStatus.OPEN
                if actor.role in access.MANAGING_ROLES
                else SystemIssueStatus.PROPOSED,
                request=request,
            )
        if system_issue is None or system_issue.organisation_id != action.organisation_id:
            raise ValidationError({"system_issue": _("Select a system issue from the register")})
        action.system_issue = system_issue
        action.save(update_fields=["system_issue", "updated_at"])
        audit_record(
            "development.supervision_action_linked",
            organisation=action.organisation,
            actor=actor.user,
            target=action,
            changes={"system_issue": [None, system_issue.pk]},
            request=request,
        )
    return action


NOTE_FIELDS = ("title", "written_on", "was_i_brave_enough", "face_value", "rights", "reflection")


def reflective_note_write(*, author, data: dict, people_named=(), request=None) -> ReflectiveNote:
    """An advocate writes a note for themselves. It is private until they share it."""
    note = ReflectiveNote(
        organisation_id=author.organisation_id,
        author=author,
        **{k: data[k] for k in NOTE_FIELDS if k in data},
    )
    if not any(
        (getattr(note, k) or "").strip()
        for k in ("was_i_brave_enough", "face_value", "rights", "reflection")
    ):
        raise ValidationError({"reflection": _("Write something in at least one box")})
    for person in people_named:
        if person.organisation_id != author.organisation_id:
            raise ValidationError({"people_named": _("Enter people your organisation supports")})
    note.full_clean()
    with transaction.atomic():
        note.save()
        note.people_named.set(people_named)
        # The audit row names the note, never its words.
        audit_record(
            "development.reflective_note_written",
            organisation=author.organisation,
            actor=author.user,
            target=note,
            request=request,
        )
    return note


def reflective_note_viewed(*, note, viewer, request=None) -> None:
    if viewer.pk != note.author_id:
        audit_record(
            "development.reflective_note_viewed",
            organisation=note.organisation,
            actor=viewer.user,
            target=note,
            request=request,
        )


def reflective_note_share(*, note: ReflectiveNote, author, share: bool, request=None):
    """Only the author shares a note, and only with their own line supervisor."""
    _require(note.author_id == author.pk)
    supervisor = access.supervisor_id(author)
    if share and supervisor is None:
        raise ValidationError(
            _("You do not have a line supervisor yet, so the note cannot be shared")
        )
    with transaction.atomic():
        if share:
            note.shared_with_id, note.shared_at = supervisor, timezone.now()
        else:
            note.shared_with_id, note.shared_at = None, None
        note.save(update_fields=["shared_with", "shared_at", "updated_at"])
        audit_record(
            "development.reflective_note_shared"
            if share
            else "development.reflective_note_unshared",
            organisation=note.organisation,
            actor=author.user,
            target=note,
            details={"shared_with": supervisor if share else None},
            request=request,
        )
    return note


def wellbeing_check_in(
    *, membership, feeling: int, note="", would_like_to_talk=False, request=None
) -> WellbeingCheckIn:
    """Only the advocate checks themselves in."""
    check_in = WellbeingCheckIn(
        organisation_id=membership.organisation_id,
        membership=membership,
        checked_on=timezone.localdate(),
        feeling=feeling,
        note=note,
        would_like_to_talk=would_like_to_talk,
    )
    check_in.full_clean()
    with transaction.atomic():
        check_in.save()
        audit_record(
            "development.wellbeing_checked_in",
            organisation=membership.organisation,
            actor=membership.user,
            target=check_in,
            request=request,
        )
    return check_in


def leave_record(*, membership, actor, starts_on, ends_on, request=None) -> Leave:
    _require(actor.pk == membership.pk or access.can_manage_development(actor, membership))
    leave = Leave(
        organisation_id=membership.organisation_id,
        membership=membership,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    leave.full_clean()
    with transaction.atomic():
        leave.save()
        audit_record(
            "development.leave_recorded",
            organisation=membership.organisation,
            actor=actor.user,
            target=leave,
            details={"membership_id": membership.pk},
            request=request,
        )
    return leave


def barrier_record(*, membership, actor, data: dict, request=None) -> Barrier:
    _require(actor.pk == membership.pk or access.can_manage_development(actor, membership))
    barrier = Barrier(organisation_id=membership.organisation_id, membership=membership, **data)
    barrier.full_clean()
    with transaction.atomic():
        barrier.save()
        audit_record(
            "development.barrier_recorded",
            organisation=membership.organisation,
            actor=actor.user,
            target=barrier,
            changes={"kind": [None, barrier.kind]},
            details={"membership_id": membership.pk},
            request=request,
        )
    return barrier


def barrier_update(*, barrier: Barrier, actor, data: dict, request=None) -> Barrier:
    """Say how a barrier was addressed, and in which supervision it was reviewed."""
    _require(
        actor.pk == barrier.membership_id
        or access.can_manage_development(actor, barrier.membership)
    )
    session = data.get("reviewed_in")
    if session is not None and session.organisation_id != barrier.organisation_id:
        raise ValidationError({"reviewed_in": _("Select a supervision session from the list")})
    changes = {}
    for name in ("how_addressed", "addressed_on", "reviewed_in"):
        if name in data and getattr(barrier, name) != data[name]:
            changes[name] = [_value(getattr(barrier, name)), _value(data[name])]
            setattr(barrier, name, data[name])
    barrier.full_clean()
    with transaction.atomic():
        barrier.save()
        if changes:
            audit_record(
                "development.barrier_updated",
                organisation=barrier.organisation,
                actor=actor.user,
                target=barrier,
                changes=changes,
                request=request,
            )
    return barrier


def readiness_required_set(*, organisation, actor, required: bool, request=None) -> None:
    """Turn on (or off) the readiness check at allocation (ADR-0011)."""
    from heard.organisations.models import Organisation

    from .selectors import READINESS_SETTING

    _require(actor.role in access.MANAGING_ROLES)
    with transaction.atomic():
        # Locked: other settings live in the same JSON and must not be overwritten.
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        settings = dict(locked.settings or {})
        before = bool(settings.get(READINESS_SETTING))
        if before == required:
            return
        settings[READINESS_SETTING] = required
        locked.settings = organisation.settings = settings
        locked.save(update_fields=["settings"])
        audit_record(
            "organisation.updated",
            organisation=locked,
            actor=actor.user,
            target=locked,
            changes={READINESS_SETTING: [before, required]},
            request=request,
        )
