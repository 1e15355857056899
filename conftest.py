"""Fixtures for every test: organisations, a logged-in client per role."""

import pytest
from django.test import Client

from heard.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit and lockout counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(monkeypatch):
    """``client.force_login`` signs in as far as the real door does: password and second factor.

    Tests of the door itself use ``client.force_login_password_only``.
    """
    from heard.signin.testing import MODEL_BACKEND, mark_client_verified

    original = Client.force_login

    def force_login_password_only(self, user, backend=None):
        # A real sign-in loads the user afresh; a test's copy may predate "sign out everywhere".
        if user.pk is not None:
            user.refresh_from_db(fields=["session_generation"])
        # The first backend only refuses locked sign-ins; passwords are the model backend's.
        original(self, user, backend or MODEL_BACKEND)

    def force_login(self, user, backend=None):
        force_login_password_only(self, user, backend)
        mark_client_verified(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(
        Client, "force_login_password_only", force_login_password_only, raising=False
    )


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Riverside Advocacy", slug="riverside")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Elsewhere Advocacy", slug="elsewhere")


@pytest.fixture
def make_member(db):
    def make(organisation, role=Role.ADVOCATE, **kwargs):
        return MembershipFactory(organisation=organisation, role=role, **kwargs).user

    return make


@pytest.fixture
def client_as(client, make_member):
    """``client_as(role, organisation)``: a client signed in as a new member with that role."""

    def sign_in(role, organisation):
        user = make_member(organisation, role)
        client.force_login(user)
        client.user = user
        return client

    return sign_in


@pytest.fixture
def admin_client(client_as, organisation):
    return client_as(Role.ADMIN, organisation)


@pytest.fixture
def manager_client(client_as, organisation):
    return client_as(Role.MANAGER, organisation)


@pytest.fixture
def advocate_client(client_as, organisation):
    return client_as(Role.ADVOCATE, organisation)


@pytest.fixture
def commissioner_client(client_as, organisation):
    return client_as(Role.COMMISSIONER, organisation)


@pytest.fixture
def person(organisation):
    return PersonFactory(organisation=organisation, first_name="Aisha", last_name="Khan")


@pytest.fixture
def user(db):
    return UserFactory()
