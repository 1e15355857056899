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
register("person.viewed", "Person record viewed", is_access=True)
register("person.exported", "Person record exported", is_access=True)
register("person.access_log_viewed", "Access log of a person viewed", is_access=True)
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
register("activity.created", "Activity recorded")
register("activity.updated", "Activity changed")
register("task.created", "Task created")
register("task.updated", "Task changed")
register("task.completed", "Task completed")
register("document.uploaded", "Document uploaded")
register("document.downloaded", "Document downloaded", is_access=True)
register("case.exported", "Case exported", is_access=True)
register("search.performed", "Search across people and cases", is_access=True)
# Data generation
register("seed.ran", "Synthetic demo data generated")
