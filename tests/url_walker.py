"""Walks every URL in the project as a member of one organisation, aimed at another's objects.

New URLs are covered automatically. A URL whose arguments the walker cannot
fill is a failure, so nobody can add one that slips past: teach the walker
its argument (``OBJECT_KWARGS``) or list it as public (``PUBLIC_URL_NAMES``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

# Reachable without signing in, by design. Keep this list short and explicit.
PUBLIC_URL_NAMES = {
    "healthz",
    # The language switch: stores the choice in a cookie, reads nothing stored.
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "api:schema",
    "api:docs",
    "api:api-root",
    "api:eligibility",
    # Public referral pages: the organisation comes from the slug, and they show nothing stored.
    "refer:start",
    "refer:referrer",
    "refer:person",
    "refer:situation",
    "refer:questions",
    "refer:communication",
    "refer:basis",
    "refer:equality",
    "refer:check",
    "refer:confirmation",
    "refer:easy_read",
    "refer:easy_read_name",
    "refer:easy_read_contact",
    "refer:easy_read_details",
    "refer:easy_read_help",
    "refer:easy_read_urgent",
    "refer:easy_read_helping",
    "refer:easy_read_helper",
    "refer:easy_read_equality",
    "refer:easy_read_check",
    "refer:easy_read_confirmation",
    # Public feedback and "you said, we did" pages: the organisation comes from the slug (or a
    # random single-use token); they show only what the organisation chose to publish.
    "have_your_say:personal_link",
    "have_your_say:start",
    "have_your_say:done",
    "have_your_say:you_said_we_did",
    "have_your_say:you_said_we_did_easy_read",
    "have_your_say:check",
    "have_your_say:question",
    # A network survey answered through the secret link a member passes on: stores no user.
    "network:survey_answer",
    "network:survey_thanks",
}

# URL keyword argument -> the kind of the other organisation's object to aim at.
OBJECT_KWARGS = {
    "person_id": "person",
    "membership_id": "membership",
    "service_id": "service",
    "referral_id": "referral",
    "case_id": "case",
    "issue_id": "issue",
    "activity_id": "activity",
    "task_id": "task",
    "document_id": "document",
    "system_issue_id": "system_issue",
    "action_id": "system_issue_action",
    "evidence_id": "evidence_link",
    "challenge_id": "challenge",
    "concern_id": "safeguarding_concern",
    "speaking_up_id": "speaking_up_concern",
    "induction_item_id": "induction_item",
    "readiness_id": "readiness",
    "training_item_id": "training_item",
    "session_id": "supervision_session",
    "supervision_action_id": "supervision_action",
    "note_id": "reflective_note",
    "barrier_id": "barrier",
    "involvement_id": "involvement",
    "engagement_id": "engagement_session",
    "you_said_id": "you_said_we_did",
    "export_id": "report_export",
    "sar_id": "subject_access_request",
    "erasure_id": "erasure_request",
    "review_id": "retention_review",
    # The network hub (second tenancy axis: scoped by network, not organisation).
    "network_id": "network",
    "invitation_id": "network_invitation",
    "topic_id": "forum_topic",
    "thread_id": "forum_thread",
    "post_id": "forum_post",
    "survey_id": "survey",
    "member_id": "network_member",
    "hub_id": "remote_hub",
    "resource_id": "resource",
    "version_id": "resource_version",
    "token_id": "api_token",
    "job_id": "import_job",
}
# Routers name their argument ``pk``: say per URL name what it refers to.
PK_BY_URL_NAME = {
    "api:person-detail": "person",
    "api:referral-detail": "referral",
    "api:case-detail": "case",
    "api:issue-detail": "issue",
    "api:issue-outcome": "issue",
    "api:activity-detail": "activity",
    "api:task-detail": "task",
    "api:task-complete": "task",
    "api:challenge-detail": "challenge",
    "api:safeguarding-concern-detail": "safeguarding_concern",
    "api:system-issue-detail": "system_issue",
}
FIXED_KWARGS = {"format": "json", "kind": "people"}

ALLOWED_STATUSES = {403, 404, 405}
# Values made afresh for each response (CSRF tokens, CSP nonces) are random letters and
# digits, and can spell a short seeded name by chance; they are blanked before the search.
RANDOM_VALUES = re.compile(
    r'(name="csrfmiddlewaretoken" value="|nonce="|"inlineScriptNonce": ")[^"]*"'
)


@dataclass
class Route:
    name: str | None
    kwargs: tuple[str, ...]
    description: str


def _kwarg_names(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(re.compile(pattern._regex).groupindex)
    return []


def iter_routes(urlconf=None) -> Iterator[Route]:
    def walk(patterns, namespace, kwargs, prefix):
        for entry in patterns:
            names = kwargs + _kwarg_names(entry.pattern)
            text = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, ns, names, text)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield Route(name, tuple(dict.fromkeys(names)), text)

    yield from walk(get_resolver(urlconf).url_patterns, "", [], "/")


@dataclass
class Finding:
    route: str
    problem: str


def walk_project(
    client, *, foreign_objects: dict, foreign_markers: list[str], urlconf=None
) -> list[Finding]:
    """Request every URL as the signed-in member; return what went wrong (empty is good).

    ``foreign_objects`` maps a kind (``"person"``) to another organisation's
    object; ``foreign_markers`` are strings from that organisation's data that
    must never appear in any response.
    """
    findings: list[Finding] = []
    for route in iter_routes(urlconf):
        if route.name in PUBLIC_URL_NAMES:
            continue
        if route.name is None:
            findings.append(
                Finding(route.description, "has no name, so the walker cannot build it")
            )
            continue
        kwargs = {}
        unfillable = []
        for kwarg in route.kwargs:
            kind = PK_BY_URL_NAME.get(route.name) if kwarg == "pk" else OBJECT_KWARGS.get(kwarg)
            if kwarg in FIXED_KWARGS:
                kwargs[kwarg] = FIXED_KWARGS[kwarg]
            elif kind and kind in foreign_objects:
                kwargs[kwarg] = foreign_objects[kind].pk
            else:
                unfillable.append(kwarg)
        if unfillable:
            findings.append(
                Finding(route.name, f"cannot fill argument(s) {unfillable}: teach the walker")
            )
            continue
        try:
            url = reverse(route.name, kwargs=kwargs, urlconf=urlconf)
        except Exception as error:
            findings.append(Finding(route.name, f"cannot be reversed: {error}"))
            continue
        aims_at_object = any(k not in FIXED_KWARGS for k in kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = RANDOM_VALUES.sub(r'\1"', raw.decode(errors="replace"))
            leaked = [m for m in foreign_markers if m in body]
            if leaked:
                findings.append(
                    Finding(url, f"{method.upper()} showed another organisation's {leaked}")
                )
            if aims_at_object and response.status_code not in ALLOWED_STATUSES:
                findings.append(
                    Finding(url, f"{method.upper()} answered {response.status_code}, not 404/403")
                )
    return findings


def format_findings(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.route}: {f.problem}" for f in findings)


MarkerFactory = Callable[[], list[str]]
