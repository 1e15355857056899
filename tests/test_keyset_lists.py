"""The people, waiting, referrals, challenges and safeguarding lists page by keyset through the shared pagination
include (ADR-0052): "Next" walks every row once in the list's order, keeps the filters,
and "Previous" comes back; the count stops at the cap."""

import re
from html import unescape

import pytest
from django.utils import timezone

from heard.casework.models import Case, Status
from heard.casework.selectors.waiting import WAITING_ORDER
from heard.casework.tests.test_query_counts import add_waiting_cases
from heard.challenges.models import Challenge
from heard.challenges.tests.test_query_counts import add_challenges
from heard.people.models import Person
from heard.people.views import PEOPLE_ORDER
from heard.referrals.models import Referral
from heard.referrals.selectors.triage import NEWEST_ORDER
from heard.referrals.tests.test_triage_query_counts import add_referrals
from heard.safeguarding.flags import acknowledgement_days, flag_cutoff
from heard.safeguarding.models import SafeguardingConcern
from heard.safeguarding.tests.test_query_counts import add_concerns
from tests.factories import CaseFactory, PersonFactory, ServiceFactory, UserFactory

LINK = re.compile(r'href="\?([^"]*)" rel="(prev|next)"')


def links(response) -> dict[str, str]:
    return {rel: unescape(query) for query, rel in LINK.findall(response.content.decode())}


def walk(client, path: str, first_query: str):
    """Rows of every page by "Next", the queries visited, and the last page's response."""
    query, pages, rows = first_query, [], []
    while query is not None:
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200
        pages.append(query)
        rows += response.context["page"].rows
        query = links(response).get("next")
    return rows, pages


def challenge_order(challenge, today):
    """The challenge list's order, worked out here: overdue, then open, then answered."""
    ranks = {"overdue": 0, "open": 1, "answered": 2}
    if challenge.outcome:
        state = "answered"
    elif challenge.response_due_on < today:
        state = "overdue"
    else:
        state = "open"
    return (ranks[state], challenge.response_due_on, challenge.pk)


def concern_order(concern, cutoff):
    """The safeguarding list's order: flagged, awaiting acknowledgement, awaiting outcome, closed."""
    ranks = {"flagged": 0, "awaiting": 1, "open": 2, "closed": 3}
    if concern.outcome:
        state = "closed"
    elif concern.acknowledged_on is not None:
        state = "open"
    elif concern.raised_on < cutoff:
        state = "flagged"
    else:
        state = "awaiting"
    return (ranks[state], concern.raised_on, concern.pk)


@pytest.mark.parametrize("kind", ["people", "waiting", "referrals", "challenges", "safeguarding"])
def test_next_walks_every_row_once_and_previous_comes_back(manager_client, organisation, kind):
    """Each list's pages, followed by their links, give every row once in the list's order."""
    if kind == "people":
        for number in range(60):
            PersonFactory(organisation=organisation, last_name=f"St. Clair {number % 7}")
        PersonFactory.create_batch(5, organisation=organisation, last_name="Other")
        path, query = "/people/", "q=St."
        expected = list(
            Person.objects.filter(organisation=organisation, last_name__startswith="St.").order_by(
                *PEOPLE_ORDER.order
            )
        )
        per_page, keep = 25, "q=St."
    elif kind == "waiting":
        services = [ServiceFactory(organisation=organisation) for _ in range(2)]
        add_waiting_cases(organisation, services, 130)
        path, query = "/cases/waiting/", f"service={services[0].pk}"
        expected = list(
            Case.objects.filter(
                organisation=organisation, status=Status.WAITING, service=services[0]
            ).order_by(*WAITING_ORDER.order)
        )
        per_page, keep = 50, f"service={services[0].pk}"
    elif kind == "challenges":
        today = timezone.localdate()
        add_challenges(organisation, [CaseFactory(organisation=organisation)], UserFactory(), 120)
        path, query = "/challenges/", "show=open"
        expected = sorted(
            Challenge.objects.filter(organisation=organisation, outcome=""),
            key=lambda challenge: challenge_order(challenge, today),
        )
        per_page, keep = 50, "show=open"
    elif kind == "safeguarding":
        cutoff = flag_cutoff(timezone.localdate(), acknowledgement_days(organisation))
        add_concerns(organisation, [CaseFactory(organisation=organisation)], UserFactory(), 120)
        path, query = "/safeguarding/", "show=awaiting"
        expected = sorted(
            SafeguardingConcern.objects.filter(
                organisation=organisation, acknowledged_on__isnull=True, outcome=""
            ),
            key=lambda concern: concern_order(concern, cutoff),
        )
        per_page, keep = 50, "show=awaiting"
    else:
        add_referrals(organisation, 70)
        path, query = "/referrals/", "status=all"
        expected = list(
            Referral.objects.filter(organisation=organisation).order_by(*NEWEST_ORDER.order)
        )
        per_page, keep = 25, "status=all"
    manager_client.get("/")
    rows, pages = walk(manager_client, path, query)
    assert [row.pk for row in rows] == [row.pk for row in expected]
    assert len(pages) == -(-len(expected) // per_page) > 1
    assert all(keep in page for page in pages)
    back = links(manager_client.get(f"{path}?{pages[-1]}"))["prev"]
    assert keep in back
    previous = manager_client.get(f"{path}?{back}").context["page"].rows
    start = (len(pages) - 2) * per_page
    assert [row.pk for row in previous] == [row.pk for row in expected[start : start + per_page]]
