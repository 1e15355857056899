"""A restricted case's content is unreachable on every case URL for staff not named on it.

Walks every ``casework:*`` URL that takes a ``case_id`` (new ones are covered as they are
added), as staff who are neither the allocated advocate nor a named manager: each GET and
POST is a 403, shows none of the case's content, and writes one
``case.restricted_access_refused`` audit event. The advocate and the named managers open it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse

from heard.audit.models import AuditEvent
from heard.casework.services.lifecycle import case_allocate, case_record_first_contact
from heard.organisations.models import Role
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    IssueFactory,
    MembershipFactory,
    PersonFactory,
    ServiceFactory,
    TaskFactory,
)
from tests.url_walker import iter_routes

MARKERS = [
    "Zorblax",  # the person's first name
    "Secretperson",  # the person's last name
    "Quibbleissue",  # an issue, in their own words
    "Frobnotenote",  # an activity's note
    "Wibbletask",  # a task's title
    "Gloopdocument",  # a document's title
]

REFUSED = "case.restricted_access_refused"


def case_routes():
    return [
        route
        for route in iter_routes()
        if route.name and route.name.startswith("casework:") and "case_id" in route.kwargs
    ]


@pytest.fixture
def restricted(organisation):
    """A restricted, active case with a record of every kind, all carrying marker strings."""
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    service = ServiceFactory(organisation=organisation)
    person = PersonFactory(
        organisation=organisation, first_name="Zorblax", last_name="Secretperson"
    )
    case = CaseFactory(organisation=organisation, service=service, person=person)
    case_allocate(case=case, advocate=advocate, acting_user=manager.user)
    activity = ActivityFactory(case=case, with_person=True, note="Frobnotenote")
    case_record_first_contact(case=case, activity=activity, acting_user=manager.user)
    case.is_restricted = True
    case.save()
    case.restricted_managers.add(manager)
    objects = {
        "case_id": case,
        "issue_id": IssueFactory(case=case, in_their_words="Quibbleissue"),
        "activity_id": activity,
        "task_id": TaskFactory(case=case, title="Wibbletask"),
        "document_id": _document(case, manager.user),
    }
    return {"case": case, "advocate": advocate, "manager": manager, "objects": objects}


def _document(case, user):
    try:
        from heard.casework.services.documents import document_upload
    except ImportError:
        from tests.factories import DocumentFactory

        return DocumentFactory(case=case, title="Gloopdocument")
    return document_upload(
        case=case,
        title="Gloopdocument",
        kind="letter",
        uploaded=SimpleUploadedFile("letter.txt", b"Gloopdocument text", "text/plain"),
        acting_user=user,
    )


def url_for(route, objects) -> str:
    missing = [k for k in route.kwargs if k not in objects]
    if missing:
        pytest.fail(f"{route.name} takes {missing}: add an object of that kind to the fixture")
    return reverse(route.name, kwargs={k: objects[k].pk for k in route.kwargs})


def test_the_walk_covers_the_case_pages():
    """The walk is not vacuous: it reaches the case page and every status form."""
    names = {route.name for route in case_routes()}
    assert {
        "casework:case_detail",
        "casework:case_details",
        "casework:case_allocate",
        "casework:case_deallocate",
        "casework:case_hold",
        "casework:case_resume",
        "casework:case_close",
        "casework:case_reopen",
        "casework:change_priority",
    } <= names


def expected_refusals(client, url, method) -> int | None:
    """How many refusal events an attempt must write: 1, or none for a method or role refusal.

    A URL that does not take the method (405), or whose permission the role never has (a
    403 from the decorator, the same for every case), never reaches the case: there is no
    attempt on it to audit. ``None`` means "not checked" (either is right).
    """
    view = resolve(url).func
    perm = getattr(view, "required_permission", None)
    if perm and not client.user.has_perm(perm, client.user.memberships.get().organisation):
        return None
    return 1


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.MANAGER, Role.ADMIN])
def test_every_case_url_refuses_staff_not_named_on_the_case(
    client_as, organisation, restricted, role
):
    """403, none of its content, and one audited refusal per attempt, on every case URL."""
    client = client_as(role, organisation)
    problems = []
    for route in case_routes():
        url = url_for(route, restricted["objects"])
        for method in ("get", "post"):
            before = AuditEvent.objects.filter(event_type=REFUSED).count()
            response = getattr(client, method)(url)
            body = response.content.decode(errors="replace")
            if response.status_code not in (403, 405):
                problems.append(f"{method.upper()} {url}: {response.status_code}, not 403")
            leaked = [m for m in MARKERS if m in body]
            if leaked:
                problems.append(f"{method.upper()} {url}: showed {leaked}")
            written = AuditEvent.objects.filter(event_type=REFUSED).count() - before
            expected = expected_refusals(client, url, method)
            if response.status_code == 405:
                expected = 0
            if expected is not None and written != expected:
                problems.append(f"{method.upper()} {url}: {written} refusal events, not {expected}")
    assert not problems, "\n".join(problems)
    event = AuditEvent.objects.filter(event_type=REFUSED).latest("id")
    assert (event.actor, event.target_id) == (client.user, str(restricted["case"].pk))


@pytest.mark.parametrize("who", ["advocate", "manager"])
def test_the_advocate_and_named_managers_open_it(client, restricted, who):
    """They get the case page with its content, and no URL refuses them as restricted."""
    client.force_login(restricted[who].user)
    response = client.get(
        reverse("casework:case_detail", kwargs={"case_id": restricted["case"].pk})
    )
    assert response.status_code == 200
    assert "Zorblax Secretperson" in response.content.decode()
    for route in case_routes():
        url = url_for(route, restricted["objects"])
        assert client.get(url).status_code != 404, url
    assert not AuditEvent.objects.filter(event_type=REFUSED).exists()


def test_the_list_shows_the_placeholder_to_others(manager_client, restricted):
    """The list shows "Restricted case", reference, status and type, and nothing else."""
    body = manager_client.get("/cases/?status=all").content.decode()
    assert "Restricted case" in body and restricted["case"].reference in body
    assert not [m for m in MARKERS if m in body]
