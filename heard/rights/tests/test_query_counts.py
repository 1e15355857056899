"""The data protection lists cost the same queries however many requests and reviews there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from heard.rights.tests.factories import (
    ErasureRequestFactory,
    RetentionReviewFactory,
    SubjectAccessRequestFactory,
)
from tests.factories import PersonFactory

PAGES = {
    "/data-protection/subject-access/": SubjectAccessRequestFactory,
    "/data-protection/erasure/": ErasureRequestFactory,
    "/data-protection/retention/": RetentionReviewFactory,
}


def add(factory, organisation, count: int) -> None:
    for _ in range(count):
        if factory is RetentionReviewFactory:
            factory(organisation=organisation)
        else:
            factory(person=PersonFactory(organisation=organisation))


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_lists_cost_the_same_queries_for_2_and_12_rows(signed_in, lead, organisation, url):
    """Each row's person, staff and state come with the list, not a query per row."""
    client = signed_in(lead)
    client.get("/")  # the first request of a session also stores the current organisation
    add(PAGES[url], organisation, 2)
    few = queries_for(client, url)
    add(PAGES[url], organisation, 10)
    assert queries_for(client, url) == few
