"""Every development page renders for the people it is for, and each form saves."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.development.models import (
    InductionSignOff,
    ReflectiveNote,
    SupervisionAction,
    SupervisionSession,
    TrainingRecord,
    WellbeingCheckIn,
)
from heard.development.tests.factories import (
    BarrierFactory,
    InductionItemFactory,
    ReflectiveNoteFactory,
    SupervisionActionFactory,
    SupervisionSessionFactory,
    TrainingItemFactory,
)

pytestmark = pytest.mark.django_db


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


def test_every_page_renders_for_the_manager(signed_in, manager, advocate, organisation):
    """The manager reaches the team, matrix, settings, the advocate's record and each form."""
    item = InductionItemFactory(organisation=organisation)
    training = TrainingItemFactory(organisation=organisation)
    session = SupervisionSessionFactory(organisation=organisation, attendees=[advocate])
    action = SupervisionActionFactory(session=session, owner=advocate)
    barrier = BarrierFactory(membership=advocate)
    client = signed_in(manager)
    urls = [
        reverse("development:team"),
        reverse("development:matrix"),
        reverse("development:settings"),
        reverse("development:induction_item_create"),
        reverse("development:training_item_create"),
        reverse("development:mine"),
        reverse("development:member", kwargs={"membership_id": advocate.pk}),
        reverse("development:profile_edit", kwargs={"membership_id": advocate.pk}),
        reverse(
            "development:induction_sign_off",
            kwargs={"membership_id": advocate.pk, "induction_item_id": item.pk},
        ),
        reverse("development:shadow_visit", kwargs={"membership_id": advocate.pk}),
        reverse("development:readiness_sign_off", kwargs={"membership_id": advocate.pk}),
        reverse(
            "development:training_record",
            kwargs={"membership_id": advocate.pk, "training_item_id": training.pk},
        ),
        reverse("development:leave", kwargs={"membership_id": advocate.pk}),
        reverse("development:supervision_create"),
        reverse("development:supervision_detail", kwargs={"session_id": session.pk}),
        reverse("development:action_create", kwargs={"session_id": session.pk}),
        reverse("development:action_escalate", kwargs={"supervision_action_id": action.pk}),
        reverse("development:notes"),
        reverse("development:note_create"),
        reverse("development:check_in"),
        reverse("development:barrier_create"),
        reverse("development:barrier_edit", kwargs={"barrier_id": barrier.pk}),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url


def test_advocates_cannot_reach_the_team_view(signed_in, advocate):
    client = signed_in(advocate)
    assert client.get(reverse("development:team")).status_code == 403
    assert client.get(reverse("development:matrix")).status_code == 403
    assert client.get(reverse("development:settings")).status_code == 403


def test_an_advocate_cannot_see_a_colleagues_record(signed_in, advocate, organisation):
    from tests.factories import MembershipFactory

    colleague = MembershipFactory(organisation=organisation)
    client = signed_in(advocate)
    url = reverse("development:member", kwargs={"membership_id": colleague.pk})
    assert client.get(url).status_code == 404


def test_manager_signs_off_induction_and_training(signed_in, manager, advocate, organisation):
    item = InductionItemFactory(organisation=organisation)
    training = TrainingItemFactory(organisation=organisation, refresh_months=36)
    client = signed_in(manager)
    today = timezone.localdate()
    response = client.post(
        reverse(
            "development:induction_sign_off",
            kwargs={"membership_id": advocate.pk, "induction_item_id": item.pk},
        ),
        _date("completed_on", today),
    )
    assert response.status_code == 302
    assert InductionSignOff.objects.filter(membership=advocate, item=item).exists()
    response = client.post(
        reverse(
            "development:training_record",
            kwargs={"membership_id": advocate.pk, "training_item_id": training.pk},
        ),
        {"status": "achieved", **_date("achieved_on", dt.date(2025, 1, 31))},
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get(membership=advocate, item=training)
    assert record.expires_on == dt.date(2028, 1, 31)
    assert AuditEvent.objects.filter(event_type="development.training_updated").exists()


def test_training_achieved_without_a_date_is_an_error_beside_the_field(
    signed_in, manager, advocate, organisation
):
    training = TrainingItemFactory(organisation=organisation)
    client = signed_in(manager)
    response = client.post(
        reverse(
            "development:training_record",
            kwargs={"membership_id": advocate.pk, "training_item_id": training.pk},
        ),
        {"status": "achieved"},
    )
    assert response.status_code == 200
    assert "Enter the date it was achieved" in response.content.decode()


def test_supervision_with_an_action_clears_the_overdue_flag(
    signed_in, manager, advocate, organisation
):
    """A 1:1 recorded today stops the one-to-one being overdue, and the action is the owner's."""
    from heard.development import selectors
    from heard.organisations.models import Membership

    advocate.created_at = timezone.now() - dt.timedelta(days=120)
    Membership.objects.filter(pk=advocate.pk).update(created_at=advocate.created_at)
    today = timezone.localdate()
    rows = selectors.team(
        organisation, Membership.objects.filter(organisation=organisation), today=today
    )
    assert any(row.membership == advocate and row.overdue for row in rows)
    client = signed_in(manager)
    response = client.post(
        reverse("development:supervision_create"),
        {
            "kind": "one_to_one",
            **_date("held_on", today),
            "attendees": [advocate.pk],
            "supervisor": manager.pk,
            "themes": ["professional_curiosity"],
        },
    )
    assert response.status_code == 302, response.content.decode()
    session = SupervisionSession.objects.get()
    response = client.post(
        reverse("development:action_create", kwargs={"session_id": session.pk}),
        {"description": "Ask for the care plan", "owner": advocate.pk, **_date("due_on", today)},
    )
    assert response.status_code == 302
    assert SupervisionAction.objects.get().owner == advocate
    rows = selectors.team(
        organisation, Membership.objects.filter(organisation=organisation), today=today
    )
    row = next(r for r in rows if r.membership == advocate)
    assert [d.kind for d in row.overdue] == ["group"]


def test_advocate_writes_a_note_and_checks_in(signed_in, advocate):
    client = signed_in(advocate)
    response = client.post(
        reverse("development:note_create"),
        {
            "title": "Ward round",
            **_date("written_on", timezone.localdate()),
            "was_i_brave_enough": "No: I let the consultant talk over Mr B",
        },
    )
    assert response.status_code == 302
    note = ReflectiveNote.objects.get()
    assert note.author == advocate and note.shared_at is None
    response = client.post(
        reverse("development:check_in"), {"feeling": "2", "would_like_to_talk": "on"}
    )
    assert response.status_code == 302
    assert WellbeingCheckIn.objects.get().would_like_to_talk


def test_an_empty_note_is_refused_beside_the_field(signed_in, advocate):
    client = signed_in(advocate)
    response = client.post(
        reverse("development:note_create"),
        {"title": "Nothing", **_date("written_on", timezone.localdate())},
    )
    assert response.status_code == 200
    assert "Write something in at least one box" in response.content.decode()


def test_supervision_action_becomes_a_proposed_system_issue(signed_in, advocate, organisation):
    from heard.system_change.models import SystemIssue, SystemIssueStatus

    session = SupervisionSessionFactory(organisation=organisation, attendees=[advocate])
    action = SupervisionActionFactory(session=session, owner=advocate)
    client = signed_in(advocate)
    response = client.post(
        reverse("development:action_escalate", kwargs={"supervision_action_id": action.pk}),
        {"title": "Wards not telling patients about IMHAs", "description": "Seen on three wards"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.system_issue.status == SystemIssueStatus.PROPOSED
    assert SystemIssue.objects.get().title == "Wards not telling patients about IMHAs"


def test_note_detail_for_author_shows_words(signed_in, advocate):
    note = ReflectiveNoteFactory(author=advocate)
    response = signed_in(advocate).get(
        reverse("development:note_detail", kwargs={"note_id": note.pk})
    )
    assert "I accepted the ward" in response.content.decode()
