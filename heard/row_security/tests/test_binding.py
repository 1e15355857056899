"""Binding a transaction to its organisation: requests, public pages, tasks and commands."""

import datetime as dt

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from heard.audit.models import AuditEvent, AuditSeal
from heard.audit.sealing import seal_pending
from heard.audit.services import audit_record
from heard.core import tenant_db
from heard.organisations.models import Role
from heard.people.models import Person
from tests.factories import MembershipFactory, PersonFactory

from .conftest import django_connected_as, needs_postgres, role_name

pytestmark = needs_postgres


@pytest.mark.django_db(transaction=True)
def test_binding_outside_a_transaction_is_refused_rather_than_silently_lost():
    assert not connection.in_atomic_block  # as a task or a command starts
    with pytest.raises(RuntimeError, match="needs a transaction"):
        tenant_db.bind(organisation=1)


@pytest.mark.django_db
def test_an_organisation_context_puts_the_outer_binding_back(organisation, other_organisation):
    tenant_db.bind(organisation=organisation, user=7)
    with tenant_db.organisation_context(other_organisation):
        assert tenant_db.current() == (str(other_organisation.pk), "")
    assert tenant_db.current() == (str(organisation.pk), "7")
    with pytest.raises(ZeroDivisionError), tenant_db.organisation_context(other_organisation):
        raise ZeroDivisionError
    assert tenant_db.current() == (str(organisation.pk), "7")


@pytest.mark.django_db
def test_a_task_declared_in_organisation_runs_bound_to_it(organisation):
    seen = []

    @tenant_db.in_organisation
    def work(value):
        seen.append((value, tenant_db.current()[0]))

    work("x", organisation_id=organisation.pk)
    assert seen == [("x", str(organisation.pk))]
    with pytest.raises(TypeError):
        work("y")  # the organisation is not optional


@pytest.mark.django_db
def test_a_request_binds_the_person_and_their_organisation(client, organisation):
    member = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    client.force_login(member.user)
    client.get("/")
    assert tenant_db.current() == (str(organisation.pk), str(member.user_id))


@pytest.mark.django_db
def test_a_public_page_that_fails_keeps_none_of_its_writes(organisation):
    def failing_view(request):
        PersonFactory(organisation=organisation, last_name="Halfwritten")
        return HttpResponse(status=500)

    def working_view(request):
        PersonFactory(organisation=organisation, last_name="Written")
        return HttpResponse()

    request = RequestFactory().get("/")
    tenant_db.public_page(failing_view)(request)
    tenant_db.public_page(working_view)(request)
    assert list(Person.objects.values_list("last_name", flat=True)) == ["Written"]


@pytest.mark.django_db(transaction=True)
def test_audit_sealing_crosses_organisations_only_as_the_maintenance_role(
    app_role, organisation, other_organisation, user
):
    earlier = timezone.now() - dt.timedelta(minutes=5)
    for org in (organisation, other_organisation):
        audit_record("organisation.updated", organisation=org, actor=user, occurred_at=earlier)
    with django_connected_as(app_role):
        assert seal_pending() == 0  # the application role sees no organisation's events
    with django_connected_as(role_name("maint")):
        assert seal_pending() == 2
    assert AuditSeal.objects.count() == AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_a_request_binds_in_the_same_round_trip_as_reading_the_memberships(client, organisation):
    """The binding rides ahead of the memberships' read: one statement sent, not two."""
    from django.test.utils import CaptureQueriesContext

    member = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    client.force_login(member.user)
    client.get("/")  # the first request remembers the organisation in the session
    with CaptureQueriesContext(connection) as context:
        assert client.get("/search/").status_code == 200
    sent = [query["sql"] for query in context.captured_queries]
    # Sent with the read (one query string, or one pipeline under server-side binding), the
    # binding is never a statement of its own; the read then ran under it.
    assert not [
        sql for sql in sent if "set_config" in sql and "organisations_membership" not in sql
    ]
    assert any("organisations_membership" in sql for sql in sent)
    assert tenant_db.current() == (str(organisation.pk), str(member.user_id))


@pytest.mark.django_db
def test_the_next_statement_already_reads_under_the_new_binding(organisation):
    tenant_db.bind(organisation=None, user=None)
    binding = tenant_db.bound_by_next_statement(organisation=organisation, user=5)
    with binding, connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting(%s, true), current_setting(%s, true), '100%%'",
            [tenant_db.ORGANISATION_SETTING, tenant_db.USER_SETTING],
        )
        assert cursor.fetchone() == (str(organisation.pk), "5", "100%")
        cursor.execute("SELECT 2")  # later statements are sent as they are
        assert cursor.fetchone() == (2,)
    assert tenant_db.current() == (str(organisation.pk), "5")


@pytest.mark.django_db
def test_a_statement_without_parameters_keeps_its_percent_signs(organisation):
    with tenant_db.bound_by_next_statement(organisation=organisation), connection.cursor() as c:
        c.execute("SELECT '50%'")
        assert c.fetchone() == ("50%",)
    assert tenant_db.current()[0] == str(organisation.pk)


@pytest.mark.django_db
def test_a_block_that_sends_nothing_still_binds(organisation):
    tenant_db.bind(organisation=None, user=None)
    with tenant_db.bound_by_next_statement(organisation=organisation, user=9):
        pass
    assert tenant_db.current() == (str(organisation.pk), "9")


@pytest.mark.django_db(transaction=True)
def test_binding_with_the_next_statement_outside_a_transaction_is_refused():
    with (
        pytest.raises(RuntimeError, match="needs a transaction"),
        tenant_db.bound_by_next_statement(organisation=1),
    ):
        pass


@pytest.mark.django_db
def test_a_server_side_cursor_first_still_reads_under_the_new_binding(organisation):
    """``iterator()`` declares its statement on a named cursor, which takes one statement
    and no pipeline: the binding goes ahead of it on a plain cursor instead."""
    tenant_db.bind(organisation=None, user=None)
    with tenant_db.bound_by_next_statement(organisation=organisation, user=4):
        cursor = connection.chunked_cursor()
        try:
            cursor.execute(
                "SELECT current_setting(%s, true), current_setting(%s, true)",
                [tenant_db.ORGANISATION_SETTING, tenant_db.USER_SETTING],
            )
            assert cursor.fetchone() == (str(organisation.pk), "4")
        finally:
            cursor.close()


@pytest.mark.django_db(transaction=True)
def test_a_task_binds_with_its_first_statement_not_a_round_trip_of_its_own(organisation):
    """A task's transaction (``organisation_context`` at the top) sends its binding ahead of
    the first read, as a request does."""
    from django.test.utils import CaptureQueriesContext

    PersonFactory(organisation=organisation)

    @tenant_db.in_organisation
    def count_people():
        return Person.objects.count(), tenant_db.current()

    with CaptureQueriesContext(connection) as context:
        counted, bound = count_people(organisation_id=organisation.pk)
    assert (counted, bound) == (1, (str(organisation.pk), ""))
    sent = [query["sql"] for query in context.captured_queries]
    assert not [sql for sql in sent if "set_config" in sql and "people_person" not in sql]
    assert any("people_person" in sql for sql in sent)
