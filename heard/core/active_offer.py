"""The Active Offer: a Welsh organisation's public pages open with the choice of Cymraeg or
English, before anything else, so nobody has to ask for Welsh.

Public views call :func:`active_offer` with their organisation (or use
:func:`offers_welsh_first`); until the visitor has chosen a language in this session, a
Welsh organisation's page answers with the choice instead. Choosing posts to the header's
language switch, which remembers the choice and returns to the page asked for. See
docs/welsh.md and ADR-0045.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.shortcuts import render

from heard.core.advocacy_types import Nation
from heard.core.language import SESSION_KEY

# The offer is made in both languages at once, Welsh first, so these words are deliberately
# not translated: each carries its own ``lang``.
WORDS = {
    "cy": {
        "title": "Dewiswch iaith",
        "heading": "Cymraeg neu Saesneg?",
        "lead": "Gallwch ddefnyddio’r gwasanaeth hwn yn Gymraeg neu yn Saesneg.",
        "button": "Cymraeg",
    },
    "en": {
        "title": "Choose a language",
        "heading": "Welsh or English?",
        "lead": "You can use this service in Welsh or in English.",
        "button": "English",
    },
}


def has_chosen(request) -> bool:
    """Whether the visitor has chosen a language: the switch's cookie, or their session."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get(SESSION_KEY))


def active_offer(request, organisation):
    """The choice of language, for a Welsh organisation's visitor who has not yet chosen;
    else None (carry on with the page)."""
    if organisation.nation != Nation.WALES or request.method != "GET" or has_chosen(request):
        return None
    return render(
        request,
        "core/active_offer.html",
        {"organisation": organisation, "next": request.get_full_path(), "words": WORDS},
    )


def offers_welsh_first(get_organisation):
    """Decorate a public view: ``get_organisation(**kwargs)`` finds its organisation."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            return active_offer(request, get_organisation(**kwargs)) or view(
                request, *args, **kwargs
            )

        return wrapped

    return decorate
