"""Read side by side (two connections, as production does on PostgreSQL), the manager's
pages show exactly what they show read one statement at a time. The rest of the
suite reads on one connection: a helper cannot see a test's uncommitted rows, so here the
rows are committed."""

import re

import pytest
from django.db import connection

from heard.dashboards.tests.test_dashboards import bulk_cases, membership, task
from heard.organisations.models import Role
from tests.factories import MembershipFactory, ServiceFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

# What differs between two renderings of the same page whatever is read: the CSRF token
# and the nonce of the page's scripts.
PER_REQUEST = re.compile(
    r'(csrfmiddlewaretoken" value="|nonce="|csrf-token" content="|Nonce": ")[^"]+'
)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return PER_REQUEST.sub(r"\1…", response.content.decode())


def test_the_pages_read_side_by_side_are_the_pages_read_in_turn(settings, client_as, organisation):
    client = client_as(Role.MANAGER, organisation)
    me = membership(client, organisation)
    advocates = [me, *(MembershipFactory(organisation=organisation) for _ in range(3))]
    services = [ServiceFactory(organisation=organisation) for _ in range(2)]
    bulk_cases(organisation, services, advocates, 120)
    task(None, me, due_in=-3, title="Chase the ward manager")
    for url in ["/cases/manager/", "/"]:
        settings.HEARD_DATABASE_READERS = 1
        in_turn = page(client, url)
        settings.HEARD_DATABASE_READERS = 2
        side_by_side = page(client, url)
        assert side_by_side == in_turn
        colleague = advocates[1].user  # the staff table has rows to compare
        assert (colleague.full_name or colleague.email) in side_by_side
