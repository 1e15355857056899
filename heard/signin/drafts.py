"""Typed work survives a timeout: a form posted after the session ended is kept as a draft.

The draft lives in the (server-side) session, belongs to the person who typed it, and is
offered back once they sign in again, to send with one button. It never needs JavaScript.
"""

from __future__ import annotations

from django.urls import Resolver404, resolve

MAX_FIELDS = 200
MAX_BYTES = 64 * 1024
SESSION_KEY = "heard_draft"
SKIPPED = {"csrfmiddlewaretoken"}
# Signing in and out, and the timeout's own buttons, are not work to keep.
NOT_KEPT_NAMESPACES = {"accounts", "signin"}


def _resolve(path: str):
    try:
        return resolve(path)
    except Resolver404:
        return None


def capture(request) -> dict | None:
    """The posted fields worth keeping, or None for anything that is not a form post."""
    if request.method != "POST" or request.path_info.startswith("/api/"):
        return None
    match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
    if match is None or match.namespace in NOT_KEPT_NAMESPACES:
        return None
    fields: list[list[str]] = []
    size = 0
    for name, values in request.POST.lists():
        if name in SKIPPED:
            continue
        for value in values:
            size += len(name) + len(value)
            fields.append([name, value])
    if not fields or len(fields) > MAX_FIELDS or size > MAX_BYTES:
        return None
    return {"path": request.get_full_path(), "fields": fields}


def keep(request, *, user, draft: dict) -> None:
    request.session[SESSION_KEY] = {**draft, "user_id": user.pk}


def take(request) -> dict | None:
    """The signed-in person's own draft, if there is one (someone else's is dropped)."""
    draft = request.session.pop(SESSION_KEY, None)
    if not draft or draft.get("user_id") != request.user.pk:
        return None
    return draft


def peek(request) -> dict | None:
    draft = request.session.get(SESSION_KEY)
    if not draft or draft.get("user_id") != request.user.pk:
        return None
    return draft
