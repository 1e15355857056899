"""Keyset pages (heard.core.keyset, ADR-0052): every row once in order, both ways, in any order
a list names, with cursors that survive names with dots and spaces."""

import pytest

from heard.core.keyset import Keyset
from heard.people.models import Person
from tests.factories import PersonFactory

NAMES = ["O'Neil", "van der Berg", "St. John", "Jones", "Jones", "A.B.", "Ng", "Jones-Smith"]


def walk(keyset, queryset, per_page):
    """Every row from the first page by "next", then back from the last by "previous"."""
    forward, pages, after = [], [], None
    while True:
        page = keyset.page(queryset, per_page=per_page, after=after)
        pages.append(page)
        forward += page.rows
        if not page.has_next:
            break
        after = str(page.next_cursor)
    backward, before = list(pages[-1].rows), pages[-1].previous_cursor
    while before is not None:
        page = keyset.page(queryset, per_page=per_page, before=str(before))
        backward = page.rows + backward
        before = page.previous_cursor
    return forward, backward, pages


@pytest.mark.parametrize("ids_first", [False, True])
@pytest.mark.parametrize(
    "order", [("last_name", "first_name", "id"), ("-last_name", "first_name", "-id")]
)
def test_walks_every_row_once_in_order_both_ways(organisation, order, ids_first):
    """Forward and back give every row once, in the same order as ORDER BY, mixed directions
    too; choosing a page's ids first gives the same pages."""
    for number, name in enumerate(NAMES * 3):
        PersonFactory(organisation=organisation, last_name=name, first_name=f"P.{number % 4}")
    people = Person.objects.filter(organisation=organisation)
    expected = list(people.order_by(*order))
    forward, backward, pages = walk(Keyset(*order, ids_first=ids_first), people, per_page=5)
    assert forward == expected
    assert backward == expected
    assert len(pages) == 5
    assert not pages[0].has_previous and pages[-1].has_next is False
    assert all(page.count == len(expected) for page in pages)


def test_a_malformed_cursor_is_the_first_page(organisation):
    """A cursor edited by hand (wrong length, wrong type) is ignored, never an error."""
    PersonFactory.create_batch(3, organisation=organisation)
    people = Person.objects.filter(organisation=organisation)
    keyset = Keyset("last_name", "first_name", "id")
    first = keyset.page(people, per_page=2).rows
    for text in ["", "x", "a.b", "a.b.c.d", "Jones.Ann.notanumber", "%zz.a.1"]:
        assert keyset.page(people, per_page=2, after=text).rows == first


def test_an_order_must_end_in_the_id():
    """Without the id the order is not total and a page could skip or repeat rows."""
    with pytest.raises(ValueError):
        Keyset("last_name", "first_name")


def test_ids_first_reads_a_page_in_one_statement_with_the_rows_it_is_given(
    organisation, django_assert_num_queries
):
    """The page's ids are a subquery of the rows' statement: the page and its capped count are
    two statements, and ``rows`` decides what is joined for the page alone."""
    for name in NAMES:
        PersonFactory(organisation=organisation, last_name=name)
    people = Person.objects.filter(organisation=organisation)
    keyset = Keyset("last_name", "id", ids_first=True)
    with django_assert_num_queries(2) as captured:
        page = keyset.page(
            people.filter(last_name__startswith="J"),
            per_page=2,
            rows=lambda ids: Person.objects.filter(pk__in=ids).select_related("organisation"),
        )
        assert [row.organisation.pk for row in page.rows] == [organisation.pk] * 2
    rows_sql = captured.captured_queries[0]["sql"]
    assert "organisations_organisation" in rows_sql and " IN (SELECT " in rows_sql
    assert [row.last_name for row in page.rows] == ["Jones", "Jones"]
    assert page.count == 3 and page.has_next
