"""schemathesis against the published schema, with a token issued the real way.

The member signs in with a password and an authenticator code, issues a token on the
tokens page, and every operation in the schema is then called with generated data: no
answer may be a server error, and every answer must match the schema (status code,
content type, headers and body).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os

import pytest
import schemathesis
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from heard.organisations.models import Role
from heard.signin.testing import authenticator_for, code_for
from heard.wsgi import application
from tests.factories import (
    PASSWORD,
    ActivityFactory,
    CaseFactory,
    IssueFactory,
    MembershipFactory,
    ReferralFactory,
    TaskFactory,
)

EXAMPLES = int(os.environ.get("HEARD_SCHEMATHESIS_EXAMPLES", "20"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def issue_token_after_two_factor_sign_in(organisation) -> str:
    """Password, then the authenticator's code, then the tokens page: the secret it shows."""
    member = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    device = authenticator_for(member.user)
    client = Client()
    client.post("/accounts/login/", {"username": member.user.email, "password": PASSWORD})
    verified = client.post("/sign-in/two-factor/", {"code": code_for(device), "next": "/"})
    assert verified.status_code == 302 and verified["Location"] == "/"
    expires = timezone.localdate() + dt.timedelta(days=7)
    page = client.post(
        "/api-tokens/new/",
        {
            "name": "schemathesis",
            "scopes": [f"{area}:write" for area in ("people", "referrals", "casework")]
            + [f"{area}:read" for area in ("challenges", "safeguarding", "system_change")],
            "expires_on-day": expires.day,
            "expires_on-month": expires.month,
            "expires_on-year": expires.year,
        },
    )
    assert page.status_code == 200
    return page.content.decode().split('<code id="token-secret">')[1].split("</code>")[0]


@pytest.fixture
def world(organisation):
    case = CaseFactory(organisation=organisation)
    IssueFactory(case=case), ActivityFactory(case=case), TaskFactory(case=case)
    ReferralFactory(organisation=organisation)


@contextlib.contextmanager
def keep_the_test_connection():
    """The WSGI app closes the database connection after each request, as it should in
    production; the test's connection holds the test's transaction, so it stays open here
    (as Django's own test client arranges)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_within_its_schema(organisation, world):
    """Each operation, with generated data and a real token: no 500, every answer as described."""
    token = issue_token_after_two_factor_sign_in(organisation)
    with keep_the_test_connection():
        failures, tried = run_every_operation(token)
    assert tried >= 20, "the schema lost its operations"
    assert not failures, "\n\n".join(failures)


def run_every_operation(token):
    api_schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    headers = {"Authorization": f"Bearer {token}"}
    failures, tried = [], 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        tried += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            call()
        except Exception as error:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {error}")
        cache.clear()  # each operation starts with the token's full allowance
    return failures, tried
