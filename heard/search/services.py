"""Writes for search: only the audit of each search."""

from heard.audit.services import audit_record


def search_record(
    *, organisation, acting_user, text: str, results, referrals: int | None = None, request=None
) -> None:
    """Audit a search. The query is kept: it may name someone, but "who searched for whom" is
    what an access investigation asks, and the audit log is itself restricted. ``referrals``
    is how many referrals a referral reference found, when it was looked up."""
    details = {
        "query": text,
        "kind": results.query.kind,
        "people": results.people_total,
        "cases": results.cases_total,
    }
    if results.people_more:
        details["people_more"] = True
    if referrals is not None:
        details["referrals"] = referrals
    audit_record(
        "search.performed",
        organisation=organisation,
        actor=acting_user,
        details=details,
        request=request,
    )
