"""Search across people and cases, within one organisation, as one member may see it.

What the query looks like decides what is searched:

- ``P000123`` (or ``P123``): a person's reference; ``C000045``: a case's reference;
  a bare number (``123``) tries both.
- A date of birth (``27/03/1957`` or ``1957-03-27``) or a postcode (any spacing).
- Anything else is a name. On PostgreSQL: full-text prefix matching over first,
  last and preferred names (the ``simple`` configuration, so names are not
  stemmed) **or** trigram similarity (``pg_trgm``), which finds misspellings;
  ranked best first. Both are served by GIN indexes (people migrations 0003 and
  0005); the match runs in ``heard_person_name_matches`` (people migration 0006),
  so that row-level security does not keep those indexes from answering.
  On SQLite, which has neither: each word must be contained in a name
  (case-insensitive for ASCII letters), and names starting with the words rank first.

Cases are found by their own reference, or through a matching person. A
restricted case the member may not open is found **only** by its reference
(then shown as a placeholder): finding it by the person's name would tell the
searcher which restricted case that person has.

A person on a restricted case the member may not open is still found (so a
duplicate referral can be avoided) but shown only as a placeholder with their
reference, as on the people list; their cases are not found through them, and
a case of theirs found by reference does not name them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramSimilarity,
)
from django.db import connections, models
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat, Greatest, Lower

from heard.casework.access import with_access, with_person_hidden, with_person_restriction
from heard.casework.models import Status
from heard.core.lookups import AnyOf
from heard.people.selectors import POSTCODE_RE, person_search

RESULT_LIMIT = 50
# What a result row shows (``heard.search.presenters``): people and cases are wide tables,
# and a page read every column of a hundred rows.
PERSON_RESULT_FIELDS = (
    "reference",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "postcode",
)
CASE_RESULT_FIELDS = (
    "reference",
    "status",
    "advocacy_type",
    "person__first_name",
    "person__last_name",
    "person__preferred_name",
    "service__name",
)
# People matched at most; past it the page says "more than" (a name so common needs refining).
MATCH_CAP = 1000
PERSON_REFERENCE_RE = re.compile(r"^P\d{1,9}$", re.IGNORECASE)
CASE_REFERENCE_RE = re.compile(r"^C\d{1,9}$", re.IGNORECASE)
NUMBER_RE = re.compile(r"^\d{1,9}$")
DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$")
WORD_RE = re.compile(r"[^\W_]+")  # letters and digits, in any script
# Below three letters trigrams say little; short words match by prefix only.
TRIGRAM_MIN_LENGTH = 3


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    kind: str  # person_reference | case_reference | number | date | postcode | name
    words: tuple[str, ...] = ()

    @property
    def case_reference(self) -> str | None:
        if self.kind in ("case_reference", "number"):
            return f"C{int(self.text.upper().lstrip('C')):06d}"
        return None


def parse(text: str) -> ParsedQuery:
    text = " ".join(text.split())
    if PERSON_REFERENCE_RE.match(text):
        return ParsedQuery(text, "person_reference")
    if CASE_REFERENCE_RE.match(text):
        return ParsedQuery(text, "case_reference")
    if NUMBER_RE.match(text):
        return ParsedQuery(text, "number")
    if DATE_RE.match(text):
        return ParsedQuery(text, "date")
    if POSTCODE_RE.match(text):
        return ParsedQuery(text, "postcode")
    return ParsedQuery(text, "name", tuple(word.lower() for word in WORD_RE.findall(text)))


def is_postgresql(queryset: QuerySet) -> bool:
    return connections[queryset.db].vendor == "postgresql"


# --- people ---------------------------------------------------------------------------

# Shared with people migration 0003, whose GIN indexes must be built on exactly these.
NAME_VECTOR_FIELDS = ("first_name", "last_name", "preferred_name")


def name_vector() -> SearchVector:
    return SearchVector(*NAME_VECTOR_FIELDS, config="simple")


def full_name_lower():
    return Lower(Concat("first_name", Value(" "), "last_name"))


def prefix_query(words) -> SearchQuery:
    # Words are letters and digits only (WORD_RE), so they are safe in a raw tsquery.
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), config="simple", search_type="raw"
    )


def _people_by_name_postgresql(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """Full-text prefix matches or trigram-similar names, best first."""
    queryset = queryset.annotate(
        name_search=name_vector(),
        first_lower=Lower("first_name"),
        last_lower=Lower("last_name"),
        preferred_lower=Lower("preferred_name"),
        full_lower=full_name_lower(),
    )
    every_word = Q()
    for word in query.words:
        matches = Q(name_search=prefix_query([word]))
        if len(word) >= TRIGRAM_MIN_LENGTH:
            matches |= (
                Q(first_lower__trigram_similar=word)
                | Q(last_lower__trigram_similar=word)
                | Q(preferred_lower__trigram_similar=word)
            )
        every_word &= matches
    text = " ".join(query.words)
    # The whole name at once catches a misspelled word that is too short to match alone.
    condition = every_word
    if len(query.words) > 1:
        condition = every_word | Q(full_lower__trigram_similar=text)
    similarity = Greatest(
        TrigramSimilarity("full_lower", text),
        TrigramSimilarity("last_lower", text),
        TrigramSimilarity("first_lower", text),
        TrigramSimilarity("preferred_lower", text),
    )
    return (
        queryset.filter(condition)
        .annotate(rank=SearchRank(models.F("name_search"), prefix_query(query.words)) + similarity)
        .order_by("-rank", "last_name", "first_name", "id")
    )


def _people_by_name_fallback(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """Every word contained in a name; names that start with the words first."""
    condition = Q()
    starts = []
    for word in query.words:
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
        starts.append(
            models.Case(
                models.When(
                    Q(first_name__istartswith=word)
                    | Q(last_name__istartswith=word)
                    | Q(preferred_name__istartswith=word),
                    then=Value(1),
                ),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        )
    rank = sum(starts[1:], starts[0])
    return (
        queryset.filter(condition)
        .annotate(rank=rank)
        .order_by("-rank", "last_name", "first_name", "id")
    )


def search_people(queryset: QuerySet, query: ParsedQuery) -> QuerySet:
    """People matching ``query``: by reference, date of birth, postcode or name."""
    if query.kind == "case_reference":
        return queryset.none()
    if query.kind == "name":
        if not query.words:
            return queryset.none()
        if is_postgresql(queryset):
            return _people_by_name_postgresql(queryset, query)
        return _people_by_name_fallback(queryset, query)
    # References, dates and postcodes are exact, indexed lookups on every database.
    return person_search(queryset, query.text).order_by("last_name", "first_name", "id")


# --- cases ----------------------------------------------------------------------------


def _ranked_cases(queryset: QuerySet, query: ParsedQuery, membership) -> QuerySet:
    """``can_open`` and ``person_hidden`` (from the one access function), in search's order:
    the reference asked for first, then open cases, newest first."""
    reference_rank = Value(1)
    if query.case_reference:
        reference_rank = models.Case(
            models.When(reference=query.case_reference, then=Value(0)),
            default=Value(1),
            output_field=models.IntegerField(),
        )
    return (
        with_access(with_person_hidden(queryset, membership), membership)
        .annotate(
            reference_rank=reference_rank,
            closed_rank=models.Case(
                models.When(status=Status.CLOSED, then=Value(1)),
                default=Value(0),
                output_field=models.IntegerField(),
            ),
        )
        .order_by("reference_rank", "closed_rank", "-received_on", "-id")
    )


def search_cases(
    queryset: QuerySet, query: ParsedQuery, *, people: list[int], membership
) -> QuerySet:
    """Cases with the reference asked for, or of a matching person, that the member may open.

    ``people`` are the ids of the people found. A case is found through its person only
    when the member may open it (``can_open``) and the person is not hidden from them
    (``person_hidden``): a hidden person's cases are not found through them. A row found
    by reference without ``can_open``, or with ``person_hidden``, shows a placeholder.
    """
    condition = Q(AnyOf(F("person_id"), people), can_open=True, person_hidden=False)
    if query.case_reference:
        condition |= Q(reference=query.case_reference)
    return _ranked_cases(queryset, query, membership).filter(condition)


def case_page(
    queryset: QuerySet, found: QuerySet, query: ParsedQuery, *, membership, limit: int
) -> list:
    """The first ``limit`` cases of ``found`` (``search_cases``), with person and service.

    One statement: the page is chosen from the case table alone, then read by id with its
    joins. Joined while choosing, the planner may start from the services and read every
    case of each.
    """
    page = found.values("pk")[:limit]
    return list(
        _ranked_cases(queryset.filter(pk__in=page), query, membership)
        .select_related("person", "service")
        .only(*CASE_RESULT_FIELDS)
    )


@dataclass(frozen=True)
class SearchResults:
    query: ParsedQuery
    people: list
    people_total: int  # exact up to MATCH_CAP
    cases: list
    cases_total: int
    people_more: bool = False  # more than MATCH_CAP people matched

    @property
    def capped(self) -> bool:
        return self.people_total > len(self.people) or self.cases_total > len(self.cases)


def matching_people(people: QuerySet, query: ParsedQuery, most: int) -> list[int]:
    """The ids of the people matching ``query``, best first, at most ``most``.

    A name on PostgreSQL goes to ``heard_person_name_matches`` (people migration 0006):
    as the application role, row-level security would otherwise keep the GIN indexes
    from answering it. The function takes the organisation from the transaction's
    binding, which is ``people``'s organisation on every page.
    """
    if query.kind == "name" and query.words and is_postgresql(people):
        with connections[people.db].cursor() as cursor:
            cursor.execute("SELECT heard_person_name_matches(%s, %s)", [list(query.words), most])
            return cursor.fetchone()[0]
    return list(search_people(people, query).values_list("pk", flat=True)[:most])


def search(
    *, people: QuerySet, cases: QuerySet, text: str, membership, limit: int = RESULT_LIMIT
) -> SearchResults:
    """The name match runs once, whatever the data size.

    1. the ids of the matching people, best first, up to ``MATCH_CAP``;
    2. the first ``limit`` of those people, with ``is_hidden``;
    3. the first ``limit`` cases of the people the member may see (or with the reference
       asked for);
    4. how many such cases there are.
    Queries 2 to 4 read by id and reference only, on ordinary indexes.
    """
    query = parse(text)
    matches = matching_people(people, query, MATCH_CAP + 1)
    people_more = len(matches) > MATCH_CAP
    matches = matches[:MATCH_CAP]
    page_ids = matches[:limit]
    rows = (
        {
            person.pk: person
            for person in with_person_restriction(
                people.filter(pk__in=page_ids).only(*PERSON_RESULT_FIELDS), membership
            )
        }
        if page_ids
        else {}
    )
    found_cases = search_cases(cases, query, people=matches, membership=membership)
    return SearchResults(
        query=query,
        people=[rows[pk] for pk in page_ids if pk in rows],
        people_total=len(matches),
        people_more=people_more,
        cases=case_page(cases, found_cases, query, membership=membership, limit=limit),
        cases_total=found_cases.count(),
    )
