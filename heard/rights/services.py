"""Writes for people's data protection rights. Every step is audited."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from heard.audit.services import audit_record
from heard.core import progress
from heard.organisations.models import Role

from . import selectors
from .models import (
    DataProtectionSettings,
    ExportState,
    IdentityMethod,
    Requester,
    SarStatus,
    SubjectAccessRequest,
)

logger = logging.getLogger(__name__)
LEAD_ROLES = (Role.ADMIN, Role.MANAGER)


def _audit(event, sar, *, acting_user=None, request=None, details=None, changes=None):
    audit_record(
        event,
        organisation=sar.organisation,
        actor=acting_user,
        system_actor=None if acting_user else "worker",
        target=sar,
        target_label=sar.reference,
        changes=changes,
        details=details,
        request=request,
    )


def data_protection_settings_update(
    *,
    organisation,
    data_protection_lead,
    closed_case_years: int | None = None,
    declined_referral_months: int | None = None,
    privacy_notice: str | None = None,
    easy_read_privacy_notice: str | None = None,
    acting_user,
    request=None,
) -> DataProtectionSettings:
    if data_protection_lead is not None and (
        data_protection_lead.organisation_id != organisation.pk
        or data_protection_lead.role not in LEAD_ROLES
        or not data_protection_lead.is_active
    ):
        raise ValidationError(
            {"data_protection_lead": _("Choose an active manager or admin of your organisation")}
        )
    with transaction.atomic():
        found, _created = DataProtectionSettings.objects.get_or_create(organisation=organisation)
        before = {
            "data protection lead": str(found.data_protection_lead or ""),
            "closed_case_years": found.closed_case_years,
            "declined_referral_months": found.declined_referral_months,
        }
        found.data_protection_lead = data_protection_lead
        if closed_case_years is not None:
            found.closed_case_years = closed_case_years
        if declined_referral_months is not None:
            found.declined_referral_months = declined_referral_months
        notices_before = (found.privacy_notice, found.easy_read_privacy_notice)
        if privacy_notice is not None:
            found.privacy_notice = privacy_notice.strip()
        if easy_read_privacy_notice is not None:
            found.easy_read_privacy_notice = easy_read_privacy_notice.strip()
        found.full_clean()
        found.save()
        after = {
            "data protection lead": str(data_protection_lead or ""),
            "closed_case_years": found.closed_case_years,
            "declined_referral_months": found.declined_referral_months,
        }
        if notices_before != (found.privacy_notice, found.easy_read_privacy_notice):
            before["privacy notices"], after["privacy notices"] = "before", "changed"
        audit_record(
            "rights.settings_changed",
            organisation=organisation,
            actor=acting_user,
            changes={k: [before[k], v] for k, v in after.items() if before[k] != v},
            request=request,
        )
    return found


def sar_create(
    *,
    organisation,
    person,
    requester: str,
    representative_name: str = "",
    received_on: dt.date,
    acting_user,
    request=None,
) -> SubjectAccessRequest:
    """Record a subject access request. The one-month clock runs from ``received_on``."""
    errors = {}
    if person is None or person.organisation_id != organisation.pk:
        errors["person"] = _("Choose a person recorded by your organisation")
    if received_on > timezone.localdate():
        errors["received_on"] = _("The date received must be today or in the past")
    if requester == Requester.REPRESENTATIVE and not representative_name.strip():
        errors["representative_name"] = _("Enter the name of the person acting for them")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        sar = SubjectAccessRequest(
            organisation=organisation,
            person=person,
            person_reference=person.reference,
            requester=requester,
            representative_name=representative_name.strip()
            if requester == Requester.REPRESENTATIVE
            else "",
            received_on=received_on,
            created_by=acting_user,
        )
        sar.due_on = sar.compute_due_on()
        sar.full_clean()
        sar.save()
        _audit("sar.received", sar, acting_user=acting_user, request=request)
    return sar


def sar_confirm_identity(
    *, sar, method: str, confirmed_on: dt.date, acting_user, request=None
) -> SubjectAccessRequest:
    """Record how the requester's identity was confirmed. The clock restarts if that was later."""
    if sar.status != SarStatus.AWAITING_IDENTITY:
        raise ValidationError(_("The requester's identity has already been confirmed"))
    errors = {}
    if method not in IdentityMethod.values:
        errors["method"] = _("Choose how you confirmed their identity")
    if confirmed_on > timezone.localdate():
        errors["confirmed_on"] = _("The date must be today or in the past")
    elif confirmed_on < sar.received_on:
        errors["confirmed_on"] = _("The date must be on or after the day the request was received")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        sar.identity_method = method
        sar.identity_confirmed_on = confirmed_on
        sar.identity_confirmed_by = acting_user
        sar.status = SarStatus.IN_PROGRESS
        sar.due_on = sar.compute_due_on()
        sar.save()
        _audit(
            "sar.identity_confirmed",
            sar,
            acting_user=acting_user,
            request=request,
            details={"method": method, "due_on": sar.due_on.isoformat()},
        )
    return sar


def sar_extend(*, sar, reason: str, acting_user, request=None, today: dt.date | None = None):
    """Extend the deadline by two further months. Allowed once, within the first month."""
    today = today or timezone.localdate()
    if not sar.is_open:
        raise ValidationError(_("This request has been answered"))
    if sar.extended:
        raise ValidationError(_("The deadline has already been extended by two months"))
    if today > sar.due_on:
        raise ValidationError(
            _("The deadline has passed: an extension must be made within the first month")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why more time is needed")})
    with transaction.atomic():
        before = sar.due_on
        sar.extended = True
        sar.extension_reason = reason.strip()
        sar.due_on = sar.compute_due_on()
        sar.reminder_sent_at = None
        sar.save()
        _audit(
            "sar.extended",
            sar,
            acting_user=acting_user,
            request=request,
            changes={"due_on": [before.isoformat(), sar.due_on.isoformat()]},
            details={"reason": sar.extension_reason},
        )
    return sar


def sar_start_export(*, sar, acting_user, request=None) -> SubjectAccessRequest:
    """Queue the background task that builds the zip."""
    if sar.status != SarStatus.IN_PROGRESS:
        raise ValidationError(_("Confirm the requester's identity before building the export"))
    if sar.person is None:
        raise ValidationError(_("The person's record no longer exists"))
    if sar.export_state in (ExportState.QUEUED, ExportState.BUILDING):
        raise ValidationError(_("The export is already being built"))
    from .tasks import build_subject_access_export

    with transaction.atomic():
        sar.export_state = ExportState.QUEUED
        sar.progress = 0
        sar.save(update_fields=["export_state", "progress", "updated_at"])
        _audit("sar.export_started", sar, acting_user=acting_user, request=request)
        transaction.on_commit(
            lambda: build_subject_access_export.enqueue(sar.pk, organisation_id=sar.organisation_id)
        )
    return sar


def _export_waiting(sar_id: int) -> SubjectAccessRequest | None:
    """The request, while its export is queued or being built."""
    return (
        SubjectAccessRequest.objects.select_related("organisation", "person")
        .filter(pk=sar_id, export_state__in=[ExportState.QUEUED, ExportState.BUILDING])
        .first()
    )


def _export_failed(sar, details=None) -> None:
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(
        export_state=ExportState.FAILED, progress=0
    )
    _audit("sar.export_failed", sar, details=details)


def sar_export_abandoned(sar_id: int) -> SubjectAccessRequest | None:
    """The worker stopped while building the zip: the export is failed (and can be started
    again), as a build that raised would be. Nothing once the export has moved on."""
    sar = _export_waiting(sar_id)
    if sar is not None:
        _export_failed(sar, details={"reason": "worker_stopped"})
    return sar


def sar_build_export(sar_id: int) -> SubjectAccessRequest | None:
    """The background task's work: build the zip, recording progress as it goes."""
    from .archive import build_archive

    sar = _export_waiting(sar_id)
    if sar is None or sar.person is None:
        return None

    def building(percent: int) -> None:
        # Seen by the page polling it now, not when the task's transaction ends.
        progress.record(
            SubjectAccessRequest,
            sar.pk,
            export_state=ExportState.BUILDING,
            progress=min(max(percent, 0), 99),
        )

    try:
        building(1)
        build_archive(sar, progress=building)
    except Exception:
        logger.exception("Subject access export %s failed", sar.pk)
        _export_failed(sar)
        return sar
    with transaction.atomic():
        sar.export_state = ExportState.READY
        sar.progress = 100
        sar.save(
            update_fields=[
                "export_state",
                "progress",
                "archive",
                "archive_token",
                "archive_sha256",
                "built_at",
                "updated_at",
            ]
        )
        _audit("sar.export_built", sar, details={"sha256": sar.archive_sha256})
    return sar


def sar_private_notes_read(*, sar, notes, acting_user, request=None) -> None:
    """The data protection lead opened the review: each note read is an access event."""
    for note in notes:
        audit_record(
            "sar.private_note_read",
            organisation=sar.organisation,
            actor=acting_user,
            target=note,
            details={"request": sar.reference},
            request=request,
        )


def sar_review_private_notes(
    *, sar, release_ids: list[int], withheld_reason: str, acting_user, request=None
) -> SubjectAccessRequest:
    """Record which private notes go into the export. A rebuilt export is then needed."""
    found = set(selectors.private_notes_for(sar).values_list("pk", flat=True))
    release = sorted(set(release_ids) & found)
    withheld = found - set(release)
    if withheld and not withheld_reason.strip():
        raise ValidationError(
            {"withheld_reason": _("Enter why the notes you did not choose are withheld")}
        )
    with transaction.atomic():
        sar.private_reviewed_at = timezone.now()
        sar.private_reviewed_by = acting_user
        sar.private_note_ids = release
        sar.private_withheld_reason = withheld_reason.strip() if withheld else ""
        if sar.export_state == ExportState.READY:
            _discard_archive(sar)
        sar.save()
        _audit(
            "sar.private_notes_reviewed",
            sar,
            acting_user=acting_user,
            request=request,
            details={
                "released": release,
                "withheld": sorted(withheld),
                "reason": sar.private_withheld_reason,
            },
        )
    return sar


def _discard_archive(sar) -> None:
    if sar.archive:
        sar.archive.delete(save=False)
    sar.archive = ""
    sar.archive_sha256 = ""
    sar.export_state = ExportState.NOT_STARTED
    sar.progress = 0
    sar.built_at = None


def sar_needs_private_review(sar) -> bool:
    return sar.private_reviewed_at is None and selectors.private_notes_for(sar).exists()


def sar_record_download(*, sar, acting_user, request=None) -> None:
    if sar.export_state != ExportState.READY or not sar.archive:
        raise ValidationError(_("The export is not ready"))
    if sar_needs_private_review(sar):
        raise ValidationError(
            _("The data protection lead must review private notes before the export is released")
        )
    _audit(
        "sar.downloaded",
        sar,
        acting_user=acting_user,
        request=request,
        details={"sha256": sar.archive_sha256},
    )
    if sar.person is not None:
        audit_record(
            "person.exported",
            organisation=sar.organisation,
            actor=acting_user,
            target=sar.person,
            details={"what": "subject access", "request": sar.reference},
            request=request,
        )


def sar_complete(*, sar, completed_on: dt.date, acting_user, request=None) -> SubjectAccessRequest:
    """Record the request as answered. The stored copy of the export is then deleted."""
    if not sar.is_open:
        raise ValidationError(_("This request has already been answered"))
    if sar.export_state != ExportState.READY:
        raise ValidationError(_("Build the export before recording the request as answered"))
    if sar_needs_private_review(sar):
        raise ValidationError(
            _("The data protection lead must review private notes before the export is released")
        )
    if completed_on > timezone.localdate() or completed_on < sar.received_on:
        raise ValidationError(
            {"completed_on": _("The date must be between the day received and today")}
        )
    with transaction.atomic():
        sar.status = SarStatus.COMPLETED
        sar.completed_on = completed_on
        _discard_archive(sar)
        sar.export_state = ExportState.NOT_STARTED
        sar.save()
        _audit(
            "sar.completed",
            sar,
            acting_user=acting_user,
            request=request,
            details={"late": completed_on > sar.due_on},
        )
    return sar


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """Email whoever recorded each open request, and the data protection lead, once it is due
    within a week. The email carries the request's reference and date only."""
    today = today or timezone.localdate()
    sent = 0
    for sar in selectors.due_for_reminder(today):
        recipients = {sar.created_by.email}
        lead_id = selectors.data_protection_lead_id(sar.organisation)
        if lead_id:
            from heard.organisations.models import Membership

            lead = Membership.objects.filter(pk=lead_id).select_related("user").first()
            if lead:
                recipients.add(lead.user.email)
        recipients.discard("")
        subject = _("Subject access request %(ref)s is due on %(date)s") % {
            "ref": sar.reference,
            "date": sar.due_on.strftime("%d %B %Y"),
        }
        body = _(
            "Subject access request %(ref)s for %(organisation)s must be answered by %(date)s.\n\n"
            "Sign in to Heard and go to Admin, then Subject access requests."
        ) % {
            "ref": sar.reference,
            "organisation": sar.organisation.name,
            "date": sar.due_on.strftime("%d %B %Y"),
        }
        with transaction.atomic():
            if recipients:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, sorted(recipients))
            SubjectAccessRequest.objects.filter(pk=sar.pk).update(reminder_sent_at=timezone.now())
            _audit("sar.reminder_sent", sar, details={"due_on": sar.due_on.isoformat()})
        sent += 1
    return sent


def sar_record_view(*, sar, acting_user, request=None) -> None:
    _audit("sar.viewed", sar, acting_user=acting_user, request=request)


# --- erasure --------------------------------------------------------------------------------


def _erasure_audit(event, erasure, *, acting_user, request=None, details=None):
    audit_record(
        event,
        organisation=erasure.organisation,
        actor=acting_user,
        target=erasure,
        target_label=erasure.reference,
        details=details,
        request=request,
    )


def _erasure_blockers(person) -> list[str]:
    from heard.casework.models import Case, Status

    blockers = []
    if Case.objects.filter(person=person).exclude(status=Status.CLOSED).exists():
        blockers.append(_("They have a case that is not closed: close it first"))
    if (
        SubjectAccessRequest.objects.filter(person=person)
        .exclude(status=SarStatus.COMPLETED)
        .exists()
    ):
        blockers.append(_("They have a subject access request to answer first"))
    return blockers


def erasure_request_create(*, organisation, person, reason: str, acting_user, request=None):
    from .models import ErasureRequest, ErasureStatus

    errors = {}
    if person is None or person.organisation_id != organisation.pk:
        errors["person_reference"] = _("No person in your organisation has that reference")
    elif ErasureRequest.objects.filter(
        person=person, status__in=[ErasureStatus.AWAITING_APPROVAL, ErasureStatus.CARRIED_OUT]
    ).exists():
        errors["person_reference"] = _("Their erasure has already been asked for")
    else:
        blockers = _erasure_blockers(person)
        if blockers:
            errors["person_reference"] = blockers
    if not reason.strip():
        errors["reason"] = _("Enter why the record should be erased")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        erasure = ErasureRequest.objects.create(
            organisation=organisation,
            person=person,
            person_reference=person.reference,
            reason=reason.strip(),
            requested_by=acting_user,
        )
        _erasure_audit("erasure.requested", erasure, acting_user=acting_user, request=request)
    return erasure


def erasure_approve(*, erasure, acting_user, request=None):
    """A second person approves: the record is erased at once, leaving a tombstone."""
    from .erasure import erase_person
    from .models import ErasureStatus

    if erasure.status != ErasureStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This erasure has already been decided"))
    if erasure.requested_by_id == acting_user.pk:
        raise ValidationError(_("Someone other than the person who asked must approve it"))
    if erasure.person is None:
        raise ValidationError(_("The person's record no longer exists"))
    blockers = _erasure_blockers(erasure.person)
    if blockers:
        raise ValidationError(blockers)
    with transaction.atomic():
        erasure.status = ErasureStatus.CARRIED_OUT
        erasure.decided_by = acting_user
        erasure.decided_at = timezone.now()
        erasure.save()
        erase_person(erasure.person, tombstone_actor=acting_user, reference=erasure.reference)
    return erasure


def erasure_refuse(*, erasure, reason: str, acting_user, request=None):
    from .models import ErasureStatus

    if erasure.status != ErasureStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This erasure has already been decided"))
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why the erasure is refused")})
    with transaction.atomic():
        erasure.status = ErasureStatus.REFUSED
        erasure.decided_by = acting_user
        erasure.decided_at = timezone.now()
        erasure.refusal_reason = reason.strip()
        erasure.save()
        _erasure_audit("erasure.refused", erasure, acting_user=acting_user, request=request)
    return erasure


def erasure_record_view(*, erasure, acting_user, request=None) -> None:
    _erasure_audit("erasure.viewed", erasure, acting_user=acting_user, request=request)


# --- retention ------------------------------------------------------------------------------

STALE_AFTER = dt.timedelta(days=7)


def _retention_audit(event, review, *, acting_user=None, request=None, details=None):
    audit_record(
        event,
        organisation=review.organisation,
        actor=acting_user,
        system_actor=None if acting_user else "worker",
        target=review,
        target_label=review.reference,
        details=details,
        request=request,
    )


def retention_dry_run(*, organisation, acting_user, request=None, today=None):
    """Work out what the rules would erase today, for a manager to approve. Erases nothing."""
    from .models import RetentionReview

    today = today or timezone.localdate()
    rules = selectors.settings_for(organisation)
    closed_before, received_before = selectors.retention_cutoffs(rules, today)
    with transaction.atomic():
        review = RetentionReview.objects.create(
            organisation=organisation,
            closed_before=closed_before,
            received_before=received_before,
            person_ids=list(
                selectors.expired_people(organisation, closed_before).values_list("pk", flat=True)
            ),
            referral_ids=list(
                selectors.expired_referrals(organisation, received_before).values_list(
                    "pk", flat=True
                )
            ),
            created_by=acting_user,
        )
        _retention_audit(
            "retention.dry_run",
            review,
            acting_user=acting_user,
            request=request,
            details={"people": len(review.person_ids), "referrals": len(review.referral_ids)},
        )
    return review


def retention_approve(*, review, acting_user, request=None):
    """A manager approves the dry run: the background task erases what it listed."""
    from .models import RetentionStatus
    from .tasks import apply_retention

    if review.status != RetentionStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This dry run has already been decided"))
    if timezone.now() - review.created_at > STALE_AFTER:
        raise ValidationError(_("This dry run is more than a week old: run a new one"))
    if not review.person_ids and not review.referral_ids:
        raise ValidationError(_("Nothing has expired: there is nothing to approve"))
    with transaction.atomic():
        review.status = RetentionStatus.APPROVED
        review.approved_by = acting_user
        review.approved_at = timezone.now()
        review.save()
        _retention_audit("retention.approved", review, acting_user=acting_user, request=request)
        transaction.on_commit(
            lambda: apply_retention.enqueue(review.pk, organisation_id=review.organisation_id)
        )
    return review


def retention_discard(*, review, acting_user, request=None):
    from .models import RetentionStatus

    if review.status != RetentionStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This dry run has already been decided"))
    with transaction.atomic():
        review.status = RetentionStatus.DISCARDED
        review.save()
        _retention_audit("retention.discarded", review, acting_user=acting_user, request=request)
    return review


def retention_still_approved(review_id: int):
    """The review, while it is approved and not yet carried out; otherwise ``None``."""
    from .models import RetentionReview, RetentionStatus

    return RetentionReview.objects.filter(pk=review_id, status=RetentionStatus.APPROVED).first()


def retention_apply(review_id: int):
    """The background task: erase what the approved dry run listed and has still expired.

    Each record is checked again, so anything reopened or referred again since the dry run
    is left alone.
    """
    from .erasure import erase_person, erase_referral
    from .models import RetentionReview, RetentionStatus

    review = (
        RetentionReview.objects.select_related("organisation")
        .filter(pk=review_id, status=RetentionStatus.APPROVED)
        .first()
    )
    if review is None:
        return None
    organisation = review.organisation
    people = selectors.expired_people(organisation, review.closed_before).filter(
        pk__in=review.person_ids
    )
    referrals = selectors.expired_referrals(organisation, review.received_before).filter(
        pk__in=review.referral_ids
    )
    erased_people = erased_referrals = 0
    for person in people:
        with transaction.atomic():
            erase_person(person, system_actor="worker", reference=review.reference)
        erased_people += 1
    for referral in referrals:
        with transaction.atomic():
            erase_referral(referral, system_actor="worker", reference=review.reference)
        erased_referrals += 1
    with transaction.atomic():
        review.status = RetentionStatus.CARRIED_OUT
        review.carried_out_at = timezone.now()
        review.people_erased = erased_people
        review.referrals_erased = erased_referrals
        review.save()
        _retention_audit(
            "retention.carried_out",
            review,
            details={"people": erased_people, "referrals": erased_referrals},
        )
    return review


def retention_record_view(*, review, acting_user, request=None) -> None:
    _retention_audit("retention.viewed", review, acting_user=acting_user, request=request)


def audit_trail_export_record(
    *, organisation, person, start, end, rows: int, acting_user, request=None
) -> None:
    """The audit trail export is itself an access event (of the person, when it is about one)."""
    audit_record(
        "audit.exported",
        organisation=organisation,
        actor=acting_user,
        target=person,
        details={
            "person": person.reference if person else "",
            "from": start.isoformat() if start else "",
            "to": end.isoformat() if end else "",
            "rows": rows,
        },
        request=request,
    )
