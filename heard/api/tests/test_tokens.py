"""API tokens: issued after two-factor sign-in, shown once, hashed, scoped, expiring, revocable."""

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from heard.api.models import ApiToken
from heard.api.tests.factories import ApiTokenFactory
from heard.audit.models import AuditEvent
from heard.organisations.models import Membership, Role
from tests.factories import MembershipFactory, PersonFactory

PEOPLE = "/api/v1/people/"


def bearer(token) -> Client:
    return Client(headers={"Authorization": f"Bearer {token.secret}"})


@pytest.fixture
def member(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE)


def _issue(client, **overrides):
    expires = timezone.localdate() + dt.timedelta(days=30)
    data = {
        "name": "Council portal",
        "scopes": ["people:read", "referrals:write"],
        "expires_on-day": expires.day,
        "expires_on-month": expires.month,
        "expires_on-year": expires.year,
        **overrides,
    }
    return client.post("/api-tokens/new/", data)


def test_a_manager_issues_a_token_shown_once_and_stored_only_as_a_hash(manager_client):
    """The secret appears on the confirmation page once; the database holds only its hash."""
    response = _issue(manager_client)
    assert response.status_code == 200
    token = ApiToken.objects.get()
    body = response.content.decode()
    secret = body.split('<code id="token-secret">')[1].split("</code>")[0]
    assert secret.startswith(f"heard_{token.prefix}_")
    assert secret not in str(ApiToken.objects.values().get())
    assert token.user == manager_client.user
    assert token.scopes == ["people:read", "referrals:write"]
    assert AuditEvent.objects.filter(event_type="api.token_issued", actor=token.user).exists()
    listing = manager_client.get("/api-tokens/").content.decode()
    assert "Council portal" in listing
    assert secret not in listing


def test_a_session_without_the_second_factor_cannot_issue(client, organisation, make_member):
    """Signed in with a password only, the page is not reached at all."""
    user = make_member(organisation, Role.ADMIN)
    client.force_login_password_only(user)
    response = _issue(client)
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]
    assert not ApiToken.objects.exists()


def test_advocates_may_not_issue_tokens(advocate_client):
    assert advocate_client.get("/api-tokens/new/").status_code == 403


def test_bad_input_is_explained_beside_the_field(manager_client):
    """No scope and an expiry over a year away: two clear messages, no token."""
    far = timezone.localdate() + dt.timedelta(days=800)
    response = _issue(
        manager_client,
        scopes=[],
        **{"expires_on-day": far.day, "expires_on-month": far.month, "expires_on-year": far.year},
    )
    body = response.content.decode()
    assert "Choose at least one thing the token may do" in body
    assert "Expiry date must be within a year" in body
    assert not ApiToken.objects.exists()


def test_a_token_acts_as_its_user_in_its_organisation(organisation, member, person):
    token = ApiTokenFactory(organisation=organisation, user=member.user, scopes=["people:read"])
    response = bearer(token).get(PEOPLE)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [person.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_reaches_only_its_own_organisation(organisation, other_organisation, member):
    """The user belongs to both; the token was issued in one and sees that one only."""
    MembershipFactory(user=member.user, organisation=other_organisation, role=Role.ADVOCATE)
    theirs = PersonFactory(organisation=other_organisation)
    ours = PersonFactory(organisation=organisation)
    token = ApiTokenFactory(organisation=organisation, user=member.user)
    client = bearer(token)
    assert [row["id"] for row in client.get(PEOPLE).json()["results"]] == [ours.pk]
    assert client.get(f"{PEOPLE}{theirs.pk}/").status_code == 404


def test_scopes_limit_what_a_token_may_do(organisation, member, person):
    """A read scope cannot write; a token without the area's scope cannot read it."""
    token = ApiTokenFactory(organisation=organisation, user=member.user, scopes=["people:read"])
    client = bearer(token)
    created = client.post(
        PEOPLE, {"first_name": "A", "last_name": "B"}, content_type="application/json"
    )
    assert created.status_code == 403
    assert created["Content-Type"] == "application/problem+json"
    assert client.get("/api/v1/cases/").status_code == 403
    writer = ApiTokenFactory(organisation=organisation, user=member.user, scopes=["people:write"])
    created = bearer(writer).post(
        PEOPLE, {"first_name": "Ada", "last_name": "Lovelace"}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    assert AuditEvent.objects.filter(event_type="person.created", actor=member.user).exists()


def test_a_token_never_does_more_than_its_user(organisation, person):
    """A commissioner's token with every scope still reads no personal data."""
    commissioner = MembershipFactory(organisation=organisation, role=Role.COMMISSIONER)
    token = ApiTokenFactory(organisation=organisation, user=commissioner.user)
    assert bearer(token).get(PEOPLE).status_code == 403


@pytest.mark.parametrize(
    "change",
    [
        {"revoked_at": timezone.now()},
        {"expires_at": timezone.now() - dt.timedelta(seconds=1)},
    ],
    ids=["revoked", "expired"],
)
def test_revoked_and_expired_tokens_are_refused(organisation, member, person, change):
    token = ApiTokenFactory(organisation=organisation, user=member.user)
    ApiToken.objects.filter(pk=token.pk).update(**change)
    response = bearer(token).get(PEOPLE)
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_a_token_stops_with_its_users_membership(organisation, member, person):
    token = ApiTokenFactory(organisation=organisation, user=member.user)
    Membership.objects.filter(pk=member.pk).update(is_active=False)
    assert bearer(token).get(PEOPLE).status_code == 401


def test_a_wrong_secret_with_a_real_prefix_is_refused(organisation, member):
    token = ApiTokenFactory(organisation=organisation, user=member.user)
    token.secret = token.secret[:-4] + "abcd"
    assert bearer(token).get(PEOPLE).status_code == 401


def test_revoking_from_the_page(manager_client, organisation):
    token = ApiTokenFactory(organisation=organisation, user=manager_client.user)
    response = manager_client.post(f"/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == manager_client.user
    assert bearer(token).get(PEOPLE).status_code == 401
    assert AuditEvent.objects.filter(event_type="api.token_revoked").count() == 1


def test_a_manager_cannot_revoke_someone_elses_token_but_an_admin_can(
    manager_client, organisation, member
):
    token = ApiTokenFactory(organisation=organisation, user=member.user)
    assert manager_client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN).user
    admin_client = Client()
    admin_client.force_login(admin)
    assert admin_client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.is_revoked


@override_settings(HEARD_API_RATE="3/minute")
def test_each_token_has_its_own_rate_limit(organisation, member, person):
    first = ApiTokenFactory(organisation=organisation, user=member.user)
    second = ApiTokenFactory(organisation=organisation, user=member.user)
    client = bearer(first)
    assert [client.get(PEOPLE).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(PEOPLE)
    assert limited.status_code == 429
    assert limited.json()["title"] == "Too many requests"
    assert "Retry-After" in limited
    assert bearer(second).get(PEOPLE).status_code == 200


def test_the_tokens_page_costs_the_same_queries_for_few_or_many(manager_client, organisation):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get("/api-tokens/").status_code == 200
        return len(captured)

    ApiTokenFactory(organisation=organisation, user=manager_client.user)
    count()  # the first page of a session writes the session once
    few = count()
    for _ in range(5):
        ApiTokenFactory(organisation=organisation, user=manager_client.user)
    assert count() == few
