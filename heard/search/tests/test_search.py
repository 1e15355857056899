"""Search across people and cases: scoped to the organisation and to what the member may open."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.audit.models import AuditEvent
from heard.casework.models import Status
from heard.core import tenant_db
from heard.organisations.models import Role
from heard.organisations.sequences import reserve
from heard.people.models import Person
from heard.search import selectors
from tests.factories import CaseFactory, MembershipFactory, PersonFactory
from tests.pages import markup_of

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text and trigram search are PostgreSQL's"
)
on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the fallback search runs where PostgreSQL's cannot"
)


def search(client, q: str):
    return client.get("/search/", {"q": q})


@pytest.fixture
def aisha(organisation):
    return PersonFactory(
        organisation=organisation,
        first_name="Aisha",
        last_name="Khan",
        preferred_name="Ash",
        date_of_birth=dt.date(1957, 3, 27),
        postcode="LS6 2AB",
    )


@pytest.fixture
def johnson(organisation):
    return PersonFactory(organisation=organisation, first_name="Margaret", last_name="Johnson")


# --- what can be searched for ----------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["Aisha", "aisha khan", "Khan", "Ash", "kha", "27/03/1957", "1957-03-27", "ls62ab", "LS6 2AB"],
)
def test_finds_a_person_by_name_preferred_name_date_of_birth_or_postcode(
    advocate_client, aisha, johnson, query
):
    """Each way of describing Aisha finds her, and not Margaret Johnson."""
    response = search(advocate_client, query)
    found = [row.person for row in response.context["found"].people]
    assert aisha in found
    assert johnson not in found


def test_finds_a_person_by_reference_with_or_without_the_letter(advocate_client, aisha, johnson):
    """``P000001``, ``p1`` and ``1`` are all the first person's reference."""
    for query in [aisha.reference, aisha.reference.lower().replace("0", ""), aisha.reference[1:]]:
        found = [row.person for row in search(advocate_client, query).context["found"].people]
        assert found == [aisha], query


def test_finds_cases_by_reference_and_by_the_persons_name(advocate_client, organisation, aisha):
    """A case reference finds the case; the person's name finds their cases too."""
    case = CaseFactory(organisation=organisation, person=aisha)
    other = CaseFactory(organisation=organisation)

    by_reference = search(advocate_client, case.reference).context["found"]
    assert [row.case for row in by_reference.cases] == [case]
    assert by_reference.people == []

    by_name = search(advocate_client, "Aisha Khan")
    page = markup_of(by_name)
    assert [row.case for row in by_name.context["found"].cases] == [case]
    assert other.reference not in page
    assert "Cases (1)" in page and "People (1)" in page


def test_a_bare_number_tries_both_references(advocate_client, organisation, aisha):
    """``1`` is person P000001 and case C000001 at once."""
    case = CaseFactory(organisation=organisation, person=PersonFactory(organisation=organisation))
    number = str(int(case.reference[1:]))
    found = search(advocate_client, number).context["found"]
    assert case in [row.case for row in found.cases]


# --- restricted cases -------------------------------------------------------------------


@pytest.fixture
def restricted(organisation):
    """A restricted case: the person is a staff member's relative."""
    person = PersonFactory(organisation=organisation, first_name="Rosa", last_name="Relative")
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    case = CaseFactory(
        organisation=organisation,
        person=person,
        is_restricted=True,
        allocated_to=advocate,
        status=Status.ACTIVE,
    )
    return {"case": case, "person": person, "advocate": advocate}


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.MANAGER, Role.ADMIN])
def test_a_restricted_case_found_by_reference_is_only_a_placeholder(
    client_as, organisation, restricted, role
):
    """Reference, status and type show; the person's name and service never do."""
    client = client_as(role, organisation)
    case = restricted["case"]
    response = search(client, case.reference)
    page = markup_of(response)
    [row] = response.context["found"].cases
    assert row.case == case and not row.can_open
    assert "Restricted case" in page
    assert case.reference in page and "Active" in page
    assert case.get_advocacy_type_display() in page
    assert "Rosa" not in page and "Relative" not in page
    assert case.service.name not in page


def results_of(response) -> str:
    """The results part of the page (the query itself is echoed in the box and the title)."""
    page = markup_of(response)
    return page[page.index('role="status"') :]


def test_a_person_on_a_restricted_case_is_found_only_as_a_placeholder(advocate_client, restricted):
    """Found by name (to avoid a duplicate referral) but shown by reference only, without a link;
    which restricted case they have is never revealed."""
    person = restricted["person"]
    for query in ["Rosa Relative", person.reference]:
        response = search(advocate_client, query)
        found = response.context["found"]
        [row] = found.people
        assert row.person == person and row.hidden
        assert found.cases == []
        results = results_of(response)
        assert "Restricted" in results and person.reference in results
        assert "Rosa" not in results and "Relative" not in results
        assert f"/people/{person.pk}/" not in results
        assert restricted["case"].reference not in results


def test_their_other_cases_do_not_name_them(advocate_client, organisation, restricted):
    """An open case of the same person is not found by their name, and found by its
    reference it shows the person only as "Restricted case"."""
    other = CaseFactory(organisation=organisation, person=restricted["person"])
    assert search(advocate_client, "Rosa").context["found"].cases == []
    response = search(advocate_client, other.reference)
    [row] = response.context["found"].cases
    assert row.can_open and row.person_label == "Restricted case" and row.person_id is None
    assert "Relative" not in results_of(response)


def test_the_allocated_advocate_sees_their_restricted_case_in_full(client, restricted):
    """Its own advocate may open it, so the name shows and the case is found by it."""
    client.force_login(restricted["advocate"].user)
    response = search(client, "Rosa Relative")
    [row] = response.context["found"].cases
    assert row.can_open and row.person_label == "Rosa Relative"


# --- other organisations and other roles -----------------------------------------------


def test_another_organisations_people_and_cases_are_never_found(
    advocate_client, other_organisation
):
    """Not by name, reference, date of birth or postcode: search is scoped like every page."""
    stranger = PersonFactory(
        organisation=other_organisation,
        first_name="Zebedee",
        last_name="Foreignperson",
        date_of_birth=dt.date(1940, 1, 2),
        postcode="CF10 1AA",
    )
    case = CaseFactory(organisation=other_organisation, person=stranger)
    for query in [
        "Zebedee",
        "Foreignperson",
        "Foreignpersn",
        stranger.reference,
        case.reference,
        "02/01/1940",
        "CF10 1AA",
    ]:
        response = search(advocate_client, query)
        found = response.context["found"]
        assert (found.people, found.cases) == ([], []), query
        page = markup_of(response)
        for marker in {"Zebedee", "Foreignperson", stranger.reference, case.reference} - {query}:
            assert marker not in page, (query, marker)


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.NETWORK_COORDINATOR])
def test_roles_without_personal_data_are_refused(client_as, organisation, aisha, role):
    """Commissioners and network coordinators get a 403, and nothing is searched or audited."""
    response = search(client_as(role, organisation), "Aisha")
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(event_type="search.performed").exists()


def test_signed_out_users_are_sent_to_sign_in(client):
    """Search needs a signed-in member."""
    response = search(client, "Aisha")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


# --- the page ---------------------------------------------------------------------------


def test_each_search_is_audited_with_the_query_and_counts(advocate_client, organisation, aisha):
    """One ``search.performed`` event per search, with what was searched for and how much was found."""
    search(advocate_client, "Aisha")
    event = AuditEvent.objects.get(event_type="search.performed")
    assert event.actor == advocate_client.user
    assert event.organisation == organisation
    assert event.details == {"query": "Aisha", "kind": "name", "people": 1, "cases": 0}


def test_opening_the_page_without_a_query_searches_nothing(advocate_client, aisha):
    """The empty form shows with no results, no error and no audit event."""
    response = advocate_client.get("/search/")
    assert response.status_code == 200
    assert response.context["found"] is None
    assert "There is a problem" not in markup_of(response)
    assert not AuditEvent.objects.filter(event_type="search.performed").exists()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter a name, date of birth, postcode or reference"),
        ("  !!  ", "Enter a name, date of birth, postcode or reference"),
        ("x" * 101, "Search must be 100 characters or fewer"),
    ],
)
def test_a_search_that_cannot_run_says_why_beside_the_box(advocate_client, query, message):
    """An empty or overlong search gets the GOV.UK error summary and message, and keeps the text."""
    response = search(advocate_client, query)
    page = markup_of(response)
    assert response.status_code == 200
    assert "There is a problem" in page and message in page
    assert "<title>Error: " in page
    assert not AuditEvent.objects.filter(event_type="search.performed").exists()


def test_results_are_capped_at_50_with_a_prompt_to_refine(advocate_client, organisation):
    """Sixty Smiths: 50 are listed, the count says 60, and the page asks for a narrower search."""
    Person.objects.bulk_create(
        Person(
            organisation=organisation,
            reference=f"P{n:06d}",
            first_name=f"Sam{n}",
            last_name="Smith",
        )
        for n in reserve(organisation, "person_sequence", 60)
    )
    response = search(advocate_client, "Smith")
    page = markup_of(response)
    assert len(response.context["found"].people) == 50
    assert "People (60)" in page
    assert "Showing the best 50 of 60 people. Refine your search" in page


def test_search_costs_the_same_queries_at_10_and_1000_people(advocate_client, organisation):
    """A count and a capped page per section, whatever the size."""

    def add(count):
        Person.objects.bulk_create(
            Person(
                organisation=organisation,
                reference=f"P{n:06d}",
                first_name="Jo",
                last_name=f"Smith{n}",
            )
            for n in reserve(organisation, "person_sequence", count)
        )

    add(10)
    advocate_client.get("/search/")
    with CaptureQueriesContext(connection) as small:
        search(advocate_client, "Smith")
    add(990)
    with CaptureQueriesContext(connection) as large:
        search(advocate_client, "Smith")
    assert len(small.captured_queries) == len(large.captured_queries)
    # session, user, memberships; people matched, their page; cases listed and counted; audit
    assert len(large.captured_queries) == 8 + tenant_db.statements_per_request()


# --- PostgreSQL: full text and trigrams; SQLite: the fallback ---------------------------


@on_postgresql
@pytest.mark.parametrize(
    ("query", "name"),
    [("Jonson", "Johnson"), ("Margret Jonhson", "Johnson"), ("aisha kahn", "Khan")],
)
def test_misspelt_names_are_found_on_postgresql(advocate_client, aisha, johnson, query, name):
    """Trigram similarity finds a name with a letter missing, extra or swapped."""
    found = [row.person.last_name for row in search(advocate_client, query).context["found"].people]
    assert name in found


@on_postgresql
def test_the_closest_match_comes_first_on_postgresql(advocate_client, organisation, johnson):
    """An exact surname ranks above a similar one."""
    PersonFactory(organisation=organisation, first_name="Margaret", last_name="Johnston")
    found = [
        row.person.last_name for row in search(advocate_client, "Johnson").context["found"].people
    ]
    assert found[0] == "Johnson"
    assert "Johnston" in found


@on_postgresql
@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("Khan", "person_org_last_trgm_idx"),
        ("Ash", "person_org_name_search_idx"),
        ("aisha khan", "person_org_full_trgm_idx"),
    ],
)
def test_the_gin_indexes_serve_name_search(aisha, query, index):
    """The migration's index expressions match the queries exactly, so the planner can use them.

    With table and plain index scans off, the name conditions can only be answered
    from the GIN indexes; a mismatched expression would leave a (penalised) table scan.
    """
    people = selectors.search_people(Person.objects.all(), selectors.parse(query))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = people.explain()
    assert index in plan
    assert "Seq Scan" not in plan


@on_sqlite
def test_the_fallback_matches_part_of_a_name_on_sqlite(advocate_client, aisha, johnson):
    """Without trigrams, a word contained in a name is found, names starting with it first."""
    found = [row.person for row in search(advocate_client, "son").context["found"].people]
    assert found == [johnson]
    assert selectors.search_people(Person.objects.all(), selectors.parse("Jonson")).count() == 0


def test_the_same_name_in_another_organisation_is_not_found(
    advocate_client, organisation, other_organisation, johnson
):
    """The same surname in another organisation is not found."""
    PersonFactory(organisation=other_organisation, first_name="Margaret", last_name="Johnson")
    found = search(advocate_client, "Johnson").context["found"]
    assert [row.person for row in found.people] == [johnson]
