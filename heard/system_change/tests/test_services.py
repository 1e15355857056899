"""Writing the register: evidence links and their counts, tagging, actions, sharing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.organisations.models import Role
from heard.system_change import services
from heard.system_change.models import EvidenceLink, SystemIssue, SystemIssueStatus
from heard.system_change.selectors import counts_for
from tests.factories import (
    CaseFactory,
    IssueFactory,
    MembershipFactory,
    PersonFactory,
    SystemIssueActionFactory,
    SystemIssueFactory,
    UserFactory,
)


@pytest.fixture
def staff(organisation):
    return MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user


@pytest.fixture
def system_issue(organisation):
    return SystemIssueFactory(organisation=organisation, title="Care homes refusing access")


def link(system_issue, case, user, **kwargs):
    return services.evidence_link_add(
        system_issue=system_issue, case=case, acting_user=user, **kwargs
    )[0]


def test_evidence_count_is_distinct_cases_and_updates_as_links_are_added(
    organisation, system_issue, staff
):
    """Each new case adds one to the evidence; a second issue on the same case does not."""
    today = timezone.localdate()
    first, second = CaseFactory(organisation=organisation), CaseFactory(organisation=organisation)
    assert counts_for(system_issue, today=today).cases == 0
    link(system_issue, first, staff)
    assert counts_for(system_issue, today=today).cases == 1
    link(system_issue, second, staff)
    assert counts_for(system_issue, today=today).cases == 2
    link(system_issue, first, staff, issue=IssueFactory(case=first))
    counts = counts_for(system_issue, today=today)
    assert counts.cases == 2
    assert EvidenceLink.objects.filter(system_issue=system_issue).count() == 3


def test_people_affected_counts_a_person_with_two_cases_once(organisation, system_issue, staff):
    """Two cases of one person are two pieces of evidence but one person affected."""
    person = PersonFactory(organisation=organisation)
    link(system_issue, CaseFactory(organisation=organisation, person=person), staff)
    link(system_issue, CaseFactory(organisation=organisation, person=person), staff)
    link(system_issue, CaseFactory(organisation=organisation), staff)
    counts = counts_for(system_issue, today=timezone.localdate())
    assert (counts.cases, counts.people) == (3, 2)


def test_duplicate_link_is_refused_with_a_clear_message(organisation, system_issue, staff):
    """Linking the same case twice names the case and the system issue beside the field."""
    case = CaseFactory(organisation=organisation)
    link(system_issue, case, staff)
    with pytest.raises(ValidationError) as refused:
        link(system_issue, case, staff)
    assert refused.value.message_dict == {
        "system_issue": [
            f"Case {case.reference} is already evidence for “Care homes refusing access”"
        ]
    }
    assert EvidenceLink.objects.filter(system_issue=system_issue).count() == 1


def test_duplicate_issue_link_is_refused(organisation, system_issue, staff):
    """The same issue on the same case cannot be linked twice; another issue can."""
    case = CaseFactory(organisation=organisation)
    issue = IssueFactory(case=case)
    link(system_issue, case, staff, issue=issue)
    with pytest.raises(ValidationError) as refused:
        link(system_issue, case, staff, issue=issue)
    assert "This issue on case" in refused.value.message_dict["system_issue"][0]
    link(system_issue, case, staff, issue=IssueFactory(case=case))
    assert EvidenceLink.objects.filter(system_issue=system_issue).count() == 2


def test_the_database_refuses_a_duplicate_whole_case_link(organisation, system_issue, staff):
    """Even past the service, the conditional unique constraint stops a second whole-case link."""
    from django.db import IntegrityError, transaction

    case = CaseFactory(organisation=organisation)
    link(system_issue, case, staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceLink.objects.create(
            organisation=organisation,
            system_issue=system_issue,
            case=case,
            linked_by=staff,
            linked_at=timezone.now(),
        )


def test_a_closed_system_issue_takes_no_new_evidence(organisation, staff):
    """Closed means finished: reopen it before adding evidence."""
    closed = SystemIssueFactory(organisation=organisation, status=SystemIssueStatus.CLOSED)
    with pytest.raises(ValidationError) as refused:
        link(closed, CaseFactory(organisation=organisation), staff)
    assert "is closed" in refused.value.message_dict["system_issue"][0]


def test_another_organisations_case_is_refused(organisation, other_organisation, staff):
    """A case can only evidence its own organisation's system issues."""
    system_issue = SystemIssueFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        link(system_issue, CaseFactory(organisation=other_organisation), staff)


def test_an_issue_from_another_case_is_refused(organisation, system_issue, staff):
    """The issue named must be one of the tagged case's issues."""
    case = CaseFactory(organisation=organisation)
    with pytest.raises(ValidationError) as refused:
        link(system_issue, case, staff, issue=IssueFactory(organisation=organisation))
    assert "issue" in refused.value.message_dict


def test_adding_evidence_is_audited_with_the_case(organisation, system_issue, staff):
    """The audit log says who linked which case to which system issue."""
    case = CaseFactory(organisation=organisation)
    link(system_issue, case, staff)
    event = AuditEvent.objects.get(event_type="system_issue.evidence_added")
    assert event.actor == staff
    assert event.target_id == str(system_issue.pk)
    assert event.details["case"] == case.reference


def test_tagging_with_a_proposal_creates_a_proposed_issue_and_links_the_case(organisation, staff):
    """An advocate's new system issue starts as proposed, with the case already its evidence."""
    case = CaseFactory(organisation=organisation)
    new_link, stopped = services.case_tag(
        case=case,
        acting_user=staff,
        proposal={
            "title": "No Easy Read letters",
            "theme": "information_and_communication",
            "description": "Letters about reviews are never in Easy Read.",
        },
    )
    assert stopped is None
    proposed = new_link.system_issue
    assert proposed.status == SystemIssueStatus.PROPOSED
    assert proposed.proposed_by == staff
    assert counts_for(proposed, today=timezone.localdate()).cases == 1


def test_a_refused_tag_leaves_no_proposal_behind(organisation, staff):
    """Proposal and link are one transaction: an invalid issue choice creates nothing."""
    case = CaseFactory(organisation=organisation)
    with pytest.raises(ValidationError):
        services.case_tag(
            case=case,
            acting_user=staff,
            proposal={"title": "Delays", "theme": "delays", "description": "Waiting."},
            issue=IssueFactory(organisation=organisation),
        )
    assert not SystemIssue.objects.exists()


def test_removing_evidence_lowers_the_count_and_is_audited(organisation, system_issue, staff):
    """A mistaken tag can be taken off; the audit keeps the case reference."""
    case = CaseFactory(organisation=organisation)
    evidence = link(system_issue, case, staff)
    services.evidence_link_remove(link=evidence, acting_user=staff)
    assert counts_for(system_issue, today=timezone.localdate()).cases == 0
    event = AuditEvent.objects.get(event_type="system_issue.evidence_removed")
    assert event.details["case"] == case.reference


def test_actions_are_created_and_updated_with_audit(organisation, system_issue, staff):
    """An action records its owner and progress; each change is audited with what changed."""
    owner = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    action = services.action_create(
        system_issue=system_issue,
        acting_user=staff,
        data={
            "description": "Meet the commissioner",
            "owner": owner,
            "status": "not_started",
            "due_on": dt.date(2026, 3, 31),
        },
    )
    services.action_update(
        action=action,
        acting_user=staff,
        data={"status": "done", "what_changed": "Access policy rewritten"},
    )
    action.refresh_from_db()
    assert (action.status, action.owner, action.what_changed) == (
        "done",
        owner,
        "Access policy rewritten",
    )
    event = AuditEvent.objects.get(event_type="system_issue.action_updated")
    assert event.changes["status"] == ["not_started", "done"]


def test_an_action_owner_must_be_current_staff_of_the_organisation(
    organisation, other_organisation, system_issue, staff
):
    """Another organisation's member cannot own an action."""
    outsider = MembershipFactory(organisation=other_organisation, role=Role.MANAGER)
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            system_issue=system_issue,
            acting_user=staff,
            data={"description": "Write to them", "owner": outsider, "status": "not_started"},
        )
    assert "owner" in refused.value.message_dict


def test_a_proposal_cannot_be_shared(organisation, staff):
    """Only an accepted (open or closed) system issue goes to the network."""
    proposed = SystemIssueFactory(organisation=organisation, status=SystemIssueStatus.PROPOSED)
    with pytest.raises(ValidationError) as refused:
        services.system_issue_set_sharing(system_issue=proposed, share=True, acting_user=staff)
    assert "share" in refused.value.message_dict


def test_sharing_stores_the_summary_and_stopping_clears_it(organisation, system_issue, staff):
    """Sharing builds and stores the summary; stopping leaves nothing for the hub to read."""
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    system_issue.refresh_from_db()
    assert system_issue.share_with_network
    assert system_issue.shared_summary["title"] == "Care homes refusing access"
    assert system_issue.shared_at is not None
    services.system_issue_set_sharing(system_issue=system_issue, share=False, acting_user=staff)
    system_issue.refresh_from_db()
    assert (system_issue.share_with_network, system_issue.shared_summary) == (False, {})
    assert system_issue.shared_at is None
    assert list(
        AuditEvent.objects.filter(target_id=str(system_issue.pk))
        .order_by("id")
        .values_list("event_type", flat=True)
    ) == ["system_issue.shared", "system_issue.unshared"]


def test_a_shared_summary_follows_new_evidence(organisation, system_issue, staff):
    """Counts in a shared summary are rebuilt as cases are linked."""
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    for _ in range(5):
        link(system_issue, CaseFactory(organisation=organisation), staff)
    system_issue.refresh_from_db()
    assert system_issue.shared_summary["counts"]["cases"] == 5


def test_a_title_naming_a_linked_person_cannot_be_shared(organisation, staff):
    """Sharing is refused while the title contains the name of someone whose case is evidence."""
    person = PersonFactory(organisation=organisation, first_name="Winifred", last_name="Oyelaran")
    system_issue = SystemIssueFactory(organisation=organisation, title="Oyelaran's care home")
    link(system_issue, CaseFactory(organisation=organisation, person=person), staff)
    with pytest.raises(ValidationError) as refused:
        services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    assert "Remove “Oyelaran” from the title" in refused.value.message_dict["share"][0]
    system_issue.refresh_from_db()
    assert not system_issue.share_with_network


def test_renaming_a_shared_issue_to_include_a_name_is_refused_beside_the_title(
    organisation, system_issue, staff
):
    """A shared issue's title stays anonymous: the change is refused and nothing is saved."""
    person = PersonFactory(organisation=organisation, first_name="Winifred", last_name="Oyelaran")
    link(system_issue, CaseFactory(organisation=organisation, person=person), staff)
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    with pytest.raises(ValidationError) as refused:
        services.system_issue_update(
            system_issue=system_issue,
            acting_user=staff,
            data={"title": "Winifred's care home refuses access"},
        )
    assert "title" in refused.value.message_dict
    assert SystemIssue.objects.get(pk=system_issue.pk).title == "Care homes refusing access"


def test_an_action_naming_a_reference_on_a_shared_issue_is_refused(
    organisation, system_issue, staff
):
    """Action descriptions go to the network too, so a case reference in one is refused."""
    case = CaseFactory(organisation=organisation)
    link(system_issue, case, staff)
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    with pytest.raises(ValidationError) as refused:
        services.action_create(
            system_issue=system_issue,
            acting_user=staff,
            data={"description": f"Raise {case.reference} with the council", "status": "done"},
        )
    assert "description" in refused.value.message_dict
    assert not system_issue.actions.exists()


def test_linking_a_person_named_in_a_shared_title_stops_sharing(organisation, staff):
    """If new evidence makes the shared text identifying, sharing stops and says why."""
    system_issue = SystemIssueFactory(organisation=organisation, title="Visits to Hartley House")
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    hartley = PersonFactory(organisation=organisation, first_name="Ada", last_name="Hartley")
    _, stopped = services.evidence_link_add(
        system_issue=system_issue,
        case=CaseFactory(organisation=organisation, person=hartley),
        acting_user=staff,
    )
    assert stopped and "no longer shared" in stopped and "“Hartley”" in stopped
    system_issue.refresh_from_db()
    assert (system_issue.share_with_network, system_issue.shared_summary) == (False, {})
    assert AuditEvent.objects.filter(
        event_type="system_issue.unshared", details__reason="identifying"
    ).exists()


def test_a_shared_issue_cannot_go_back_to_proposed(organisation, system_issue, staff):
    """Sharing an unaccepted proposal is not allowed, so neither is un-accepting a shared one."""
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    with pytest.raises(ValidationError) as refused:
        services.system_issue_update(
            system_issue=system_issue, acting_user=staff, data={"status": "proposed"}
        )
    assert "status" in refused.value.message_dict


def test_summary_actions_are_description_and_status_only(organisation, system_issue, staff):
    """Owners, due dates and what changed never reach the shared summary."""
    owner = MembershipFactory(
        organisation=organisation, role=Role.MANAGER, user=UserFactory(full_name="Olu Owner")
    )
    SystemIssueActionFactory(
        system_issue=system_issue,
        description="Meet the home's manager",
        owner=owner,
        due_on=dt.date(2026, 2, 1),
        what_changed="Visiting policy changed",
    )
    services.system_issue_set_sharing(system_issue=system_issue, share=True, acting_user=staff)
    system_issue.refresh_from_db()
    assert system_issue.shared_summary["actions"] == [
        {
            "description": "Meet the home's manager",
            "status": "not_started",
            "status_label": "Not started",
        }
    ]
    assert "Olu Owner" not in str(system_issue.shared_summary)
    assert "2026" not in str(system_issue.shared_summary)
