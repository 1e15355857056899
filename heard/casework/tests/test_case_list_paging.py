"""The case list pages by keyset (ADR-0052): previous and next links that keep the filters,
every case once, and a count that stops at 1,000."""

import re
from html import unescape

from heard.casework.models import Case
from heard.casework.tests.test_case_pages import add_cases
from heard.casework.views.cases import CASE_ORDER
from heard.organisations.models import Membership
from tests.factories import ServiceFactory

LINK = re.compile(r'href="\?([^"]*)" rel="(prev|next)"')


def links(response) -> dict[str, str]:
    return {rel: unescape(query) for query, rel in LINK.findall(response.content.decode())}


def test_next_and_previous_walk_every_case_once_and_keep_the_filters(manager_client, organisation):
    """Stepping forward visits each matching case once, newest first; stepping back returns."""
    services = [ServiceFactory(organisation=organisation) for _ in range(2)]
    advocate = Membership.objects.get(user=manager_client.user)
    add_cases(organisation, services, [advocate], 260)
    manager_client.get("/")
    expected = list(
        Case.objects.filter(organisation=organisation, service=services[0])
        # the service filter matches only cases the manager may open (restricted: their own)
        .exclude(is_restricted=True, allocated_to__isnull=True)
        .order_by("-received_on", "-id")
        .values_list("reference", flat=True)
    )
    query, seen, pages = f"status=all&service={services[0].pk}", [], []
    while query is not None:
        response = manager_client.get(f"/cases/?{query}")
        assert response.status_code == 200
        pages.append(query)
        seen += [row.reference for row in response.context["rows"]]
        found = links(response)
        assert f"service={services[0].pk}" in found.get("next", f"service={services[0].pk}")
        query = found.get("next")
    assert seen == expected
    assert len(pages) == 3  # 125 cases, 50 a page
    back = links(manager_client.get(f"/cases/?{pages[-1]}"))["prev"]
    assert [row.reference for row in manager_client.get(f"/cases/?{back}").context["rows"]] == (
        expected[50:100]
    )


def test_past_a_thousand_the_list_says_more_than(manager_client, organisation):
    """The count stops at the cap instead of reading every case."""
    add_cases(organisation, [ServiceFactory(organisation=organisation)], [None], 1005)
    manager_client.get("/")
    response = manager_client.get("/cases/?status=all")
    assert "More than 1,000 cases" in response.content.decode()
    assert len(response.context["rows"]) == 50


def test_a_malformed_cursor_shows_the_first_page(manager_client, organisation):
    """A cursor edited by hand is ignored, never an error page."""
    add_cases(organisation, [ServiceFactory(organisation=organisation)], [None], 60)
    manager_client.get("/")
    first = manager_client.get("/cases/?status=all").context["rows"]
    for cursor in ["nonsense", "2026-13-45.1", "2026-01-01.x", ""]:
        response = manager_client.get(f"/cases/?status=all&after={cursor}")
        assert response.status_code == 200
        assert [r.reference for r in response.context["rows"]] == [r.reference for r in first]
    assert CASE_ORDER.parse(Case.objects.all(), "2026-02-30.5") is None
    assert CASE_ORDER.parse(Case.objects.all(), "2026-02-28.5") is not None
