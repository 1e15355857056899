"""Reading people records: search, filters, possible duplicates."""

import datetime as dt
import difflib
import re

from django.db.models import Q, QuerySet

from heard.core.validators import normalise_uk_postcode

from .models import Person

REFERENCE_RE = re.compile(r"^P?\d{1,9}$", re.IGNORECASE)
DATE_RES = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%d/%m/%Y"),
)
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$", re.IGNORECASE)


def _parse_date(text: str) -> dt.date | None:
    for pattern, fmt in DATE_RES:
        if pattern.match(text):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                return None
    return None


def person_search(queryset: QuerySet, query: str) -> QuerySet:
    """Narrow people by a free-text query: name, reference, date of birth or postcode."""
    query = " ".join(query.split())
    if not query:
        return queryset
    if REFERENCE_RE.match(query):
        digits = query.upper().lstrip("P")
        return queryset.filter(reference=f"P{int(digits):06d}")
    day = _parse_date(query)
    if day:
        return queryset.filter(date_of_birth=day)
    if POSTCODE_RE.match(query):
        return queryset.filter(postcode=normalise_uk_postcode(query))
    condition = Q()
    for word in query.split(" "):
        condition &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
        )
    return queryset.filter(condition)


def person_list(
    queryset: QuerySet, *, query: str = "", local_authority: str = "", need: str = ""
) -> QuerySet:
    """The people list: search plus filters, in name order, only the columns the list shows."""
    queryset = person_search(queryset, query)
    if local_authority:
        queryset = queryset.filter(local_authority=local_authority)
    if need in COMMUNICATION_NEED_FILTERS:
        queryset = queryset.filter(**{COMMUNICATION_NEED_FILTERS[need]: True})
    return queryset.only(
        "id",
        "reference",
        "first_name",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "postcode",
        "local_authority",
        "organisation_id",
    ).order_by("last_name", "first_name", "id")


COMMUNICATION_NEED_FILTERS = {
    "easy_read": "needs_easy_read",
    "bsl": "needs_bsl",
    "interpreter": "needs_interpreter",
    "large_print": "needs_large_print",
}


def _similar(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8)


def possible_duplicates(
    queryset: QuerySet,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: dt.date | None,
    postcode: str = "",
    exclude_pk: int | None = None,
) -> list[Person]:
    """People with the same date of birth and a similar name or the same postcode.

    The date of birth is indexed, so the candidates are few and the name
    comparison can run in Python on every database.
    """
    if date_of_birth is None:
        return []
    candidates = queryset.filter(date_of_birth=date_of_birth)
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    return duplicates_among(
        candidates[:200], first_name=first_name, last_name=last_name, postcode=postcode
    )


def duplicates_among(candidates, *, first_name: str, last_name: str, postcode: str = ""):
    """Of people already born on the same day, those with a similar name or the same
    postcode: the rule itself, for callers (an import) that fetch candidates in bulk."""
    wanted_name = f"{first_name} {last_name}"
    postcode = normalise_uk_postcode(postcode) if postcode else ""
    matches = []
    for person in candidates:
        same_postcode = bool(postcode) and person.postcode == postcode
        similar_name = _similar(wanted_name, person.full_name) or (
            _similar(last_name, person.last_name)
            and person.first_name[:1].casefold() == first_name[:1].casefold()
        )
        if same_postcode or similar_name:
            matches.append(person)
    return matches
