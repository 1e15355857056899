"""The engine's sentences in another language, rebuilt from the English it gave.

The engine answers in English: that is its contract, and it is what a referral
stores. Every clause, sentence, label and citation it can say is marked with
``_`` below (a marker only, like Django's ``gettext_noop``, so ``makemessages``
collects them and this package stays free of Django). A page in Welsh passes a
stored English reason to :func:`translate_reason`, which splits it back into the
wording it was composed from and puts each part through the page's ``gettext``.
The split is exact or nothing: anything it cannot account for (a result stored
by older rules) comes back as ``None`` and is shown in English, marked as such.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, lru_cache

__all__ = ["KNOWN", "translate_citation", "translate_reason"]

#: Every string marked with ``_``: the words the engine can use.
KNOWN: set[str] = set()


def _(text: str) -> str:
    """Mark ``text`` for translation (collected by makemessages) and return it unchanged."""
    KNOWN.add(text)
    return text


# --- how the engine composes sentences ------------------------------------------

APPLIES = _("%(route)s applies because %(clauses)s.")
COULD_APPLY = _("%(route)s could apply if %(clauses)s.")
NOT_YET_IN_FORCE = _("%(route)s was not in force on %(as_of)s; it came into force on %(day)s.")
CEASED = _("%(route)s was not in force on %(as_of)s; it ceased to apply on %(day)s.")
#: Whole sentences per nation: Welsh mutates a place name after "in" (yng Nghymru).
ONLY_IN = {
    "england": _("%(route)s applies only in England."),
    "wales": _("%(route)s applies only in Wales."),
}
IN_NATION = {
    "england": _("the person is in England"),
    "wales": _("the person is in Wales"),
}
#: Joining clauses: "a, b and c"; alternatives still open: "a or b".
JOINS = {
    ", ": _("%(earlier)s, %(next)s"),
    " and ": _("%(earlier)s and %(next)s"),
    " or ": _("%(earlier)s or %(next)s"),
}

Gettext = Callable[[str], str]
DateFormat = Callable[[date], str]


def long_date(day: date) -> str:
    """The engine's English date: "6 April 2016"."""
    return f"{day.day} {day:%B %Y}"


def join_clauses(clauses, joiner: str = " and ") -> str:
    """["a", "b", "c"] -> "a, b and c" (or "a, b or c")."""
    items = list(clauses)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + joiner + items[-1]


# --- splitting an English sentence back into its parts ------------------------

_DATE = r"\d{1,2} [A-Z][a-z]+ \d{4}"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _pattern(template: str) -> re.Pattern:
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        name = match.group(1)
        parts.append(f"(?P<{name}>{_DATE})" if name in ("as_of", "day") else f"(?P<{name}>.+)")
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


_SENTENCES = [
    (t, _pattern(t)) for t in (APPLIES, COULD_APPLY, NOT_YET_IN_FORCE, CEASED, *ONLY_IN.values())
]


@lru_cache(maxsize=1)
def _atoms() -> tuple[str, ...]:
    """Known clauses, longest first, so a clause containing "and" is matched whole."""
    from . import rules  # noqa: F401  (importing the rules marks their wording)

    return tuple(sorted(KNOWN, key=len, reverse=True))


def _split_clauses(text: str) -> list[str] | None:
    """ "a, b and c" -> ["a", ", ", "b", " and ", "c"] using only known clauses."""
    atoms = _atoms()

    @cache
    def parse(position: int) -> tuple[str, ...] | None:
        for atom in atoms:
            if not text.startswith(atom, position):
                continue
            end = position + len(atom)
            if end == len(text):
                return (atom,)
            for joiner in JOINS:
                if text.startswith(joiner, end):
                    rest = parse(end + len(joiner))
                    if rest is not None:
                        return (atom, joiner, *rest)
        return None

    parsed = parse(0)
    return list(parsed) if parsed else None


def _translate_clauses(text: str, gettext: Gettext) -> str | None:
    parts = _split_clauses(text)
    if parts is None:
        return None
    out = gettext(parts[0])
    for joiner, clause in zip(parts[1::2], parts[2::2], strict=True):
        out = gettext(JOINS[joiner]) % {"earlier": out, "next": gettext(clause)}
    return out


def translate_reason(text: str, gettext: Gettext, format_date: DateFormat) -> str | None:
    """``text`` (a reason the engine gave) in ``gettext``'s language, or None if unknown."""
    if text in _atoms():
        return gettext(text)
    for template, pattern in _SENTENCES:
        match = pattern.match(text)
        if match is None:
            continue
        params = match.groupdict()
        if params["route"] not in KNOWN:
            continue
        values = {"route": gettext(params["route"])}
        if "clauses" in params:
            clauses = _translate_clauses(params["clauses"], gettext)
            if clauses is None:
                continue
            values["clauses"] = clauses
        for name in ("as_of", "day"):
            if name in params:
                day = datetime.strptime(params[name], "%d %B %Y").date()
                values[name] = format_date(day)
        return gettext(template) % values
    return None


def translate_citation(text: str, gettext: Gettext) -> str | None:
    """A citation in ``gettext``'s language, or None if it is not one the engine gives."""
    return gettext(text) if text in _atoms() else None
