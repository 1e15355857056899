"""The transition service: exactly the table in the shared domain's case-lifecycle.md."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case, CaseStatus, ClosureReason, Status
from heard.casework.services import lifecycle
from heard.casework.services.lifecycle import (
    TRANSITIONS,
    TransitionRefused,
    assert_transition_allowed,
    case_allocate,
    case_close,
    case_close_before_allocation,
    case_deallocate,
    case_hold,
    case_open_waiting,
    case_reallocate,
    case_record_first_contact,
    case_reopen,
    case_resume,
    case_transition,
)
from heard.organisations.models import Role
from tests.factories import (
    ActivityFactory,
    CaseFactory,
    IssueFactory,
    MembershipFactory,
    PersonFactory,
    ServiceFactory,
)

STATUSES = list(Status)


@pytest.fixture
def staff(organisation):
    return {
        "manager": MembershipFactory(organisation=organisation, role=Role.MANAGER).user,
        "advocate": MembershipFactory(
            organisation=organisation, role=Role.ADVOCATE, user__full_name="Ada Advocate"
        ),
        "other": MembershipFactory(
            organisation=organisation, role=Role.ADVOCATE, user__full_name="Olu Other"
        ),
    }


def contact(case, **kwargs):
    return ActivityFactory(case=case, with_person=True, kind="visit", **kwargs)


def make_case(status, organisation, staff, **kwargs) -> Case:
    """A case brought to ``status`` through the lifecycle itself."""
    case = CaseFactory(organisation=organisation, **kwargs)
    user = staff["manager"]
    if status == Status.WAITING:
        return case
    case_allocate(case=case, advocate=staff["advocate"], acting_user=user)
    if status == Status.ALLOCATED:
        return case
    case_record_first_contact(case=case, activity=contact(case), acting_user=user)
    if status == Status.ACTIVE:
        return case
    if status == Status.ON_HOLD:
        case_hold(
            case=case,
            reason="In hospital",
            review_date=timezone.localdate() + dt.timedelta(days=14),
            acting_user=user,
        )
        return case
    case_close(case=case, reason=ClosureReason.ISSUES_RESOLVED, acting_user=user)
    return case


def valid_needs(case, frm, to, staff) -> dict:
    """What the table says each allowed transition needs, filled in correctly."""
    return {
        (Status.WAITING, Status.ALLOCATED): {"advocate": staff["advocate"]},
        (Status.WAITING, Status.CLOSED): {"reason": "withdrawn"},
        (Status.ALLOCATED, Status.WAITING): {"reason": "Advocate is leaving"},
        (Status.ALLOCATED, Status.ALLOCATED): {"advocate": staff["other"], "reason": "Workload"},
        (Status.ALLOCATED, Status.ACTIVE): {"activity": contact(case) if case else None},
        (Status.ACTIVE, Status.ACTIVE): {"advocate": staff["other"], "reason": "Off sick"},
        (Status.ON_HOLD, Status.ON_HOLD): {"advocate": staff["other"], "reason": "Leaving"},
        (Status.ACTIVE, Status.ON_HOLD): {
            "reason": "In hospital",
            "review_date": timezone.localdate() + dt.timedelta(days=7),
        },
        (Status.ON_HOLD, Status.ACTIVE): {},
        (Status.ACTIVE, Status.CLOSED): {"reason": ClosureReason.ISSUES_RESOLVED},
        (Status.ON_HOLD, Status.CLOSED): {"reason": ClosureReason.PERSON_WITHDREW},
        (Status.CLOSED, Status.ACTIVE): {"reason": "They asked for help again"},
    }.get((frm, to), {})


PAIRS = list(itertools.product([None, *STATUSES], STATUSES))

# Every refused pair and the message it gets, spelled out.
EXPECTED_REFUSALS = {
    (Status.WAITING, Status.WAITING): "A waiting case cannot go on the waiting list",
    (Status.WAITING, Status.ACTIVE): "A waiting case cannot become active",
    (Status.WAITING, Status.ON_HOLD): "A waiting case cannot be put on hold",
    (Status.ALLOCATED, Status.ON_HOLD): "An allocated case cannot be put on hold",
    (Status.ALLOCATED, Status.CLOSED): "An allocated case cannot be closed",
    (Status.ACTIVE, Status.WAITING): "An active case cannot go on the waiting list",
    (Status.ACTIVE, Status.ALLOCATED): "An active case cannot be allocated",
    (Status.ON_HOLD, Status.WAITING): "An on hold case cannot go on the waiting list",
    (Status.ON_HOLD, Status.ALLOCATED): "An on hold case cannot be allocated",
    (Status.CLOSED, Status.WAITING): "A closed case cannot go on the waiting list",
    (Status.CLOSED, Status.ALLOCATED): "A closed case cannot be allocated",
    (Status.CLOSED, Status.ON_HOLD): "A closed case cannot be put on hold",
    (Status.CLOSED, Status.CLOSED): "A closed case cannot be closed",
}


@pytest.mark.parametrize(("frm", "to"), PAIRS, ids=[f"{f}->{t}" for f, t in PAIRS])
def test_every_pair_of_statuses_is_allowed_or_refused_as_the_table_says(
    organisation, staff, frm, to
):
    """Each (from, to) in the table happens with its needs met; every other pair is refused."""
    user = staff["manager"]
    if frm is None:
        if to == Status.WAITING:
            service = ServiceFactory(organisation=organisation)
            case = case_open_waiting(
                organisation=organisation,
                person=PersonFactory(organisation=organisation),
                service=service,
                advocacy_type=service.advocacy_types[0],
                priority="standard",
                received_on=timezone.localdate(),
                acting_user=user,
            )
            assert case.statuses.get().status == Status.WAITING
        else:
            with pytest.raises(TransitionRefused, match="A new case cannot"):
                assert_transition_allowed(None, to)
        return
    case = make_case(frm, organisation, staff)
    rows_before = case.statuses.count()
    needs = valid_needs(case, frm, to, staff)
    if (frm, to) in TRANSITIONS:
        row = case_transition(case=case, to=to, acting_user=user, **needs)
        case.refresh_from_db()
        assert case.status == to
        assert (row.previous_status, row.status) == (frm, to)
        assert case.statuses.count() == rows_before + 1
        assert AuditEvent.objects.filter(
            event_type__in=["case.status_changed", "case.allocated"],
            target_id=str(case.pk),
            changes__status=[frm, to],
        ).exists()
    else:
        with pytest.raises(TransitionRefused) as refused:
            case_transition(case=case, to=to, acting_user=user, **needs)
        assert str(refused.value) == EXPECTED_REFUSALS[(frm, to)]
        case.refresh_from_db()
        assert case.status == frm
        assert case.statuses.count() == rows_before


def test_table_has_exactly_the_documented_transitions():
    """Thirteen transitions, as listed in case-lifecycle.md (active and on hold both close,
    and both can be reallocated to another advocate keeping their status)."""
    assert set(TRANSITIONS) == {
        (None, Status.WAITING),
        (Status.WAITING, Status.ALLOCATED),
        (Status.WAITING, Status.CLOSED),
        (Status.ALLOCATED, Status.WAITING),
        (Status.ALLOCATED, Status.ALLOCATED),
        (Status.ALLOCATED, Status.ACTIVE),
        (Status.ACTIVE, Status.ACTIVE),
        (Status.ON_HOLD, Status.ON_HOLD),
        (Status.ACTIVE, Status.ON_HOLD),
        (Status.ON_HOLD, Status.ACTIVE),
        (Status.ACTIVE, Status.CLOSED),
        (Status.ON_HOLD, Status.CLOSED),
        (Status.CLOSED, Status.ACTIVE),
    }


def test_unknown_status_is_refused(organisation, staff):
    """A status that does not exist is a refusal with a message, not a crash."""
    case = make_case(Status.WAITING, organisation, staff)
    with pytest.raises(TransitionRefused, match="is not a case status"):
        case_transition(case=case, to="archived", acting_user=staff["manager"])


def test_transition_reads_the_locked_row_not_a_stale_copy(organisation, staff):
    """Two people closing the same case: the second is refused, not recorded twice."""
    case = make_case(Status.ACTIVE, organisation, staff)
    stale = Case.objects.get(pk=case.pk)
    case_close(case=case, reason=ClosureReason.ISSUES_RESOLVED, acting_user=staff["manager"])
    assert stale.status == Status.ACTIVE
    with pytest.raises(TransitionRefused, match="A closed case cannot be closed"):
        case_close(case=stale, reason=ClosureReason.ISSUES_RESOLVED, acting_user=staff["manager"])
    assert case.statuses.filter(status=Status.CLOSED).count() == 1


# Allocation, reallocation, deallocation ----------------------------------------------------------


def test_allocation_needs_an_advocate(organisation, staff):
    """No advocate chosen: refused beside the advocate field."""
    case = make_case(Status.WAITING, organisation, staff)
    with pytest.raises(TransitionRefused) as refused:
        case_allocate(case=case, advocate=None, acting_user=staff["manager"])
    assert refused.value.errors == {"advocate": "Select an advocate"}


def test_allocation_refuses_someone_who_cannot_hold_cases(organisation, other_organisation, staff):
    """Another organisation's member, someone who left, or someone with no capacity."""
    case = make_case(Status.WAITING, organisation, staff)
    elsewhere = MembershipFactory(organisation=other_organisation)
    left = MembershipFactory(organisation=organisation, is_active=False)
    no_capacity = MembershipFactory(
        organisation=organisation, caseload_capacity=0, user__full_name="Nia Nocap"
    )
    for member, message in [
        (elsewhere, "Select an advocate who works for your organisation"),
        (left, "Select an advocate who works for your organisation"),
        (no_capacity, "Nia Nocap has no caseload capacity"),
    ]:
        with pytest.raises(TransitionRefused) as refused:
            case_allocate(case=case, advocate=member, acting_user=staff["manager"])
        assert refused.value.errors["advocate"].startswith(message)
    case.refresh_from_db()
    assert case.status == Status.WAITING


def test_allocation_records_the_advocate_and_audits_it(organisation, staff):
    """The case, the status row and a case.allocated event all name the advocate."""
    case = make_case(Status.WAITING, organisation, staff)
    row = case_allocate(
        case=case, advocate=staff["advocate"], note="Speaks Urdu", acting_user=staff["manager"]
    )
    case.refresh_from_db()
    assert case.allocated_to == staff["advocate"]
    assert (row.reason, row.advocate, row.note) == ("allocated", staff["advocate"], "Speaks Urdu")
    event = AuditEvent.objects.get(event_type="case.allocated")
    assert event.changes == {
        "status": ["waiting", "allocated"],
        "allocated_to": [None, "Ada Advocate"],
    }
    assert event.actor == staff["manager"]


def test_reallocation_needs_a_reason_and_another_advocate(organisation, staff):
    """Reallocating without a reason, or to the same advocate, is refused."""
    case = make_case(Status.ALLOCATED, organisation, staff)
    with pytest.raises(TransitionRefused) as refused:
        case_reallocate(
            case=case, advocate=staff["other"], reason=" ", acting_user=staff["manager"]
        )
    assert refused.value.errors == {"reason": "Enter why the case is being reallocated"}
    with pytest.raises(TransitionRefused) as refused:
        case_reallocate(
            case=case, advocate=staff["advocate"], reason="Swap", acting_user=staff["manager"]
        )
    assert "already allocated to Ada Advocate" in refused.value.errors["advocate"]


def test_reallocation_keeps_the_history(organisation, staff):
    """Both advocates stay in the status history, with the reason for the change."""
    case = make_case(Status.ALLOCATED, organisation, staff)
    case_reallocate(
        case=case, advocate=staff["other"], reason="Ada is on leave", acting_user=staff["manager"]
    )
    case.refresh_from_db()
    assert case.allocated_to == staff["other"]
    rows = list(case.statuses.filter(status=Status.ALLOCATED).order_by("changed_at", "id"))
    assert [r.advocate for r in rows] == [staff["advocate"], staff["other"]]
    assert (rows[1].reason, rows[1].note) == ("reallocated", "Ada is on leave")
    event = AuditEvent.objects.filter(event_type="case.allocated").latest("id")
    assert event.changes["allocated_to"] == ["Ada Advocate", "Olu Other"]


def test_deallocation_needs_a_reason_and_returns_the_case_to_waiting(organisation, staff):
    """The advocate comes off; the row remembers who, and why."""
    case = make_case(Status.ALLOCATED, organisation, staff)
    with pytest.raises(TransitionRefused) as refused:
        case_deallocate(case=case, reason="", acting_user=staff["manager"])
    assert refused.value.errors == {"reason": "Enter why the advocate is coming off the case"}
    row = case_deallocate(case=case, reason="Conflict found", acting_user=staff["manager"])
    case.refresh_from_db()
    assert case.status == Status.WAITING and case.allocated_to is None
    assert (row.reason, row.note, row.advocate) == (
        "deallocated",
        "Conflict found",
        staff["advocate"],
    )


def test_closing_before_allocation_takes_a_pre_allocation_reason(organisation, staff):
    """Only the pre-allocation reasons; a post-allocation reason is refused."""
    case = make_case(Status.WAITING, organisation, staff)
    for reason in ("", ClosureReason.ISSUES_RESOLVED):
        with pytest.raises(TransitionRefused) as refused:
            case_close_before_allocation(case=case, reason=reason, acting_user=staff["manager"])
        assert refused.value.errors == {
            "reason": "Select why the case is closing before an advocate was allocated"
        }
    row = case_close_before_allocation(
        case=case, reason="moved_out_of_area", note="Moved to York", acting_user=staff["manager"]
    )
    assert (row.status, row.reason, row.note) == ("closed", "moved_out_of_area", "Moved to York")


# First contact ---------------------------------------------------------------------------------


def test_first_contact_makes_an_allocated_case_active(organisation, staff):
    """Recording contact with the person moves allocated to active, once."""
    case = make_case(Status.ALLOCATED, organisation, staff)
    activity = contact(case)
    row = case_record_first_contact(case=case, activity=activity, acting_user=staff["manager"])
    assert (row.previous_status, row.status, row.reason) == ("allocated", "active", "first_contact")
    assert row.note.startswith("Visit on ")
    assert case.status == Status.ACTIVE
    again = case_record_first_contact(
        case=case, activity=contact(case), acting_user=staff["manager"]
    )
    assert again is None
    assert case.statuses.filter(status=Status.ACTIVE).count() == 1


def test_activity_that_is_not_contact_changes_nothing(organisation, staff):
    """Report writing is not first contact: the case stays allocated."""
    case = make_case(Status.ALLOCATED, organisation, staff)
    activity = ActivityFactory(case=case, kind="report_writing", with_person=False)
    assert (
        case_record_first_contact(case=case, activity=activity, acting_user=staff["manager"])
        is None
    )
    case.refresh_from_db()
    assert case.status == Status.ALLOCATED


def test_contact_on_a_waiting_case_does_not_skip_allocation(organisation, staff):
    """waiting → active is not in the table: contact on a waiting case changes nothing."""
    case = make_case(Status.WAITING, organisation, staff)
    assert (
        case_record_first_contact(case=case, activity=contact(case), acting_user=staff["manager"])
        is None
    )
    case.refresh_from_db()
    assert case.status == Status.WAITING


def test_active_needs_the_first_contact_activity(organisation, staff):
    """allocated → active without an activity, or with one that is not contact, is refused."""
    case = make_case(Status.ALLOCATED, organisation, staff)
    with pytest.raises(TransitionRefused, match="first contact with the person is recorded"):
        case_transition(case=case, to=Status.ACTIVE, acting_user=staff["manager"])
    letter = ActivityFactory(case=case, kind="letter_email", with_person=False)
    with pytest.raises(TransitionRefused, match="not contact with the person"):
        case_transition(case=case, to=Status.ACTIVE, activity=letter, acting_user=staff["manager"])
    elsewhere = contact(CaseFactory(organisation=organisation))
    with pytest.raises(TransitionRefused, match="recorded on another case"):
        case_record_first_contact(case=case, activity=elsewhere, acting_user=staff["manager"])


# On hold and resume ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "days", "errors"),
    [
        ("", 7, {"reason": "Enter why the case is going on hold"}),
        ("In hospital", None, {"review_date": "Enter the date to review the case"}),
        ("In hospital", 0, {"review_date": "The review date must be in the future"}),
        ("In hospital", -3, {"review_date": "The review date must be in the future"}),
    ],
)
def test_on_hold_needs_a_reason_and_a_future_review_date(organisation, staff, reason, days, errors):
    """Each missing or wrong need is named beside its field."""
    case = make_case(Status.ACTIVE, organisation, staff)
    review = None if days is None else timezone.localdate() + dt.timedelta(days=days)
    with pytest.raises(TransitionRefused) as refused:
        case_hold(case=case, reason=reason, review_date=review, acting_user=staff["manager"])
    assert refused.value.errors == errors


def test_hold_and_resume_record_the_review_date(organisation, staff):
    """The hold row keeps its review date; resuming needs nothing more."""
    case = make_case(Status.ACTIVE, organisation, staff)
    review = timezone.localdate() + dt.timedelta(days=10)
    row = case_hold(
        case=case, reason="Awaiting decision", review_date=review, acting_user=staff["manager"]
    )
    assert (row.reason, row.note, row.review_date) == ("on_hold", "Awaiting decision", review)
    row = case_resume(case=case, acting_user=staff["manager"])
    assert (row.previous_status, row.status, row.reason) == ("on_hold", "active", "resumed")
    event = AuditEvent.objects.filter(event_type="case.status_changed").latest("id")
    assert event.changes == {"status": ["on_hold", "active"]}


# Closing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.ON_HOLD])
def test_closing_needs_a_closure_reason(organisation, staff, status):
    """No reason, or a pre-allocation one, is refused; "other" needs its text."""
    case = make_case(status, organisation, staff)
    for reason in ("", "withdrawn"):
        with pytest.raises(TransitionRefused) as refused:
            case_close(case=case, reason=reason, acting_user=staff["manager"])
        assert refused.value.errors == {"reason": "Select why the case is closing"}
    with pytest.raises(TransitionRefused) as refused:
        case_close(case=case, reason=ClosureReason.OTHER, note="  ", acting_user=staff["manager"])
    assert refused.value.errors == {"note": "Enter why the case is closing"}
    row = case_close(
        case=case, reason=ClosureReason.OTHER, note="Service ended", acting_user=staff["manager"]
    )
    assert (row.reason, row.note) == ("other", "Service ended")


@pytest.mark.parametrize("status", [Status.ACTIVE, Status.ON_HOLD])
def test_closing_is_refused_while_an_issue_has_no_outcome(organisation, staff, status):
    """The message says how many issues still need an outcome."""
    case = make_case(status, organisation, staff)
    IssueFactory(case=case)
    with pytest.raises(TransitionRefused) as refused:
        case_close(case=case, reason=ClosureReason.ISSUES_RESOLVED, acting_user=staff["manager"])
    assert refused.value.errors == {
        None: "1 issue has no outcome. Record an outcome for it before closing the case"
    }
    IssueFactory(case=case)
    IssueFactory(case=case, outcome="achieved")
    with pytest.raises(
        TransitionRefused, match=r"2 issues have no outcome\. Record an outcome for each"
    ):
        case_close(case=case, reason=ClosureReason.ISSUES_RESOLVED, acting_user=staff["manager"])
    case.issues.update(outcome="partly_achieved")
    case_close(case=case, reason=ClosureReason.ISSUES_RESOLVED, acting_user=staff["manager"])
    case.refresh_from_db()
    assert case.status == Status.CLOSED


# Reopening -------------------------------------------------------------------------------------


def _closed_days_ago(case, days):
    """Move the closing back in time, as if it happened ``days`` ago."""
    when = timezone.now() - dt.timedelta(days=days)
    case.statuses.filter(status=Status.CLOSED).update(changed_at=when)
    Case.objects.filter(pk=case.pk).update(status_changed_at=when)


def test_reopening_needs_a_reason(organisation, staff):
    """A reason is required to reopen."""
    case = make_case(Status.CLOSED, organisation, staff)
    with pytest.raises(TransitionRefused) as refused:
        case_reopen(case=case, reason="", acting_user=staff["manager"])
    assert refused.value.errors == {"reason": "Enter why the case is being reopened"}


def test_reopening_within_the_window_keeps_the_advocate(organisation, staff):
    """On the last day of the service's window the case reopens, active, with its advocate."""
    service = ServiceFactory(organisation=organisation, reopen_window_days=30)
    case = make_case(Status.CLOSED, organisation, staff, service=service)
    _closed_days_ago(case, 30)
    row = case_reopen(case=case, reason="New decision due", acting_user=staff["manager"])
    case.refresh_from_db()
    assert (row.previous_status, row.status, row.reason) == ("closed", "active", "reopened")
    assert case.allocated_to == staff["advocate"]


def test_reopening_outside_the_window_says_to_open_a_new_case(organisation, staff):
    """A day past the window is refused, and the message says what to do instead."""
    service = ServiceFactory(organisation=organisation, reopen_window_days=30, name="IMCA Leeds")
    case = make_case(Status.CLOSED, organisation, staff, service=service)
    _closed_days_ago(case, 31)
    with pytest.raises(TransitionRefused) as refused:
        case_reopen(case=case, reason="Asked again", acting_user=staff["manager"])
    message = refused.value.errors[None]
    assert "more than 30 days ago (the IMCA Leeds reopening window)" in message
    assert message.endswith("Open a new case for the person instead")
    case.refresh_from_db()
    assert case.status == Status.CLOSED


def test_a_case_closed_before_allocation_cannot_be_reopened(organisation, staff):
    """It never had an advocate to be active with: open a new case instead."""
    case = make_case(Status.WAITING, organisation, staff)
    case_close_before_allocation(case=case, reason="withdrawn", acting_user=staff["manager"])
    with pytest.raises(TransitionRefused, match="closed before an advocate was allocated"):
        case_reopen(case=case, reason="Changed their mind", acting_user=staff["manager"])


def test_reopening_with_an_advocate_who_has_left_is_refused(organisation, staff):
    """An active case must have an advocate who still works here."""
    case = make_case(Status.CLOSED, organisation, staff)
    staff["advocate"].is_active = False
    staff["advocate"].save()
    with pytest.raises(TransitionRefused, match="no longer works here"):
        case_reopen(case=case, reason="Asked again", acting_user=staff["manager"])


def test_every_change_writes_a_row_and_an_audit_event(organisation, staff):
    """A full life: each step is one immutable row and one audit event, in order."""
    case = make_case(Status.CLOSED, organisation, staff)
    case_reopen(case=case, reason="Asked again", acting_user=staff["manager"])
    steps = list(
        case.statuses.order_by("changed_at", "id").values_list("previous_status", "status")
    )
    assert steps == [
        ("", "waiting"),
        ("waiting", "allocated"),
        ("allocated", "active"),
        ("active", "closed"),
        ("closed", "active"),
    ]
    events = AuditEvent.objects.filter(
        target_id=str(case.pk), event_type__in=["case.allocated", "case.status_changed"]
    )
    assert events.count() == 4
    assert CaseStatus.objects.filter(case=case).count() == 5


def test_named_functions_all_use_the_one_checker(monkeypatch, organisation, staff):
    """Every named entry point goes through ``check_transition``."""
    calls = []
    real = lifecycle.check_transition

    def spy(case, to, **kwargs):
        calls.append(to)
        return real(case, to, **kwargs)

    monkeypatch.setattr(lifecycle, "check_transition", spy)
    make_case(Status.CLOSED, organisation, staff)
    assert calls == [Status.ALLOCATED, Status.ACTIVE, Status.CLOSED]


def test_a_manager_reallocates_an_active_case_which_stays_active(organisation, manager_client):
    """The advocate leaves: the case moves with a reason, keeps its status, and shows on the
    new advocate's "my day"; the history says so."""
    from heard.audit.models import AuditEvent
    from heard.casework.services import lifecycle as lifecycle_services
    from heard.organisations.models import Role
    from tests.factories import ActivityFactory, CaseFactory, MembershipFactory

    leaving = MembershipFactory(organisation=organisation, role=Role.ADVOCATE, caseload_capacity=10)
    taking = MembershipFactory(
        organisation=organisation,
        role=Role.ADVOCATE,
        caseload_capacity=10,
        user__full_name="Tess Taker",
    )
    case = CaseFactory(organisation=organisation)
    lifecycle_services.case_allocate(case=case, advocate=leaving, acting_user=leaving.user)
    visit = ActivityFactory(case=case, with_person=True, kind="visit")
    lifecycle_services.case_record_first_contact(
        case=case, activity=visit, acting_user=leaving.user
    )
    case.refresh_from_db()
    assert case.status == "active"

    page = manager_client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/allocate/"' in page
    response = manager_client.post(f"/cases/{case.pk}/allocate/", {"advocate": taking.pk})
    assert response.status_code == 200
    assert "Enter why the case is being reallocated" in response.content.decode()
    response = manager_client.post(
        f"/cases/{case.pk}/allocate/", {"advocate": taking.pk, "reason": "Leaving the service"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "active" and case.allocated_to == taking
    row = case.statuses.order_by("-changed_at", "-id").first()
    assert (row.status, row.previous_status, row.reason) == ("active", "active", "reallocated")
    assert "Leaving the service" in row.note
    assert AuditEvent.objects.filter(event_type="case.allocated").exists()
    page = manager_client.get(f"/cases/{case.pk}/").content.decode()
    assert "Reallocated to Tess Taker" in page

    from django.test import Client

    client = Client()
    client.force_login(taking.user)
    my_day = client.get("/").content.decode()
    assert case.reference in my_day


def test_an_advocate_cannot_reallocate(organisation, advocate_client):
    from tests.factories import CaseFactory

    case = CaseFactory(organisation=organisation)
    assert advocate_client.post(f"/cases/{case.pk}/allocate/", {}).status_code == 403
