"""The people API's list is a bulk read of personal data: audited per person, rate limited per
signed-in user or token."""

import pytest
from django.test import override_settings

from heard.api.throttling import principal_of
from heard.audit.models import AuditEvent
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/people/"


def test_each_person_on_a_list_page_gets_an_access_event(manager_client, organisation):
    people = PersonFactory.create_batch(3, organisation=organisation)
    response = manager_client.get(URL)
    assert response.json()["count"] == 3
    events = AuditEvent.objects.filter(event_type="person.viewed", actor=manager_client.user)
    assert sorted(int(e.target_id) for e in events) == sorted(p.pk for p in people)
    assert {e.details["what"] for e in events} == {"api list"}
    assert all(e.is_access for e in events)


def test_only_the_page_sent_is_logged(manager_client, organisation, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "page_size", 2)
    PersonFactory.create_batch(3, organisation=organisation)
    manager_client.get(URL)
    assert AuditEvent.objects.filter(event_type="person.viewed").count() == 2


def test_the_list_costs_one_insert_for_its_audit(
    manager_client, organisation, django_assert_max_num_queries
):
    PersonFactory.create_batch(20, organisation=organisation)
    manager_client.get(URL)  # warm the session and membership caches
    with django_assert_max_num_queries(12):
        manager_client.get(URL)


@override_settings(HEARD_API_RATE="3/minute")
def test_the_api_is_rate_limited_per_signed_in_user(manager_client, client_as, organisation):
    from heard.organisations.models import Role

    codes = [manager_client.get(URL).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    # Another user has their own budget.
    other = client_as(Role.MANAGER, organisation)
    assert other.get(URL).status_code == 200


def test_the_principal_is_the_token_when_there_is_one(rf, django_user_model):
    class Token:
        pk = 7

    user = django_user_model(pk=3)
    request = rf.get(URL)
    request.user, request.auth = user, None
    assert principal_of(request) == "user:3"
    request.auth = Token()
    assert principal_of(request) == "token:token:7"
