"""``heard_person_name_matches``: search's name match, run as its owner, holds to one organisation.

The function bypasses row-level security (so the GIN indexes can answer a name search), so it
must filter by the bound organisation itself, answer exactly as the ORM's name search does, and
be callable only by the application's roles.
"""

import psycopg
import pytest
from django.db import connection
from django.test import Client

from heard.organisations.models import Role
from heard.people.models import Person
from heard.search import selectors
from tests.factories import MembershipFactory, PersonFactory

from .conftest import django_connected_as, drop_role, dsn_for, needs_postgres, role_name
from .test_policies import bound

pytestmark = needs_postgres

SIGNATURE = "heard_person_name_matches(text[], integer)"
QUERIES = [
    "Khan",
    "kha",
    "Ash",
    "aisha khan",
    "Aisha Kahn",
    "Jonson",
    "Margret Jonhson",
    "margaret jo",
    "jo",
    "Johnston",
    "Zebedee",
]


@pytest.fixture
def people(organisation, other_organisation):
    """Similar names in two organisations; the other's are the closer matches."""
    for first, last, preferred in [
        ("Aisha", "Khan", "Ash"),
        ("Amir", "Khan", ""),
        ("Aisha", "Kahn", ""),
        ("Margaret", "Johnson", ""),
        ("Margaret", "Johnston", "Peggy"),
        ("Jo", "Marsh", ""),
        ("Joseph", "Ashworth", ""),
    ]:
        PersonFactory(
            organisation=organisation, first_name=first, last_name=last, preferred_name=preferred
        )
    for first, last in [("Aisha", "Khan"), ("Zebedee", "Khan"), ("Margaret", "Jonson")]:
        PersonFactory(organisation=other_organisation, first_name=first, last_name=last)


def orm_matches(organisation, text: str) -> list[int]:
    """What the ORM's name search finds in ``organisation`` (as the owner, unrestricted)."""
    query = selectors.parse(text)
    found = selectors.search_people(Person.objects.filter(organisation=organisation), query)
    return list(found.values_list("pk", flat=True)[: selectors.MATCH_CAP + 1])


def function_matches(cursor, text: str, most: int = selectors.MATCH_CAP + 1) -> list[int]:
    words = list(selectors.parse(text).words)
    return cursor.execute("SELECT heard_person_name_matches(%s, %s)", [words, most]).fetchone()[0]


def test_it_finds_what_the_orm_finds_in_the_same_order(as_app, organisation, people):
    """Same condition, same ranking: for each query the same ids, best first."""
    cursor = bound(as_app(), organisation.pk)
    for text in QUERIES:
        assert function_matches(cursor, text) == orm_matches(organisation, text), text
    assert function_matches(cursor, "Khan")  # the comparison is not of empty lists
    assert len(function_matches(cursor, "Khan", most=1)) == 1


def test_it_returns_only_the_bound_organisations_people(
    as_app, organisation, other_organisation, people
):
    """Bound to one organisation, never another's ids; bound to none, nothing at all."""
    ours = set(Person.objects.filter(organisation=organisation).values_list("pk", flat=True))
    theirs = set(
        Person.objects.filter(organisation=other_organisation).values_list("pk", flat=True)
    )
    raw = as_app()
    cursor = bound(raw, organisation.pk)
    for text in QUERIES:
        assert set(function_matches(cursor, text)) <= ours, text
    assert function_matches(cursor, "Zebedee") == []
    raw.rollback()

    cursor = bound(raw, other_organisation.pk)
    assert set(function_matches(cursor, "aisha khan")) <= theirs
    assert function_matches(cursor, "Zebedee") == orm_matches(other_organisation, "Zebedee")
    raw.rollback()

    cursor = bound(raw)
    assert function_matches(cursor, "Khan") == []
    raw.rollback()
    # Outside a transaction the binding does not last: nothing either.
    raw.autocommit = True
    raw.execute("SELECT set_config('heard.organisation_id', %s, true)", [str(organisation.pk)])
    assert function_matches(raw.cursor(), "Khan") == []


def test_words_are_never_read_as_query_syntax(as_app, organisation, people):
    """Quotes, operators and backslashes in a word are just characters (no error, no trick)."""
    cursor = bound(as_app(), organisation.pk)
    for words in [["o'brien"], ["k&!|"], ["\\"], ["khan:*", "|"], [""], []]:
        result = cursor.execute(
            "SELECT heard_person_name_matches(%s::text[], 10)", [words]
        ).fetchone()[0]
        assert isinstance(result, list)
    assert cursor.execute("SELECT heard_person_name_matches('{khan}', 0)").fetchone()[0] == []


def test_only_the_applications_roles_may_call_it(app_role, organisation, people):
    """It runs as its owner with a fixed search path; PUBLIC has no EXECUTE on it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prosecdef, proconfig FROM pg_proc WHERE oid = %s::regprocedure", [SIGNATURE]
        )
        definer, config = cursor.fetchone()
        cursor.execute("SELECT has_function_privilege(%s, %s, 'EXECUTE')", [app_role, SIGNATURE])
        app_may = cursor.fetchone()[0]
        stranger = role_name("stranger")
        drop_role(stranger)
        cursor.execute(f'CREATE ROLE "{stranger}" LOGIN')
    assert definer
    assert any(item.startswith("search_path=") and "pg_temp" in item for item in config)
    assert app_may
    try:
        with (
            psycopg.connect(dsn_for(stranger)) as raw,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            bound(raw, organisation.pk).execute("SELECT heard_person_name_matches('{khan}', 10)")
    finally:
        drop_role(stranger)


def test_the_search_page_finds_the_same_people_as_the_application_role(
    app_role, organisation, people
):
    """Through the page, as production runs it: the same people, in the same order."""
    client = Client()
    client.force_login(MembershipFactory(organisation=organisation, role=Role.MANAGER).user)

    def found(text):
        response = client.get("/search/", {"q": text})
        assert response.status_code == 200
        return [row.person.pk for row in response.context["found"].people]

    unrestricted = {text: found(text) for text in QUERIES}
    with django_connected_as(app_role):
        restricted = {text: found(text) for text in QUERIES}
    assert restricted == unrestricted
    assert restricted["aisha khan"]
