"""``AnyOf``: a list of values as one array parameter on PostgreSQL, ``IN`` elsewhere."""

import pytest
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext

from heard.core.lookups import AnyOf
from heard.people.models import Person
from tests.factories import PersonFactory


@pytest.mark.django_db
def test_it_finds_the_same_rows_as_in_with_one_parameter_on_postgresql(organisation):
    people = [PersonFactory(organisation=organisation) for _ in range(4)]
    wanted = [people[0].pk, people[2].pk, 10**9]
    with CaptureQueriesContext(connection) as queries:
        found = set(Person.objects.filter(AnyOf(F("pk"), wanted)).values_list("pk", flat=True))
    assert found == {people[0].pk, people[2].pk}
    assert found == set(Person.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        assert "= ANY(" in queries.captured_queries[0]["sql"]
    # Combined with other conditions, and with nothing to match.
    assert list(Person.objects.filter(Q(AnyOf(F("pk"), []), reference__isnull=False))) == []
    assert Person.objects.filter(Q(AnyOf(F("pk"), wanted)) | Q(pk=people[1].pk)).count() == 3
