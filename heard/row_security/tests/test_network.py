"""Row-level security on the network hub's tables, as the application's own role (ADR-0035).

The hub is a second axis (ADR-0040): its rows are keyed on the networks bound with the
organisation and person (those the organisation is an active member of, those the person
coordinates), or on the one network a survey link or a network token names.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.db import ProgrammingError, connection, transaction
from django.test import Client

from heard.audit.models import PendingAnonymousEvent
from heard.core import tenant_db
from heard.network import selectors, services, signing
from heard.network.models import (
    AggregateSnapshot,
    Network,
    SurveyResponse,
)
from heard.network.tests.factories import (
    MemberFactory,
    ResponseFactory,
    SurveyLinkFactory,
    network_world,
)
from heard.organisations.models import Role
from heard.row_security.policies import NETWORK_POLICIES
from heard.row_security.tables import EXEMPT, NETWORK_TABLES, TENANT_TABLES
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SystemIssueFactory,
)

from .conftest import django_connected_as, needs_postgres

NETWORK_TITLE_COLUMNS = {
    "network_network": "name",
    "network_forumtopic": "title",
    "network_forumthread": "title",
    "network_survey": "title",
    "network_resource": "title",
}


def test_every_network_table_is_guarded_or_listed_as_a_tenant_table():
    network_app = {m._meta.db_table for m in apps.get_app_config("network").get_models()}
    tenant = {entry.table for entry in TENANT_TABLES}
    assert network_app - tenant - set(NETWORK_TABLES) == set(), "a network table has no policy"
    assert not network_app & set(EXEMPT), "the network hub's tables are no longer exempt"
    assert set(NETWORK_POLICIES) == set(NETWORK_TABLES)


@pytest.fixture
def two_networks(transactional_db):
    """Network X (``ours`` a member, coordinated from a host) and network Y (``theirs`` a
    member, coordinated from another host), each with one of every kind of network row."""
    ours, theirs = OrganisationFactory(name="Ours"), OrganisationFactory(name="Theirs")
    x, y = network_world(ours, marker="Xray"), network_world(theirs, marker="Yankee")
    # A second member of X, whose own link the first member must not read.
    neighbour = MemberFactory(network=x["network"], organisation=OrganisationFactory())
    neighbour_link = SurveyLinkFactory(survey=x["survey"], member=neighbour)
    for world in (x, y):
        ResponseFactory(survey=world["survey"], answers={"1": "Always"})
        AggregateSnapshot.objects.create(
            network=world["network"],
            member=world["member"],
            period_start="2026-04-01",
            period_end="2026-06-30",
            definitions_version="v",
            payload="{}",
        )
    PersonFactory(organisation=ours, last_name="Oursperson")
    ours_advocate = MembershipFactory(organisation=ours, role=Role.ADVOCATE)
    return {
        "x": x,
        "y": y,
        "ours": ours,
        "theirs": theirs,
        "ours_advocate": ours_advocate,
        "neighbour_link": neighbour_link,
    }


def _titles(cursor) -> set[str]:
    seen = set()
    for table, column in NETWORK_TITLE_COLUMNS.items():
        cursor.execute(f'SELECT "{column}" FROM "{table}"')  # noqa: S608 (names from a constant)
        seen |= {row[0] for row in cursor.fetchall()}
    return seen


def _counts(cursor) -> dict[str, int]:
    counts = {}
    for table in NETWORK_TABLES:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from a constant)
        counts[table] = cursor.fetchone()[0]
    return counts


@needs_postgres
def test_a_coordinator_of_x_sees_nothing_of_y_and_nothing_of_a_members_records(
    app_role, two_networks
):
    x, y = two_networks["x"], two_networks["y"]
    coordinator = x["coordinator"].membership
    with django_connected_as(app_role), transaction.atomic():
        tenant_db.bind(organisation=coordinator.organisation_id, user=coordinator.user_id)
        with connection.cursor() as cursor:
            titles = _titles(cursor)
            assert not any("Yankee" in title for title in titles), titles
            assert "Xray network" in titles and "Xray survey" in titles
            # Every network row visible belongs to X.
            cursor.execute("SELECT DISTINCT network_id FROM network_aggregatesnapshot")
            assert cursor.fetchall() == [(x["network"].pk,)]
            cursor.execute("SELECT count(*) FROM network_forumpost")
            assert cursor.fetchone() == (1,)
            # A coordinator reads every member's survey link in X, and none in Y.
            cursor.execute("SELECT member_id FROM network_surveylink ORDER BY member_id")
            assert [r[0] for r in cursor.fetchall()] == sorted(
                [x["member"].pk, two_networks["neighbour_link"].member_id]
            )
            cursor.execute(
                "SELECT count(*) FROM network_networkmember WHERE network_id = %s",
                [y["network"].pk],
            )
            assert cursor.fetchone() == (0,)
            # A lookup by Y's ids finds nothing; writing into Y is refused.
            cursor.execute("SELECT * FROM network_survey WHERE id = %s", [y["survey"].pk])
            assert cursor.fetchall() == []
            cursor.execute(
                "UPDATE network_network SET name = 'Changed' WHERE id = %s", [y["network"].pk]
            )
            assert cursor.rowcount == 0
            # Nothing of the members' own records: those stay behind their organisation.
            cursor.execute("SELECT count(*) FROM people_person")
            assert cursor.fetchone() == (0,)
        refused = pytest.raises(ProgrammingError, match="row-level security")
        with refused, transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO network_forumtopic (network_id, title, description, created_at)"
                " VALUES (%s, 'Sneaky', '', now())",
                [y["network"].pk],
            )
        # The ORM sees the same: X only.
    with django_connected_as(app_role), transaction.atomic():
        tenant_db.bind(organisation=coordinator.organisation_id, user=coordinator.user_id)
        assert list(Network.objects.values_list("pk", flat=True)) == [x["network"].pk]


@needs_postgres
def test_a_members_staff_see_their_networks_rows_but_not_another_members_link(
    app_role, two_networks
):
    x = two_networks["x"]
    advocate = two_networks["ours_advocate"]
    with django_connected_as(app_role), transaction.atomic(), connection.cursor() as cursor:
        tenant_db.bind(organisation=advocate.organisation_id, user=advocate.user_id)
        titles = _titles(cursor)
        assert not any("Yankee" in title for title in titles)
        # The invitation to another network is theirs to read, with its agreement.
        assert "Xray inviting network" in titles
        cursor.execute("SELECT DISTINCT network_id FROM network_datasharingagreement")
        assert {r[0] for r in cursor.fetchall()} == {
            x["network"].pk,
            x["network_invitation"].network_id,
        }
        # ... but nothing else of that network yet.
        cursor.execute(
            "SELECT count(*) FROM network_forumtopic WHERE network_id = %s",
            [x["network_invitation"].network_id],
        )
        assert cursor.fetchone() == (0,)
        # Their own link, not their neighbour's; every member's figures (the national picture).
        cursor.execute("SELECT member_id FROM network_surveylink")
        assert cursor.fetchall() == [(x["member"].pk,)]
        cursor.execute("SELECT count(*) FROM network_aggregatesnapshot")
        assert cursor.fetchone() == (1,)
        # Another member's staff who wrote in the forum can be named beside their post.
        cursor.execute(
            "SELECT count(*) FROM organisations_membership WHERE id = %s",
            [x["coordinator"].membership_id],
        )
        assert cursor.fetchone() == (1,)
        # Only coordinators write a survey.
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "INSERT INTO network_survey (network_id, title, title_cy, introduction,"
                " introduction_easy_read, introduction_cy, status, report_summary, created_at)"
                " VALUES (%s, 'Mine', '', '', '', '', 'draft', '', now())",
                [x["network"].pk],
            )


@needs_postgres
def test_with_nothing_bound_every_network_table_is_empty(app_role, two_networks):
    with django_connected_as(app_role), transaction.atomic(), connection.cursor() as cursor:
        assert set(_counts(cursor).values()) == {0}
        # A person with no organisation bound sees no network either.
        tenant_db.bind(user=two_networks["x"]["coordinator"].membership.user_id)
        assert set(_counts(cursor).values()) == {0}
        # The lookups by secret answer only for the exact secret.
        assert tenant_db.survey_link_network("") is None
        assert tenant_db.survey_link_network("not-a-token") is None
        assert tenant_db.network_token_member("0" * 64) is None


@needs_postgres
def test_a_survey_links_binding_shows_its_network_and_nothing_else(app_role, two_networks):
    x = two_networks["x"]
    token = x["survey_link"].token
    with django_connected_as(app_role), transaction.atomic(), connection.cursor() as cursor:
        network_id = tenant_db.survey_link_network(token)
        assert network_id == x["network"].pk
        tenant_db.bind_network(network_id, survey_link=token)
        assert not any("Yankee" in title for title in _titles(cursor))
        cursor.execute("SELECT token FROM network_surveylink")
        assert cursor.fetchall() == [(token,)], "only the link it holds"
        cursor.execute("SELECT count(*) FROM people_person")
        assert cursor.fetchone() == (0,)
        # An answer to another survey (Y's) is refused.
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            cursor.execute(
                "INSERT INTO network_surveyresponse (survey_id, answers) VALUES (%s, '{}')",
                [two_networks["y"]["survey"].pk],
            )


@needs_postgres
def test_an_anonymous_answer_through_a_link_is_stored_under_row_level_security(
    app_role, two_networks
):
    x = two_networks["x"]
    question = x["survey"].questions.get()
    url = f"/network/s/{x['survey_link'].token}/"
    before = SurveyResponse.objects.filter(survey=x["survey"]).count()
    with django_connected_as(app_role):
        client = Client()
        assert client.get(url).status_code == 200
        answered = client.post(url, {f"q{question.pk}": "Always", "share_organisation": "on"})
        assert answered.status_code == 302, answered.content[:500]
        assert client.get(answered["Location"]).status_code == 200
        assert client.get("/network/s/not-a-token/").status_code == 404
    assert SurveyResponse.objects.filter(survey=x["survey"]).count() == before + 1
    stored = SurveyResponse.objects.filter(survey=x["survey"]).order_by("-pk").first()
    assert stored.organisation_id == two_networks["ours"].pk
    assert PendingAnonymousEvent.objects.filter(organisation=two_networks["ours"]).exists()


@needs_postgres
def test_figures_sent_with_a_network_token_are_stored_under_row_level_security(
    app_role, two_networks
):
    x = two_networks["x"]
    member, organisation = x["member"], two_networks["ours"]
    key = signing.signing_key_for(organisation)
    member.public_key = key.public_key
    member.save()
    payload = signing.build_payload(
        organisation, network_name="X", start=dt.date(2026, 7, 1), end=dt.date(2026, 9, 30)
    )
    raw = signing.sign(organisation, payload)
    token = services.member_installation_register(
        acting=x["coordinator"].membership, member=member, public_key=member.public_key
    )
    url = "/api/v1/network/figures/"
    with django_connected_as(app_role):
        client = Client()
        refused = client.post(
            url, raw, content_type="application/json", HTTP_AUTHORIZATION="Token wrong"
        )
        assert refused.status_code == 403
        sent = client.post(
            url, raw, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
        )
        assert sent.status_code == 201, sent.content
    assert AggregateSnapshot.objects.filter(member=member, period_start="2026-07-01").exists()


@needs_postgres
def test_a_token_binding_adds_figures_only_for_its_own_member(app_role, two_networks):
    x = two_networks["x"]
    neighbour = two_networks["neighbour_link"].member
    member = x["member"]
    with django_connected_as(app_role), transaction.atomic(), connection.cursor() as cursor:
        tenant_db.bind_network(x["network"].pk, member_id=member.pk)
        insert = (
            "INSERT INTO network_aggregatesnapshot (network_id, member_id, period_start,"
            " period_end, definitions_version, payload, figures, received_at)"
            " VALUES (%s, %s, '2027-01-01', '2027-03-31', 'v', '{}', '{}', now())"
        )
        cursor.execute(insert, [x["network"].pk, member.pk])
        with pytest.raises(ProgrammingError, match="row-level security"), transaction.atomic():
            cursor.execute(insert, [x["network"].pk, neighbour.pk])


@needs_postgres
def test_the_hubs_cross_member_reads_work_as_the_app_role(app_role, two_networks):
    """Whom to notify and the shared system-issue themes cross members' own policies through
    narrow functions, for a bound network only: no bypass role in a request."""
    x = two_networks["x"]
    neighbour_org = two_networks["neighbour_link"].member.organisation
    neighbour_admin = MembershipFactory(organisation=neighbour_org, role=Role.ADMIN)
    SystemIssueFactory(
        organisation=neighbour_org,
        title="Private title",
        share_with_network=True,
        shared_summary={"title": "Shared title", "theme_label": "Access"},
    )
    SystemIssueFactory(organisation=neighbour_org, title="Not shared")
    SystemIssueFactory(  # a member of Y only
        organisation=two_networks["theirs"],
        share_with_network=True,
        shared_summary={"title": "Yankee title"},
    )
    coordinator = x["coordinator"].membership
    with django_connected_as(app_role), transaction.atomic():
        tenant_db.bind(organisation=coordinator.organisation_id, user=coordinator.user_id)
        admins = selectors.network_users(x["network"], [Role.ADMIN])
        assert neighbour_admin.user in admins
        outside = selectors.network_users(two_networks["y"]["network"], [Role.ADMIN])
        assert outside == [], "nobody of a network the transaction may not see"
        themes = selectors.shared_system_issues(x["network"])
        assert [issue["title"] for theme in themes for issue in theme.issues] == ["Shared title"]
        assert selectors.shared_system_issues(two_networks["y"]["network"]) == []


@needs_postgres
def test_the_network_scope_is_planned_once_a_connection_and_answers_as_before(
    app_role, two_networks
):
    """``heard_network_scope`` is PL/pgSQL (its plan kept for the connection), and called
    again and again on one connection it still gives each organisation and person their
    own networks: a member's organisation its network, a coordinator theirs, nobody none."""
    x, y = two_networks["x"], two_networks["y"]
    coordinator = x["coordinator"].membership
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
            "WHERE p.proname = 'heard_network_scope'"
        )
        assert cursor.fetchall() == [("plpgsql",)]
    with django_connected_as(app_role), transaction.atomic(), connection.cursor() as cursor:
        for _ in range(7):  # past PostgreSQL's five custom plans, onto the kept one
            cursor.execute(
                "SELECT heard_network_scope(%s, NULL, false), heard_network_scope(%s, NULL, false),"
                " heard_network_scope(%s, %s, true), heard_network_scope(%s, %s, true)",
                [
                    two_networks["ours"].pk,
                    two_networks["theirs"].pk,
                    coordinator.organisation_id,
                    coordinator.user_id,
                    coordinator.organisation_id,
                    coordinator.user_id + 1000,
                ],
            )
            assert cursor.fetchone() == (
                str(x["network"].pk),
                str(y["network"].pk),
                str(x["network"].pk),
                "",
            )
