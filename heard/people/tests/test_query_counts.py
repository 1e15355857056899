"""The people pages cost the same number of queries at 10 and 10,000 people."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from heard.core import tenant_db
from heard.demo.seeding import NamePools, seed_people
from heard.people.models import Person
from heard.people.views import PEOPLE_ORDER
from tests.factories import PersonFactory


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url_name", ["list", "list_after", "list_before", "list_search", "detail"])
def test_constant_queries_from_10_to_10000_people(
    advocate_client, organisation, url_name, no_last_seen_write
):
    pools = NamePools(seed=1, size=60)
    rng = random.Random(1)
    seed_people(organisation, 9, rng=rng, pools=pools)
    PersonFactory(organisation=organisation, first_name="Alan", needs_easy_read=True)
    person = Person.objects.filter(organisation=organisation).first()
    middle = Person.objects.order_by(*PEOPLE_ORDER.order)[5]
    cursor = str(PEOPLE_ORDER.cursor(middle))
    urls = {
        "list": "/people/",
        "list_after": "/people/?" + urlencode({"after": cursor}),
        "list_before": "/people/?" + urlencode({"before": cursor, "per_page": "100"}),
        "list_search": "/people/?q=al&need=easy_read",
        "detail": f"/people/{person.pk}/",
    }
    advocate_client.get("/")  # the first request of a session also stores the current organisation
    small = queries_for(advocate_client, urls[url_name])
    seed_people(organisation, 9990, rng=rng, pools=pools)
    large = queries_for(advocate_client, urls[url_name])
    assert small == large
    # session, user, memberships, then the page's own: count + rows, or row + restriction
    # check + audit, and on the person's page one query each for cases, referrals, concerns
    assert large <= (10 if url_name == "detail" else 7) + tenant_db.statements_per_request()
