"""Raising, answering and escalating challenges: due dates, validation, the chain and the audit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.challenges import services
from heard.challenges.models import Challenge, Level, Outcome
from heard.challenges.response_times import default_response_due, response_days
from heard.organisations.models import Role
from tests.factories import CaseFactory, IssueFactory, MembershipFactory

# Monday 14 April 2025: Good Friday (18th) and Easter Monday (21st) follow.
EASTER_WEEK_MONDAY = dt.date(2025, 4, 14)


@pytest.fixture
def advocate(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user


@pytest.fixture
def case(organisation):
    return CaseFactory(organisation=organisation)


def raise_challenge(case, user, **overrides):
    data = {
        "level": Level.INFORMAL,
        "challenged_organisation": "Leeds City Council",
        "challenged_role": "Social worker",
        "subject": "decision",
        "summary": "Moved to a care home without being asked.",
        "raised_on": EASTER_WEEK_MONDAY,
    }
    data.update(overrides)
    return services.challenge_raise(case=case, acting_user=user, **data)


def test_default_due_date_counts_working_days_past_the_easter_bank_holidays(case, advocate):
    """Level 1 is due 10 working days after raising: Good Friday and Easter Monday do not count."""
    challenge = raise_challenge(case, advocate)
    assert challenge.response_due_on == dt.date(2025, 4, 30)


def test_each_level_has_its_default(case, organisation):
    """10, 20, 30 and 40 working days for levels 1 to 4."""
    assert response_days(organisation) == {1: 10, 2: 20, 3: 30, 4: 40}
    assert default_response_due(organisation, 2, dt.date(2025, 6, 2)) == dt.date(2025, 6, 30)


def test_organisation_can_override_the_defaults(case, advocate, organisation):
    """``settings["challenge_response_days"]`` replaces a level's default; bad values are ignored."""
    organisation.settings = {"challenge_response_days": {"1": 5, "2": "not a number", "3": 0}}
    organisation.save()
    assert response_days(organisation) == {1: 5, 2: 20, 3: 30, 4: 40}
    challenge = raise_challenge(case, advocate)
    assert challenge.response_due_on == dt.date(2025, 4, 23)


def test_an_entered_due_date_wins(case, advocate):
    """A due date given by the advocate (e.g. a statutory deadline) is kept as entered."""
    challenge = raise_challenge(case, advocate, response_due_on=dt.date(2025, 4, 16))
    assert challenge.response_due_on == dt.date(2025, 4, 16)


def test_raising_is_audited_with_the_case(case, advocate):
    """A ``challenge.raised`` event names the actor and the case."""
    challenge = raise_challenge(case, advocate)
    event = AuditEvent.objects.about(challenge).get()
    assert event.event_type == "challenge.raised"
    assert event.actor == advocate
    assert event.details["case"] == case.reference
    assert event.changes["level"] == [None, 1]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"raised_on": timezone.localdate() + dt.timedelta(days=1)}, "raised_on", "must be today"),
        ({"challenged_organisation": "  "}, "challenged_organisation", "cannot be blank"),
        (
            {"response_due_on": EASTER_WEEK_MONDAY - dt.timedelta(days=1)},
            "response_due_on",
            "on or after the date raised",
        ),
        ({"level": 7}, "level", "Select the level"),
    ],
)
def test_invalid_challenges_are_refused_with_a_message(case, advocate, overrides, field, message):
    """Each problem is reported against its field; nothing is saved."""
    with pytest.raises(ValidationError) as error:
        raise_challenge(case, advocate, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not Challenge.objects.exists()


def test_issue_must_belong_to_the_case(case, advocate, organisation):
    """An issue from another case is refused."""
    other_issue = IssueFactory(case=CaseFactory(organisation=organisation))
    with pytest.raises(ValidationError) as error:
        raise_challenge(case, advocate, issue=other_issue)
    assert error.value.message_dict["issue"] == ["Choose one of this case's issues"]


def test_recording_a_response_closes_the_challenge(case, advocate):
    """Outcome, date and what they said are kept; the challenge is no longer open."""
    challenge = raise_challenge(case, advocate)
    services.challenge_record_response(
        challenge=challenge,
        acting_user=advocate,
        outcome=Outcome.PARTLY_UPHELD,
        answered_on=dt.date(2025, 4, 25),
        response="They will review the move.",
    )
    challenge.refresh_from_db()
    assert not challenge.is_open
    assert challenge.answered_on == dt.date(2025, 4, 25)
    event = AuditEvent.objects.about(challenge).filter(event_type="challenge.response_recorded")
    assert event.get().changes["outcome"] == ["", "partly_upheld"]


@pytest.mark.parametrize(
    ("outcome", "answered_on", "message"),
    [
        (Outcome.NOT_UPHELD, None, "Enter the date they answered"),
        (Outcome.NO_RESPONSE, dt.date(2025, 4, 25), "Leave the date answered empty"),
        (Outcome.UPHELD, dt.date(2025, 4, 1), "on or after the date raised"),
    ],
)
def test_response_dates_must_fit_the_outcome(case, advocate, outcome, answered_on, message):
    """An answer needs its date; "no response" must not have one; answers follow the raising."""
    challenge = raise_challenge(case, advocate)
    with pytest.raises(ValidationError) as error:
        services.challenge_record_response(
            challenge=challenge, acting_user=advocate, outcome=outcome, answered_on=answered_on
        )
    assert message in " ".join(error.value.message_dict["answered_on"])


def escalate(challenge, user, **overrides):
    data = {
        "level": challenge.level + 1,
        "challenged_organisation": "Leeds City Council complaints team",
        "summary": "Formal complaint about the move.",
        "raised_on": dt.date(2025, 5, 6),
    }
    data.update(overrides)
    return services.challenge_escalate(challenge=challenge, acting_user=user, **data)


def test_escalation_closes_the_previous_and_links_the_next(case, advocate):
    """Escalating an unanswered level 1 records "no response" and opens level 2 linked to it."""
    issue = IssueFactory(case=case)
    first = raise_challenge(case, advocate, issue=issue)
    second = escalate(first, advocate, previous_outcome=Outcome.NO_RESPONSE)
    first.refresh_from_db()
    assert first.outcome == Outcome.NO_RESPONSE
    assert first.answered_on is None
    assert second.previous == first
    assert second.level == 2
    assert second.issue == issue
    assert second.subject == first.subject
    assert second.response_due_on == dt.date(2025, 6, 4)  # 20 working days, late May bank holiday
    assert first.escalation == second
    types = list(AuditEvent.objects.order_by("id").values_list("event_type", flat=True))
    assert types == ["challenge.raised", "challenge.escalated", "challenge.raised"]


def test_the_chain_runs_from_informal_to_legal(case, advocate):
    """Four levels link into one chain, and a level 4 challenge cannot go higher."""
    from heard.challenges.selectors import chain_for

    first = raise_challenge(case, advocate)
    second = escalate(first, advocate, previous_outcome=Outcome.NO_RESPONSE)
    services.challenge_record_response(
        challenge=second,
        acting_user=advocate,
        outcome=Outcome.NOT_UPHELD,
        answered_on=dt.date(2025, 5, 20),
    )
    third = escalate(second, advocate, raised_on=dt.date(2025, 5, 21))
    fourth = escalate(
        third, advocate, previous_outcome=Outcome.NO_RESPONSE, raised_on=dt.date(2025, 6, 20)
    )
    assert [c.level for c in chain_for(second)] == [1, 2, 3, 4]
    assert [c.pk for c in chain_for(fourth)] == [first.pk, second.pk, third.pk, fourth.pk]
    with pytest.raises(services.ChallengeRefused, match="highest level"):
        escalate(fourth, advocate, previous_outcome=Outcome.NO_RESPONSE, level=5)


def test_a_challenge_escalates_only_once(case, advocate):
    """The chain stays a line: a second escalation of the same challenge is refused."""
    first = raise_challenge(case, advocate)
    escalate(first, advocate, previous_outcome=Outcome.NO_RESPONSE)
    with pytest.raises(services.ChallengeRefused, match="already been escalated to level 2"):
        escalate(first, advocate, previous_outcome=Outcome.NO_RESPONSE)
    assert Challenge.objects.count() == 2


def test_an_upheld_challenge_is_not_escalated(case, advocate):
    """There is nothing to escalate once a challenge is upheld."""
    first = raise_challenge(case, advocate)
    services.challenge_record_response(
        challenge=first, acting_user=advocate, outcome=Outcome.UPHELD, answered_on=dt.date.today()
    )
    with pytest.raises(services.ChallengeRefused, match="upheld, so there is nothing"):
        escalate(first, advocate)


def test_escalating_an_open_challenge_needs_what_happened(case, advocate):
    """Without the outcome of the open challenge nothing changes, and the message says why."""
    first = raise_challenge(case, advocate)
    with pytest.raises(ValidationError) as error:
        escalate(first, advocate)
    assert error.value.message_dict["previous_outcome"] == [
        "Select what happened to the level 1 challenge"
    ]
    first.refresh_from_db()
    assert first.is_open
    assert Challenge.objects.count() == 1


def test_escalation_must_go_up(case, advocate):
    """The new level has to be higher than the one escalated."""
    first = raise_challenge(case, advocate, level=Level.FORMAL_COMPLAINT)
    with pytest.raises(ValidationError) as error:
        escalate(first, advocate, previous_outcome=Outcome.NO_RESPONSE, level=2)
    assert error.value.message_dict["level"] == ["Choose a level higher than level 2"]


def test_an_escalated_challenges_outcome_is_fixed(case, advocate):
    """Once escalated, the earlier challenge's outcome is history and cannot be changed."""
    first = raise_challenge(case, advocate)
    escalate(first, advocate, previous_outcome=Outcome.NO_RESPONSE)
    with pytest.raises(services.ChallengeRefused, match="escalated"):
        services.challenge_record_response(
            challenge=first,
            acting_user=advocate,
            outcome=Outcome.UPHELD,
            answered_on=dt.date(2025, 5, 1),
        )


def test_response_days_update_is_audited(organisation, advocate):
    """An admin's new defaults are stored as settings and each change is audited."""
    after = services.challenge_response_days_update(
        organisation=organisation, acting_user=advocate, days={1: 5, 2: 20, 3: 30, 4: 60}
    )
    assert after == {1: 5, 2: 20, 3: 30, 4: 60}
    organisation.refresh_from_db()
    assert organisation.settings["challenge_response_days"] == {"1": 5, "2": 20, "3": 30, "4": 60}
    event = AuditEvent.objects.get(event_type="challenge.response_times_changed")
    assert event.changes == {"level_1": [10, 5], "level_4": [40, 60]}
