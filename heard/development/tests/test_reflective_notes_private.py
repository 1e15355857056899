"""Reflective notes are unreachable for anyone but their author, and the supervisor they chose
to share a note with: on every URL, export, search and API, admins included (ADR-0011)."""

import pytest
from django.urls import reverse

from heard.audit.models import AuditEvent
from heard.development import services
from heard.development.models import AdvocateProfile
from heard.development.tests.factories import (
    BarrierFactory,
    InductionItemFactory,
    ReadinessFactory,
    SupervisionActionFactory,
    SupervisionSessionFactory,
    TrainingItemFactory,
)
from heard.organisations.models import Role
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    PersonFactory,
    ReferralFactory,
    ServiceFactory,
)
from tests.test_tenancy import (
    casework_records_of,
    challenges_and_concerns_of,
    system_change_records_of,
)
from tests.url_walker import walk_project

pytestmark = pytest.mark.django_db

WORDS = "Quillberry was not brave enough"


@pytest.fixture
def supervisor(organisation):
    return MembershipFactory(organisation=organisation, role=Role.MANAGER)


@pytest.fixture
def author(organisation, supervisor):
    member = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    AdvocateProfile.objects.create(
        organisation=organisation, membership=member, line_supervisor=supervisor
    )
    return member


@pytest.fixture
def note(author, organisation):
    person = PersonFactory(organisation=organisation, first_name="Quentin", last_name="Named")
    return services.reflective_note_write(
        author=author,
        data={
            "title": "Quillberry title",
            "written_on": __import__("datetime").date(2026, 1, 5),
            "was_i_brave_enough": WORDS,
        },
        people_named=[person],
    )


def _same_org_objects(organisation, author, note) -> dict:
    person = PersonFactory(organisation=organisation)
    service = ServiceFactory(organisation=organisation)
    case = CaseFactory(organisation=organisation, person=person, service=service)
    records = casework_records_of(case)
    session = SupervisionSessionFactory(organisation=organisation, attendees=[author])
    return {
        "person": person,
        "service": service,
        "membership": author,
        "referral": ReferralFactory(organisation=organisation),
        "case": case,
        **records,
        **system_change_records_of(case, records["issue"]),
        **challenges_and_concerns_of(case),
        "induction_item": InductionItemFactory(organisation=organisation),
        "readiness": ReadinessFactory(membership=author),
        "training_item": TrainingItemFactory(organisation=organisation),
        "supervision_session": session,
        "supervision_action": SupervisionActionFactory(session=session, owner=author),
        "reflective_note": note,
        "barrier": BarrierFactory(membership=author),
    }


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.ADVOCATE])
def test_no_url_shows_a_private_note_to_anyone_else(client, organisation, author, note, role):
    """Every URL in the project, as an admin, a manager and another advocate: never the note."""
    viewer = MembershipFactory(organisation=organisation, role=role)
    client.force_login(viewer.user)
    findings = walk_project(
        client,
        foreign_objects=_same_org_objects(organisation, author, note),
        foreign_markers=["Quillberry"],
    )
    assert not [f for f in findings if "showed" in f.problem], findings
    response = client.get(reverse("development:note_detail", kwargs={"note_id": note.pk}))
    assert response.status_code == 404


def test_the_supervisor_does_not_see_an_unshared_note(client, supervisor, note):
    client.force_login(supervisor.user)
    assert (
        client.get(reverse("development:note_detail", kwargs={"note_id": note.pk})).status_code
        == 404
    )
    assert "Quillberry" not in client.get(reverse("development:notes")).content.decode()


def test_sharing_lets_only_the_line_supervisor_read_it(
    client, organisation, author, supervisor, note
):
    client.force_login(author.user)
    response = client.post(
        reverse("development:note_share", kwargs={"note_id": note.pk}), {"share": "yes"}
    )
    assert response.status_code == 302
    client.force_login(supervisor.user)
    url = reverse("development:note_detail", kwargs={"note_id": note.pk})
    assert WORDS in client.get(url).content.decode()
    assert AuditEvent.objects.filter(
        event_type="development.reflective_note_viewed", actor=supervisor.user
    ).exists()
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    client.force_login(admin.user)
    assert client.get(url).status_code == 404
    # Unsharing takes it away again.
    client.force_login(author.user)
    client.post(reverse("development:note_share", kwargs={"note_id": note.pk}), {"share": "no"})
    client.force_login(supervisor.user)
    assert client.get(url).status_code == 404


def test_only_the_author_can_share(client, organisation, supervisor, note):
    client.force_login(supervisor.user)
    response = client.post(
        reverse("development:note_share", kwargs={"note_id": note.pk}), {"share": "yes"}
    )
    assert response.status_code == 404
    note.refresh_from_db()
    assert note.shared_at is None


def test_search_and_the_api_never_find_a_note(client, organisation, note):
    """Searching for the note's words or the person named finds no note, even as an admin."""
    admin = MembershipFactory(organisation=organisation, role=Role.ADMIN)
    client.force_login(admin.user)
    for query in ("Quillberry", "brave enough", "Quentin"):
        body = client.get(reverse("search:results"), {"q": query}).content.decode()
        assert "Quillberry title" not in body
        assert "was not brave" not in body
        assert reverse("development:note_detail", kwargs={"note_id": note.pk}) not in body
    body = client.get("/api/v1/people/", HTTP_ACCEPT="application/json").content.decode()
    assert "Quillberry" not in body
    assert "reflective" not in client.get("/api/v1/schema/").content.decode().lower()


def test_audit_events_never_carry_the_words(note):
    """Admins read the audit log: a note's events name it by number only."""
    for event in AuditEvent.objects.filter(target_type="development.reflectivenote"):
        assert "Quillberry" not in f"{event.target_label}{event.details}{event.changes}"


def test_a_subject_access_request_can_find_notes_naming_the_person(note):
    """The data protection lead's step (not a page for staff): notes are found by person named."""
    from heard.development.selectors import reflective_notes_naming

    person = note.people_named.get()
    assert list(reflective_notes_naming(person)) == [note]
