"""Another organisation's data is unreachable from every URL in the project."""

import pytest
from django.test import override_settings

from heard.organisations.models import Membership, Role
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
)
from tests.url_walker import format_findings, iter_routes, walk_project


def casework_records_of(case) -> dict:
    """An issue, activity, task and document on ``case``, each carrying the "Foreignrecord" marker."""
    from tests.factories import ActivityFactory, DocumentFactory, IssueFactory, TaskFactory

    return {
        "issue": IssueFactory(case=case, in_their_words="Foreignrecord issue words"),
        "activity": ActivityFactory(case=case, note="Foreignrecord activity note"),
        "task": TaskFactory(case=case, title="Foreignrecord task"),
        "document": DocumentFactory(case=case, title="Foreignrecord document"),
    }


def system_change_records_of(case, issue) -> dict:
    """A system issue evidenced by ``case``, with an action: each carries "Foreignsystemissue"."""
    from tests.factories import (
        EvidenceLinkFactory,
        SystemIssueActionFactory,
        SystemIssueFactory,
    )

    system_issue = SystemIssueFactory(
        organisation=case.organisation, title="Foreignsystemissue title"
    )
    return {
        "system_issue": system_issue,
        "system_issue_action": SystemIssueActionFactory(
            system_issue=system_issue, description="Foreignsystemissue action"
        ),
        "evidence_link": EvidenceLinkFactory(system_issue=system_issue, case=case, issue=issue),
    }


def challenges_and_concerns_of(case) -> dict:
    """A challenge, a safeguarding concern and a speaking-up concern: each carries "Foreignconcern"."""
    from tests.factories import (
        ChallengeFactory,
        SafeguardingConcernFactory,
        SpeakingUpConcernFactory,
    )

    return {
        "challenge": ChallengeFactory(
            case=case, organisation=case.organisation, challenged_organisation="Foreignconcern LA"
        ),
        "safeguarding_concern": SafeguardingConcernFactory(
            organisation=case.organisation, case=case, summary="Foreignconcern safeguarding"
        ),
        "speaking_up_concern": SpeakingUpConcernFactory(
            organisation=case.organisation, concern="Foreignconcern speaking up"
        ),
    }


def development_records_of(membership) -> dict:
    """Development records of B's advocate: each carries the "Foreigndevelopment" marker."""
    from heard.development.tests.factories import (
        BarrierFactory,
        InductionItemFactory,
        ReadinessFactory,
        ReflectiveNoteFactory,
        SupervisionActionFactory,
        SupervisionSessionFactory,
        TrainingItemFactory,
    )

    organisation = membership.organisation
    session = SupervisionSessionFactory(
        organisation=organisation, attendees=[membership], summary="Foreigndevelopment summary"
    )
    return {
        "induction_item": InductionItemFactory(
            organisation=organisation, title="Foreigndevelopment induction"
        ),
        "readiness": ReadinessFactory(membership=membership, note="Foreigndevelopment ready"),
        "training_item": TrainingItemFactory(
            organisation=organisation, name="Foreigndevelopment course"
        ),
        "supervision_session": session,
        "supervision_action": SupervisionActionFactory(
            session=session, owner=membership, description="Foreigndevelopment action"
        ),
        "reflective_note": ReflectiveNoteFactory(
            author=membership, title="Foreigndevelopment note"
        ),
        "barrier": BarrierFactory(membership=membership, description="Foreigndevelopment barrier"),
    }


def voice_records_of(organisation) -> dict:
    """Voice records of B: each carries the "Foreignvoice" marker."""
    from heard.voice.tests.factories import (
        EngagementSessionFactory,
        InvolvementFactory,
        SessionThemeFactory,
        YouSaidWeDidFactory,
    )

    session = EngagementSessionFactory(organisation=organisation, title="Foreignvoice session")
    theme = SessionThemeFactory(session=session, summary="Foreignvoice theme")
    return {
        "involvement": InvolvementFactory(organisation=organisation, name="Foreignvoice person"),
        "engagement_session": session,
        "session_theme": theme,
        "you_said_we_did": YouSaidWeDidFactory(
            organisation=organisation, theme=theme, you_said="Foreignvoice said"
        ),
    }


def rights_records_of(person) -> dict:
    """A subject access request, an erasure request and a retention dry run listing ``person``
    (the person's marker shows on each)."""
    from heard.rights.tests.factories import (
        ErasureRequestFactory,
        RetentionReviewFactory,
        SubjectAccessRequestFactory,
    )

    return {
        "subject_access_request": SubjectAccessRequestFactory(person=person),
        "erasure_request": ErasureRequestFactory(person=person),
        "retention_review": RetentionReviewFactory(
            organisation=person.organisation, person_ids=[person.pk]
        ),
    }


def report_export_of(service, membership) -> dict:
    """A ready report export asked for by B's member: its file says "Foreignexport"."""
    import datetime as dt

    from django.utils import timezone

    from heard.reporting.models import ReportExport

    return {
        "report_export": ReportExport.objects.create(
            organisation=service.organisation,
            requested_by=membership.user,
            service=service,
            start=dt.date(2026, 4, 1),
            end=dt.date(2026, 6, 30),
            format="csv",
            status="ready",
            progress=100,
            filename="Foreignexport.zip",
            content=b"Foreignexport",
            size=13,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
    }


def network_records_of(organisation) -> dict:
    """A network ``organisation`` belongs to (and A does not), with a forum, a survey and an
    invitation: each carries the "Foreignnetwork" marker."""
    from heard.network.tests.factories import network_world

    return network_world(organisation, marker="Foreignnetwork")


def api_token_of(membership):
    """An API token of B's advocate, named with the "Foreigntoken" marker."""
    from heard.api.tests.factories import ApiTokenFactory

    return ApiTokenFactory(
        organisation=membership.organisation, user=membership.user, name="Foreigntoken system"
    )


def import_job_of(membership):
    """An import of B's, its file named with the "Foreignimport" marker."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from heard.imports.services import job_create

    return job_create(
        organisation=membership.organisation,
        acting_user=membership.user,
        kind="people",
        upload=SimpleUploadedFile("Foreignimport.csv", b"First name,Last name\nA,B\n"),
    )


@pytest.fixture
def foreign(other_organisation):
    """Objects of organisation B, with names that must never show up for organisation A."""
    person = PersonFactory(
        organisation=other_organisation, first_name="Zebedee", last_name="Foreignperson"
    )
    service = ServiceFactory(organisation=other_organisation, name="Foreign Service Contract")
    membership = MembershipFactory(
        organisation=other_organisation, role=Role.ADVOCATE, user__full_name="Foreign Staffmember"
    )
    referral = ReferralFactory(
        organisation=other_organisation, first_name="Xanthe", last_name="Foreignreferral"
    )
    case = CaseFactory(organisation=other_organisation, person=person, service=service)
    records = casework_records_of(case)
    return {
        "objects": {
            "person": person,
            "service": service,
            "membership": membership,
            "referral": referral,
            "case": case,
            **records,
            **system_change_records_of(case, records["issue"]),
            **challenges_and_concerns_of(case),
            **development_records_of(membership),
            **voice_records_of(other_organisation),
            **report_export_of(service, membership),
            **rights_records_of(person),
            **network_records_of(other_organisation),
            "api_token": api_token_of(membership),
            "import_job": import_job_of(membership),
        },
        "markers": [
            "Foreignperson",
            "Foreign Service Contract",
            "Foreign Staffmember",
            "Foreignreferral",
            "Foreignrecord",
            "Foreignsystemissue",
            "Foreignconcern",
            "Foreigndevelopment",
            "Foreignvoice",
            "Foreignexport",
            "Foreignnetwork",
            "Foreigntoken",
            "Foreignimport",
        ],
    }


@pytest.mark.parametrize(
    "role",
    [Role.ADMIN, Role.MANAGER, Role.ADVOCATE, Role.COMMISSIONER, Role.NETWORK_COORDINATOR],
)
def test_every_url_refuses_another_organisations_objects(client_as, organisation, foreign, role):
    """As each role of A: every URL aimed at B's objects is 404/403 and shows none of B's data."""
    client = client_as(role, organisation)
    findings = walk_project(
        client, foreign_objects=foreign["objects"], foreign_markers=foreign["markers"]
    )
    assert not findings, "Tenancy problems:\n" + format_findings(findings)


def test_a_network_coordinator_sees_no_other_network_and_no_members_records(
    client, organisation, other_organisation, foreign
):
    """The second axis: a coordinator of network X, where B is a member, walks every URL aimed
    at B's own records and at network Y's objects: all 404/403, none of their data shown."""
    from heard.network.tests.factories import CoordinatorFactory, MemberFactory, NetworkFactory

    network_x = NetworkFactory(name="Coordinated network")
    MemberFactory(network=network_x, organisation=other_organisation)
    coordinator = CoordinatorFactory(network=network_x, membership__organisation=organisation)
    client.force_login(coordinator.membership.user)
    findings = walk_project(
        client, foreign_objects=foreign["objects"], foreign_markers=foreign["markers"]
    )
    assert not findings, "Tenancy problems:\n" + format_findings(findings)


def test_walker_covers_the_object_urls():
    """The walk is not vacuous: it reaches every object URL in the project."""
    names = {route.name for route in iter_routes()}
    assert {
        "people:detail",
        "people:edit",
        "organisations:staff_edit",
        "api:person-detail",
        "api:referral-detail",
        "api:case-detail",
        "api:issue-detail",
        "api:activity-detail",
        "api:task-detail",
        "api:challenge-detail",
        "api:safeguarding-concern-detail",
        "api:system-issue-detail",
        "api_tokens:revoke",
        "imports:detail",
        "imports:undo",
    } <= names


@override_settings(ROOT_URLCONF="tests.unscoped_urls")
def test_walker_catches_a_view_that_forgets_scoping(client_as, organisation, foreign):
    """A deliberately unscoped view is reported, so the walker would fail the build."""
    client = client_as(Role.ADMIN, organisation)
    findings = walk_project(
        client,
        foreign_objects=foreign["objects"],
        foreign_markers=foreign["markers"],
        urlconf="tests.unscoped_urls",
    )
    problems = format_findings(findings)
    assert "/leaky/" in problems
    assert "Foreignperson" in problems


@override_settings(ROOT_URLCONF="tests.unscoped_urls")
def test_walker_fails_on_an_argument_it_cannot_fill(client_as, organisation, foreign):
    """A URL with an argument the walker does not know is a failure, not a silent skip."""
    client = client_as(Role.ADMIN, organisation)
    findings = walk_project(
        client,
        foreign_objects=foreign["objects"],
        foreign_markers=foreign["markers"],
        urlconf="tests.unscoped_urls",
    )
    assert any("cannot fill" in f.problem and f.route == "mystery" for f in findings)


def test_deactivated_membership_loses_access(client, organisation, person, make_member):
    """Deactivating a member takes effect on their next request."""
    user = make_member(organisation, Role.ADVOCATE)
    client.force_login(user)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    Membership.objects.filter(user=user).update(is_active=False)
    assert client.get(f"/people/{person.pk}/").status_code == 403
