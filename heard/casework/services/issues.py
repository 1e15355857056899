"""Writing issues: what the person wants to change, in their own words, and how it ended.

A case cannot close while an issue has no outcome (``lifecycle`` refuses it;
``selectors_records.open_issue_count`` gives the count), so a closed case takes
no new issue.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.audit.services import audit_record, diff, snapshot
from heard.casework.models import Case, FeltListenedTo, Issue, IssueOutcome, OutcomeTag, Status

FIELDS = ["in_their_words", "said_by", "category"]
OUTCOME_FIELDS = [
    "outcome",
    "outcome_tags",
    "outcome_note",
    "outcome_in_their_words",
    "felt_listened_to",
    "outcome_recorded_at",
]


def _audit(event: str, issue: Issue, acting_user, changes: dict, request) -> None:
    audit_record(
        event,
        organisation=issue.organisation,
        actor=acting_user,
        target=issue,
        target_label=_("Issue %(pk)s on case %(reference)s")
        % {"pk": issue.pk, "reference": issue.case.reference},
        changes=changes,
        details={"case_id": issue.case_id},
        request=request,
    )


def issue_create(*, case: Case, acting_user, data: dict, request=None) -> Issue:
    """Record an issue on an open case."""
    if case.status == Status.CLOSED:
        raise ValidationError(
            _("Case %(reference)s is closed. Reopen it before recording a new issue")
            % {"reference": case.reference}
        )
    with transaction.atomic():
        issue = Issue(
            organisation_id=case.organisation_id,
            case=case,
            created_by=acting_user,
            **{field: data[field] for field in FIELDS},
        )
        issue.in_their_words = issue.in_their_words.strip()
        issue.full_clean()
        issue.save()
        _audit("issue.created", issue, acting_user, diff({}, snapshot(issue, FIELDS)), request)
    return issue


def issue_update(*, issue: Issue, acting_user, data: dict, request=None) -> Issue:
    """Change an issue's words, who said it or its category."""
    with transaction.atomic():
        stored = Issue.objects.select_for_update().get(pk=issue.pk)
        before = snapshot(stored, FIELDS)
        for field in FIELDS:
            setattr(issue, field, data[field])
        issue.in_their_words = issue.in_their_words.strip()
        issue.full_clean()
        changes = diff(before, snapshot(issue, FIELDS))
        if changes:
            issue.save()
            _audit("issue.updated", issue, acting_user, changes, request)
    return issue


def issue_record_outcome(
    *,
    issue: Issue,
    outcome: str,
    tags: list[str],
    note: str,
    acting_user,
    in_their_words: str = "",
    felt_listened_to: str = "",
    request=None,
) -> Issue:
    """Record (or correct) how an issue ended. The time is kept when only the rest changes.

    Beside the staff note: what the person said about the outcome in their own words, and
    whether they felt listened to (both optional; "they could not say, or were not asked"
    is an answer of its own, so a blank means nobody recorded one).
    """
    errors = {}
    if outcome not in IssueOutcome.values:
        errors["outcome"] = _("Select the outcome")
    unknown = [tag for tag in tags if tag not in OutcomeTag.values]
    if unknown:
        errors["outcome_tags"] = _("Select outcome tags from the list")
    if felt_listened_to and felt_listened_to not in FeltListenedTo.values:
        errors["felt_listened_to"] = _("Select whether the person felt listened to")
    if errors:
        raise ValidationError(errors)
    # Keep the order of the list, so the same choice always stores the same value.
    tags = [tag for tag in OutcomeTag.values if tag in tags]
    with transaction.atomic():
        stored = Issue.objects.select_for_update().get(pk=issue.pk)
        before = snapshot(stored, OUTCOME_FIELDS)
        if stored.outcome != outcome or stored.outcome_recorded_at is None:
            issue.outcome_recorded_at = timezone.now()
        issue.outcome, issue.outcome_tags, issue.outcome_note = outcome, tags, note.strip()
        issue.outcome_in_their_words = in_their_words.strip()
        issue.felt_listened_to = felt_listened_to
        issue.full_clean()
        changes = diff(before, snapshot(issue, OUTCOME_FIELDS))
        if changes:
            issue.save()
            _audit("issue.outcome_recorded", issue, acting_user, changes, request)
    return issue
