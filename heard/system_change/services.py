"""Writing the system issues register: issues, evidence, actions, and sharing with the network.

Every change is audited here. When a system issue is shared with the network,
its stored anonymised summary is rebuilt by each change that alters what it
contains (title, status, actions, counts), so the hub never sees a stale copy.
A change that would put a name, reference or date of birth into the summary is
refused with a message beside the field; a new link that makes the existing
text identifying (a newly linked person whose name is in the title) stops the
sharing instead, and says so.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff, snapshot
from heard.casework.models import Case, Issue

from .models import Action, EvidenceLink, SystemIssue, SystemIssueStatus
from .selectors import counts_for, identifiers_for
from .summary import Finding, build_shared_summary, find_identifiers

ISSUE_FIELDS = ["title", "theme", "description", "who_it_affects", "bodies_responsible"]
ACTION_FIELDS = ["description", "owner", "due_on", "status", "what_changed"]


class SharingStopped(str):
    """The message shown when a change made a shared summary identifying, so sharing stopped."""


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def identifying_message(finding: Finding) -> str:
    return _(
        "Remove “%(text)s” from %(field_label)s: the summary shared with the network must not contain the name, reference or date of birth of anyone whose case is evidence"
    ) % {"text": finding.text, "field_label": finding.field_label}


def _shared_summary(system_issue: SystemIssue, *, today: dt.date) -> tuple[dict, list[Finding]]:
    summary = build_shared_summary(
        system_issue,
        counts_for(system_issue, today=today),
        actions=list(system_issue.actions.all()),
    )
    return summary, find_identifiers(summary, identifiers_for(system_issue))


def _refresh_shared_summary(
    system_issue: SystemIssue, *, field_for, acting_user, request, today: dt.date
) -> None:
    """Rebuild a shared issue's summary; raise ValidationError if it would identify someone.

    ``field_for(finding)`` names the form field the message belongs beside.
    """
    if not system_issue.share_with_network:
        return
    summary, findings = _shared_summary(system_issue, today=today)
    if findings:
        errors: dict = {}
        for finding in findings:
            errors.setdefault(field_for(finding), []).append(identifying_message(finding))
        raise ValidationError(errors)
    system_issue.shared_summary = summary
    system_issue.shared_at = timezone.now()
    system_issue.save(update_fields=["shared_summary", "shared_at", "updated_at"])


def system_issue_create(
    *,
    organisation,
    acting_user,
    data: dict,
    status: str = SystemIssueStatus.OPEN,
    request=None,
) -> SystemIssue:
    """Record a system issue: open when a manager records it, proposed when an advocate does."""
    system_issue = SystemIssue(
        organisation=organisation,
        status=status,
        proposed_by=acting_user,
        **{name: data.get(name, "") for name in ISSUE_FIELDS},
    )
    system_issue.full_clean()
    with transaction.atomic():
        system_issue.save()
        audit_record(
            "system_issue.created",
            organisation=organisation,
            actor=acting_user,
            target=system_issue,
            details={"status": status, "theme": system_issue.theme},
            request=request,
        )
    return system_issue


def system_issue_update(
    *,
    system_issue: SystemIssue,
    acting_user,
    data: dict,
    request=None,
    today: dt.date | None = None,
) -> SystemIssue:
    """Change a system issue's details or status (managers). A shared issue stays anonymised."""
    before = snapshot(system_issue, [*ISSUE_FIELDS, "status"])
    for name in [*ISSUE_FIELDS, "status"]:
        if name in data:
            setattr(system_issue, name, data[name])
    if system_issue.share_with_network and system_issue.status == SystemIssueStatus.PROPOSED:
        raise ValidationError(
            {
                "status": _(
                    "Stop sharing this system issue with the network before marking it proposed"
                )
            }
        )
    system_issue.full_clean()
    changes = diff(before, snapshot(system_issue, [*ISSUE_FIELDS, "status"]))
    with transaction.atomic():
        system_issue.save()
        _refresh_shared_summary(
            system_issue,
            field_for=lambda finding: "title" if finding.where == "title" else NON_FIELD_ERRORS,
            acting_user=acting_user,
            request=request,
            today=_today(today),
        )
        audit_record(
            "system_issue.updated",
            organisation=system_issue.organisation,
            actor=acting_user,
            target=system_issue,
            changes=changes,
            request=request,
        )
    return system_issue


def _duplicate_message(system_issue: SystemIssue, case: Case, issue, challenge) -> str:
    title = system_issue.title
    if challenge is not None:
        return _("This challenge on case %(reference)s is already evidence for “%(title)s”") % {
            "reference": case.reference,
            "title": title,
        }
    if issue is not None:
        return _("This issue on case %(reference)s is already evidence for “%(title)s”") % {
            "reference": case.reference,
            "title": title,
        }
    return _("Case %(reference)s is already evidence for “%(title)s”") % {
        "reference": case.reference,
        "title": title,
    }


def _existing_link(system_issue: SystemIssue, case: Case, issue, challenge):
    links = EvidenceLink.objects.filter(system_issue=system_issue)
    if challenge is not None:
        return links.filter(challenge=challenge)
    return links.filter(case=case, issue=issue, challenge__isnull=True)


def evidence_link_add(
    *,
    system_issue: SystemIssue,
    case: Case,
    acting_user,
    issue: Issue | None = None,
    challenge=None,
    request=None,
    today: dt.date | None = None,
) -> tuple[EvidenceLink, SharingStopped | None]:
    """Link a case (optionally one of its issues or challenges) as evidence for a system issue.

    Refused, with a message for the ``system_issue`` field, when the same evidence is
    already linked or the system issue is closed. Returns the link and, if the new
    link made a shared summary identifying, the message saying sharing stopped.
    """
    if case.organisation_id != system_issue.organisation_id:
        raise ValidationError(
            {"system_issue": _("Choose one of your organisation's system issues")}
        )
    if issue is not None and issue.case_id != case.pk:
        raise ValidationError(
            {
                "issue": _("Choose one of the issues on case %(reference)s")
                % {"reference": case.reference}
            }
        )
    if challenge is not None and challenge.case_id != case.pk:
        raise ValidationError(
            {
                "challenge": _("Choose one of the challenges on case %(reference)s")
                % {"reference": case.reference}
            }
        )
    if system_issue.status == SystemIssueStatus.CLOSED:
        raise ValidationError(
            {
                "system_issue": _("“%(title)s” is closed. Reopen it before adding evidence")
                % {"title": system_issue.title}
            }
        )
    duplicate = _duplicate_message(system_issue, case, issue, challenge)
    if _existing_link(system_issue, case, issue, challenge).exists():
        raise ValidationError({"system_issue": duplicate})
    link = EvidenceLink(
        organisation_id=system_issue.organisation_id,
        system_issue=system_issue,
        case=case,
        issue=issue,
        challenge=challenge,
        linked_by=acting_user,
        linked_at=timezone.now(),
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                link.save()
        except IntegrityError as error:  # the same link made at the same moment by someone else
            raise ValidationError({"system_issue": duplicate}) from error
        audit_record(
            "system_issue.evidence_added",
            organisation=system_issue.organisation,
            actor=acting_user,
            target=system_issue,
            details={
                "case_id": case.pk,
                "case": case.reference,
                "issue_id": issue.pk if issue else None,
                "challenge_id": challenge.pk if challenge else None,
            },
            request=request,
        )
        stopped = _refresh_or_stop_sharing(
            system_issue, acting_user=acting_user, request=request, today=_today(today)
        )
    return link, stopped


def _refresh_or_stop_sharing(
    system_issue: SystemIssue, *, acting_user, request, today: dt.date
) -> SharingStopped | None:
    """After evidence changes: rebuild a shared summary, or stop sharing if it now identifies someone."""
    if not system_issue.share_with_network:
        return None
    summary, findings = _shared_summary(system_issue, today=today)
    if not findings:
        system_issue.shared_summary = summary
        system_issue.shared_at = timezone.now()
        system_issue.save(update_fields=["shared_summary", "shared_at", "updated_at"])
        return None
    _stop_sharing(system_issue, acting_user=acting_user, request=request, reason="identifying")
    finding = findings[0]
    return SharingStopped(
        _(
            "“%(title)s” is no longer shared with the network: %(field_label)s contains “%(text)s”, the name, reference or date of birth of someone whose case is evidence. Change it, then share the system issue again"
        )
        % {"title": system_issue.title, "field_label": finding.field_label, "text": finding.text}
    )


def case_tag(
    *,
    case: Case,
    acting_user,
    system_issue: SystemIssue | None = None,
    proposal: dict | None = None,
    proposal_status: str = SystemIssueStatus.PROPOSED,
    issue: Issue | None = None,
    challenge=None,
    request=None,
) -> tuple[EvidenceLink, SharingStopped | None]:
    """Tag a case as evidence of a system issue: an existing one, or a new one proposed now.

    Both happen in one transaction: a refused link does not leave a new proposal behind.
    """
    with transaction.atomic():
        if system_issue is None:
            system_issue = system_issue_create(
                organisation=case.organisation,
                acting_user=acting_user,
                data=proposal or {},
                status=proposal_status,
                request=request,
            )
        return evidence_link_add(
            system_issue=system_issue,
            case=case,
            issue=issue,
            challenge=challenge,
            acting_user=acting_user,
            request=request,
        )


def evidence_link_remove(
    *, link: EvidenceLink, acting_user, request=None, today: dt.date | None = None
) -> SharingStopped | None:
    """Take a case off a system issue's evidence (a mistaken tag). Audited with the case reference."""
    system_issue = link.system_issue
    with transaction.atomic():
        audit_record(
            "system_issue.evidence_removed",
            organisation=system_issue.organisation,
            actor=acting_user,
            target=system_issue,
            details={
                "case_id": link.case_id,
                "case": link.case.reference,
                "issue_id": link.issue_id,
                "challenge_id": link.challenge_id,
            },
            request=request,
        )
        link.delete()
        return _refresh_or_stop_sharing(
            system_issue, acting_user=acting_user, request=request, today=_today(today)
        )


def _check_owner(system_issue: SystemIssue, owner) -> None:
    if owner is not None and (
        owner.organisation_id != system_issue.organisation_id or not owner.is_active
    ):
        raise ValidationError({"owner": _("Choose a current member of staff")})


def _action_field(finding: Finding) -> str:
    return "description" if finding.where.startswith("actions.") else NON_FIELD_ERRORS


def action_create(
    *,
    system_issue: SystemIssue,
    acting_user,
    data: dict,
    request=None,
    today: dt.date | None = None,
) -> Action:
    """Add a step to the action plan."""
    action = Action(
        organisation_id=system_issue.organisation_id,
        system_issue=system_issue,
        created_by=acting_user,
        **{name: data[name] for name in ACTION_FIELDS if name in data},
    )
    _check_owner(system_issue, action.owner)
    action.full_clean()
    with transaction.atomic():
        action.save()
        _refresh_shared_summary(
            system_issue,
            field_for=_action_field,
            acting_user=acting_user,
            request=request,
            today=_today(today),
        )
        audit_record(
            "system_issue.action_created",
            organisation=system_issue.organisation,
            actor=acting_user,
            target=action,
            details={"system_issue_id": system_issue.pk, "status": action.status},
            request=request,
        )
    return action


def action_update(
    *, action: Action, acting_user, data: dict, request=None, today: dt.date | None = None
) -> Action:
    """Change an action: its owner, due date, progress, and what changed as a result."""
    before = snapshot(action, ACTION_FIELDS)
    for name in ACTION_FIELDS:
        if name in data:
            setattr(action, name, data[name])
    _check_owner(action.system_issue, action.owner)
    action.full_clean()
    changes = diff(before, snapshot(action, ACTION_FIELDS))
    with transaction.atomic():
        action.save()
        _refresh_shared_summary(
            action.system_issue,
            field_for=_action_field,
            acting_user=acting_user,
            request=request,
            today=_today(today),
        )
        audit_record(
            "system_issue.action_updated",
            organisation=action.organisation,
            actor=acting_user,
            target=action,
            changes=changes,
            details={"system_issue_id": action.system_issue_id},
            request=request,
        )
    return action


def _stop_sharing(system_issue: SystemIssue, *, acting_user, request, reason: str) -> None:
    system_issue.share_with_network = False
    system_issue.shared_summary = {}
    system_issue.shared_at = None
    system_issue.save(
        update_fields=["share_with_network", "shared_summary", "shared_at", "updated_at"]
    )
    audit_record(
        "system_issue.unshared",
        organisation=system_issue.organisation,
        actor=acting_user,
        target=system_issue,
        details={"reason": reason},
        request=request,
    )


def system_issue_set_sharing(
    *,
    system_issue: SystemIssue,
    share: bool,
    acting_user,
    request=None,
    today: dt.date | None = None,
) -> SystemIssue:
    """Share an anonymised summary with the network, or stop sharing it.

    Sharing builds and stores the summary; it is refused (ValidationError on ``share``)
    for a proposal not yet accepted, or while the title or an action would identify
    someone. Stopping clears the stored summary, so nothing is left for the hub to read.
    """
    with transaction.atomic():
        # Lock the row against a simultaneous change, then work on the caller's instance.
        list(SystemIssue.objects.select_for_update().filter(pk=system_issue.pk).values("pk"))
        system_issue.refresh_from_db()
        if not share:
            if system_issue.share_with_network:
                _stop_sharing(
                    system_issue, acting_user=acting_user, request=request, reason="requested"
                )
            return system_issue
        if system_issue.status == SystemIssueStatus.PROPOSED:
            raise ValidationError(
                {"share": _("Accept this proposed system issue (mark it open) before sharing it")}
            )
        summary, findings = _shared_summary(system_issue, today=_today(today))
        if findings:
            raise ValidationError({"share": [identifying_message(f) for f in findings]})
        system_issue.share_with_network = True
        system_issue.shared_summary = summary
        system_issue.shared_at = timezone.now()
        system_issue.save(
            update_fields=["share_with_network", "shared_summary", "shared_at", "updated_at"]
        )
        audit_record(
            "system_issue.shared",
            organisation=system_issue.organisation,
            actor=acting_user,
            target=system_issue,
            details={"summary": summary},
            request=request,
        )
    return system_issue


def evidence_export_record(*, system_issue: SystemIssue, acting_user, rows: int, request=None):
    """Audit a CSV export of a system issue's evidence: it names people and their cases."""
    audit_record(
        "system_issue.evidence_exported",
        organisation=system_issue.organisation,
        actor=acting_user,
        target=system_issue,
        details={"rows": rows, "format": "csv"},
        request=request,
    )
