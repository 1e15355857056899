"""Fixtures for every test: organisations, a logged-in client per role."""

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

from heard.organisations.models import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

# Hypothesis fails an example that takes over 200 ms: a timed assertion, which on a shared,
# busy machine fails for the machine, not the code. Speed is measured in bench/ instead.
hypothesis_settings.register_profile("heard", deadline=None)
hypothesis_settings.load_profile("heard")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit and lockout counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_connections_closed():
    """A task's progress is written on a connection of its own (``heard.core.progress``), and
    a report reads side by side on helpers' (``heard.core.concurrent_reads``): closed after
    each test, so the test database can be dropped at the end."""
    yield
    from heard.core import concurrent_reads, progress

    progress.close_all()
    concurrent_reads.close_helper_connections()


@pytest.fixture(autouse=True)
def _english_unless_a_test_chooses():
    """Each test starts in the default language, whatever a Welsh page before it activated.

    A request leaves its language active on the thread (Django's LocaleMiddleware activates
    and never deactivates); a real server activates afresh on every request, a test that
    calls a service directly does not.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """``HEARD_TEST_AS_APP_ROLE=1`` (PostgreSQL): every request a test makes is served as the
    application's own database role, as in production, so row-level security applies to
    the pages, services and tasks it drives (ADR-0035). The test's own set-up and
    assertions still run as the owner."""
    import os

    if not os.environ.get("HEARD_TEST_AS_APP_ROLE") or "django_db_setup" not in item.fixturenames:
        yield
        return
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    role = f"heard_app_{connection.settings_dict['NAME']}"[:63]

    def serve_as_app_role(**kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if not cursor.fetchone():
                call_command("db-roles", app_role=role, stdout=open(os.devnull, "w"))  # noqa: SIM115
            cursor.execute(f'SET ROLE "{role}"')

    def back_to_the_owner(**kwargs):
        if connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")

    request_started.connect(serve_as_app_role, dispatch_uid="heard_as_app_role")
    request_finished.connect(back_to_the_owner, dispatch_uid="heard_back_to_owner")
    try:
        yield
    finally:
        request_started.disconnect(dispatch_uid="heard_as_app_role")
        request_finished.disconnect(dispatch_uid="heard_back_to_owner")


@pytest.fixture
def no_last_seen_write(monkeypatch):
    """For query-count tests: the session's "last seen" is written at most once a minute,
    and on a busy machine adding thousands of rows takes longer than that; that write is
    not the page's query."""
    monkeypatch.setattr("heard.signin.middleware.LAST_SEEN_RESOLUTION_SECONDS", 10**9)
