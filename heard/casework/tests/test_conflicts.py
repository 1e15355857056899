"""The conflicts of interest register: staff declare and resolve their own; managers see all."""

import pytest
from django.core.exceptions import ValidationError

from heard.audit.models import AuditEvent
from heard.casework.models import ConflictOfInterest
from heard.casework.services.conflicts import conflict_declare, conflict_resolve
from heard.organisations.models import Membership, Role
from tests.factories import ConflictOfInterestFactory, MembershipFactory, PersonFactory


def membership_of(client, organisation):
    return Membership.objects.get(user=client.user, organisation=organisation)


def test_advocate_declares_a_conflict_with_a_person_by_reference(
    advocate_client, organisation, person
):
    """The reference finds the person; the declaration is audited."""
    response = advocate_client.post(
        "/cases/conflicts/new/",
        {
            "kind": "person",
            "person_reference": person.reference.lower(),
            "description": "She is my neighbour",
        },
    )
    assert response.status_code == 302
    conflict = ConflictOfInterest.objects.get()
    assert (conflict.kind, conflict.person, conflict.name) == ("person", person, "")
    assert conflict.membership == membership_of(advocate_client, organisation)
    event = AuditEvent.objects.get(event_type="conflict.declared")
    assert event.actor == advocate_client.user
    assert event.details["person_reference"] == person.reference


def test_unknown_reference_is_explained_beside_the_field(advocate_client):
    """A reference nobody has is an error on the reference field, not a crash."""
    response = advocate_client.post(
        "/cases/conflicts/new/", {"kind": "person", "person_reference": "P999999"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "No one supported by your organisation has reference P999999" in body
    assert 'href="#id_person_reference"' in body
    assert not ConflictOfInterest.objects.exists()


def test_another_organisations_person_cannot_be_named(advocate_client, other_organisation):
    """References are looked up in the member's own organisation only."""
    stranger = PersonFactory(organisation=other_organisation)
    response = advocate_client.post(
        "/cases/conflicts/new/", {"kind": "person", "person_reference": stranger.reference}
    )
    assert "No one supported by your organisation has reference" in response.content.decode()
    assert not ConflictOfInterest.objects.exists()


@pytest.mark.parametrize(
    ("kind", "message"),
    [("family", "Enter the family name"), ("provider", "Enter the provider&#x27;s name")],
)
def test_family_and_provider_need_a_name(advocate_client, kind, message):
    """A family or provider conflict without a name is refused beside the name field."""
    response = advocate_client.post("/cases/conflicts/new/", {"kind": kind, "name": " "})
    assert message in response.content.decode()


def test_service_checks_its_needs(organisation, other_organisation):
    """Called directly, the service refuses what the form would."""
    member = MembershipFactory(organisation=organisation)
    with pytest.raises(ValidationError) as error:
        conflict_declare(membership=member, kind="person", acting_user=member.user)
    assert error.value.message_dict == {"person": ["Enter the person's reference"]}
    with pytest.raises(ValidationError) as error:
        conflict_declare(
            membership=member,
            kind="person",
            person=PersonFactory(organisation=other_organisation),
            acting_user=member.user,
        )
    assert "person" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        conflict_declare(membership=member, kind="provider", name="Oa", acting_user=member.user)
    assert error.value.message_dict == {
        "name": ["Enter at least 3 characters of the provider's name"]
    }
    with pytest.raises(ValidationError):
        conflict_declare(membership=member, kind="cousin", acting_user=member.user)


def test_advocates_see_only_their_own_conflicts(advocate_client, organisation):
    """Another advocate's declaration is not shown to them."""
    mine = ConflictOfInterestFactory(
        membership=membership_of(advocate_client, organisation), name="Mineshaft"
    )
    ConflictOfInterestFactory(
        membership=MembershipFactory(organisation=organisation), name="Otherfam"
    )
    body = advocate_client.get("/cases/conflicts/").content.decode()
    assert mine.name in body
    assert "Otherfam" not in body
    assert "Conflicts declared by other staff" not in body


def test_managers_see_everyones_conflicts(manager_client, organisation, other_organisation):
    """A manager sees all of their organisation's conflicts, and no other organisation's."""
    ConflictOfInterestFactory(
        membership=MembershipFactory(organisation=organisation, user__full_name="Ada Advocate"),
        name="Otherfam",
    )
    ConflictOfInterestFactory(
        membership=MembershipFactory(organisation=other_organisation), name="Farawayfam"
    )
    body = manager_client.get("/cases/conflicts/").content.decode()
    assert "Conflicts declared by other staff" in body
    assert "Ada Advocate" in body and "Otherfam" in body
    assert "Farawayfam" not in body


def test_resolving_your_own_conflict(advocate_client, organisation):
    """The declarer marks it resolved; it is audited and stops counting."""
    conflict = ConflictOfInterestFactory(membership=membership_of(advocate_client, organisation))
    response = advocate_client.post("/cases/conflicts/", {"resolve": conflict.pk})
    assert response.status_code == 302
    conflict.refresh_from_db()
    assert conflict.resolved_at is not None
    assert AuditEvent.objects.filter(
        event_type="conflict.resolved", target_id=str(conflict.pk)
    ).exists()
    body = advocate_client.get("/cases/conflicts/").content.decode()
    assert "Resolved" in body


def test_nobody_resolves_someone_elses_conflict(manager_client, organisation):
    """Not even a manager: they override at allocation, with a reason, instead."""
    conflict = ConflictOfInterestFactory(membership=MembershipFactory(organisation=organisation))
    response = manager_client.post("/cases/conflicts/", {"resolve": conflict.pk})
    assert response.status_code == 404
    conflict.refresh_from_db()
    assert conflict.resolved_at is None


def test_resolving_twice_changes_nothing(organisation):
    """A second resolve keeps the first date and writes no second event."""
    conflict = ConflictOfInterestFactory(membership=MembershipFactory(organisation=organisation))
    first = conflict_resolve(conflict=conflict, acting_user=conflict.membership.user).resolved_at
    again = conflict_resolve(conflict=conflict, acting_user=conflict.membership.user)
    assert again.resolved_at == first
    assert AuditEvent.objects.filter(event_type="conflict.resolved").count() == 1


@pytest.mark.parametrize("url", ["/cases/conflicts/", "/cases/conflicts/new/"])
def test_commissioners_have_no_register(client_as, organisation, url):
    """Commissioners see no personal data, so no conflicts register."""
    assert client_as(Role.COMMISSIONER, organisation).get(url).status_code == 403
