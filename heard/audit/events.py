"""The registered vocabulary of audit event types.

Services record events by these names only; an unknown name is a programming
error, caught at once rather than written to the log as a typo.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EventType:
    name: str
    description: str
    is_access: bool = False  # a view or export of personal data, not a change


_REGISTRY: dict[str, EventType] = {}


def register(name: str, description: str, *, is_access: bool = False) -> EventType:
    event_type = EventType(name, description, is_access)
    _REGISTRY[name] = event_type
    return event_type


def get(name: str) -> EventType:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise LookupError(f"Unregistered audit event type: {name!r}") from None


def all_event_types() -> list[EventType]:
    return sorted(_REGISTRY.values(), key=lambda e: e.name)


# Named system actors: processes that act without a signed-in person.
SYSTEM_ACTORS = {
    "seed": "Heard demo data generator",
    "worker": "Heard background worker",
    "anonymous": "Anonymous raiser",
    "public": "Public web form",
}

# Accounts and organisations
register("auth.logged_in", "Signed in")
register("auth.logged_out", "Signed out")
register("auth.login_failed", "Failed sign-in attempt")
register("auth.password_changed", "Password changed or reset")
register("auth.locked_out", "Sign-in locked after repeated failures")
register("auth.login_refused_locked", "Sign-in refused while locked")
register("auth.many_addresses_alert", "Admins alerted to guessing from many addresses")
register("auth.password_reset_limited", "Password reset refused: too many requests")
register("auth.two_factor_enrolled", "Second factor set up")
register("auth.two_factor_verified", "Signed in with a second factor")
register("auth.two_factor_failed", "Wrong second-factor code")
register("auth.recovery_code_used", "Signed in with a recovery code")
register("auth.two_factor_reset", "Second factor reset by an admin")
register("auth.session_expired", "Session ended by the timeout")
register("access.refused", "Access refused (403 or 404)")
register("organisation.switched", "Switched current organisation")
register("organisation.updated", "Organisation settings changed")
register("service.created", "Service created")
register("service.updated", "Service changed")
register("membership.invited", "Staff member invited")
register("membership.updated", "Staff member's role or capacity changed")
register("membership.deactivated", "Staff member deactivated")
register("membership.reactivated", "Staff member reactivated")
# People
register("person.created", "Person record created")
register("person.updated", "Person record changed")
register("person.equality_copied", "Equality answers copied to the person from a referral")
register("person.viewed", "Person record viewed", is_access=True)
register("person.exported", "Person record exported", is_access=True)
register("person.access_log_viewed", "Access log of a person viewed", is_access=True)
register(
    "person.restricted_access_refused", "Attempt to open a person on a restricted case refused"
)
# Referrals and triage
register("referral.received", "Referral received")
register("referral.viewed", "Referral viewed", is_access=True)
register("referral.triaged", "Triage decision recorded")
# Cases
register("case.opened", "Case opened on the waiting list")
register("case.status_changed", "Case status changed")
register("case.viewed", "Case viewed", is_access=True)
register("case.priority_changed", "Case priority changed, with a reason")
# Casework records (issue 4)
register("case.allocated", "Case allocated to an advocate")
register("case.conflict_overridden", "Conflict of interest overridden at allocation")
register("case.updated", "Case details changed")
register("case.restricted_access_refused", "Attempt to open a restricted case refused")
register("conflict.declared", "Conflict of interest declared")
register("conflict.resolved", "Conflict of interest resolved")
register("issue.created", "Issue recorded")
register("issue.updated", "Issue changed")
register("issue.outcome_recorded", "Outcome of an issue recorded or changed")
register("activity.created", "Activity recorded")
register("activity.updated", "Activity changed")
register("task.created", "Task created")
register("task.updated", "Task changed")
register("task.completed", "Task completed")
register("task.removed", "Generated task removed: its rule no longer applies")
register("document.uploaded", "Document uploaded")
register("document.downloaded", "Document downloaded", is_access=True)
register("issue.entered_in_error", "Issue marked as entered in error")
register("activity.entered_in_error", "Activity marked as entered in error")
register("task.entered_in_error", "Task marked as entered in error")
register("document.entered_in_error", "Document marked as entered in error")
register("case.mha_updated", "Mental Health Act status or hearing changed")
register("case.exported", "Case exported", is_access=True)
register("search.performed", "Search across people and cases", is_access=True)
# System issues register (issue 5)
register("system_issue.created", "System issue recorded or proposed")
register("system_issue.updated", "System issue changed")
register("system_issue.evidence_added", "Case linked as evidence for a system issue")
register("system_issue.evidence_removed", "Case taken off a system issue's evidence")
register("system_issue.action_created", "Action added to a system issue's plan")
register("system_issue.action_updated", "Action on a system issue's plan changed")
register("system_issue.shared", "System issue's anonymised summary shared with the network")
register("system_issue.unshared", "System issue no longer shared with the network")
register("system_issue.evidence_exported", "System issue's evidence exported", is_access=True)
# Challenges, safeguarding concerns and speaking up (issue 5)
register("challenge.raised", "Challenge raised")
register("challenge.viewed", "Challenge viewed", is_access=True)
register("challenge.response_recorded", "Response to a challenge recorded")
register("challenge.escalated", "Challenge escalated to a higher level")
register("challenge.exported", "Challenges exported", is_access=True)
register("challenge.response_times_changed", "Default challenge response times changed")
register("safeguarding.raised", "Safeguarding concern recorded")
register("safeguarding.viewed", "Safeguarding concern viewed", is_access=True)
register("safeguarding.acknowledged", "Acknowledgement of a safeguarding concern recorded")
register("safeguarding.chase_date_set", "Chase date of a safeguarding concern set")
register("safeguarding.outcome_recorded", "Outcome of a safeguarding concern recorded")
register("safeguarding.signed_off", "Safeguarding concern signed off by a manager")
register("safeguarding.exported", "Safeguarding concerns exported", is_access=True)
register("speaking_up.raised", "Speaking-up concern raised")
register("speaking_up.viewed", "Speaking-up concern viewed", is_access=True)
register("speaking_up.action_recorded", "Action on a speaking-up concern recorded")
register("speaking_up.outcome_recorded", "Outcome of a speaking-up concern recorded")
register("speaking_up.exported", "Speaking-up concerns exported", is_access=True)
# Exports without an event of their own (each CSV download is audited)
register("export.downloaded", "List exported (CSV)", is_access=True)
# Data generation
register("seed.ran", "Synthetic demo data generated")
