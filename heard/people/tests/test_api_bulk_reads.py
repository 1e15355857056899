"""The API is rate limited per signed-in user or token (the audit of list reads is tested in
test_api.py)."""

import pytest
from django.test import override_settings

from heard.api.throttling import principal_of

pytestmark = pytest.mark.django_db
URL = "/api/v1/people/"


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
