"""Register pages: what each shows, tagging a case, proposing, accepting, actions, sharing."""

import datetime as dt

import pytest
from django.utils import timezone

from heard.audit.models import AuditEvent
from heard.casework.models import Case
from heard.organisations.models import Membership, Role
from heard.system_change.models import EvidenceLink, SystemIssue, SystemIssueStatus
from tests.factories import (
    CaseFactory,
    EvidenceLinkFactory,
    IssueFactory,
    MembershipFactory,
    PersonFactory,
    SystemIssueActionFactory,
    SystemIssueFactory,
)


@pytest.fixture
def system_issue(organisation):
    return SystemIssueFactory(organisation=organisation, title="Care homes refusing access")


def test_register_lists_issues_with_counts_and_growth(advocate_client, organisation, system_issue):
    """Each row shows cases, people affected and a "Growing" tag when it is growing."""
    for _ in range(2):
        EvidenceLinkFactory(
            system_issue=system_issue,
            case=CaseFactory(organisation=organisation, received_on=timezone.localdate()),
        )
    SystemIssueFactory(organisation=organisation, title="Quiet one")
    response = advocate_client.get("/system-issues/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Care homes refusing access" in body and "Quiet one" in body
    assert "Growing" in body
    assert "2 system issues, 1 growing" in body
    growing = advocate_client.get("/system-issues/?growing=on").content.decode()
    assert "Care homes refusing access" in growing and "Quiet one" not in growing


def test_register_hides_closed_issues_unless_asked(advocate_client, organisation):
    """The default list is open and proposed issues; the status filter shows closed ones."""
    SystemIssueFactory(organisation=organisation, title="Finished business", status="closed")
    assert "Finished business" not in advocate_client.get("/system-issues/").content.decode()
    closed = advocate_client.get("/system-issues/?status=closed").content.decode()
    assert "Finished business" in closed


def test_detail_shows_evidence_actions_and_people_by_month(
    advocate_client, organisation, system_issue
):
    """The detail page names the evidence, the action plan and the chart with its table."""
    person = PersonFactory(organisation=organisation, first_name="Mary", last_name="Okafor")
    case = CaseFactory(organisation=organisation, person=person)
    issue = IssueFactory(case=case, in_their_words="They would not let my advocate in")
    EvidenceLinkFactory(system_issue=system_issue, case=case, issue=issue)
    SystemIssueActionFactory(system_issue=system_issue, description="Write to the home")
    body = advocate_client.get(f"/system-issues/{system_issue.pk}/").content.decode()
    assert case.reference in body
    assert "Mary Okafor" in body
    assert "They would not let my advocate in" in body
    assert "Write to the home" in body
    assert 'role="img"' in body and "People newly affected each month" in body
    assert (
        '<span class="govuk-!-font-size-36 govuk-!-font-weight-bold" id="evidence-count">1</span>'
        in body
    )


def test_a_restricted_case_shows_only_as_a_placeholder(advocate_client, organisation, system_issue):
    """A restricted case the viewer may not open is "Restricted case" and its reference only."""
    person = PersonFactory(organisation=organisation, first_name="Hidden", last_name="Relative")
    case = CaseFactory(organisation=organisation, person=person, is_restricted=True)
    issue = IssueFactory(case=case, in_their_words="Secret words")
    EvidenceLinkFactory(system_issue=system_issue, case=case, issue=issue)
    body = advocate_client.get(f"/system-issues/{system_issue.pk}/").content.decode()
    assert "Restricted case" in body
    assert case.reference in body
    assert "Relative" not in body
    assert "Secret words" not in body


def test_a_restricted_case_opens_for_its_advocate(client, organisation, system_issue):
    """The case's allocated advocate sees it in full."""
    membership = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    person = PersonFactory(organisation=organisation, first_name="Open", last_name="Tome")
    case = CaseFactory(
        organisation=organisation, person=person, is_restricted=True, allocated_to=membership
    )
    EvidenceLinkFactory(system_issue=system_issue, case=case)
    client.force_login(membership.user)
    body = client.get(f"/system-issues/{system_issue.pk}/").content.decode()
    assert "Open Tome" in body


def test_another_organisations_issue_is_not_found(advocate_client, other_organisation):
    """Every system issue page answers 404 for another organisation's system issue."""
    foreign = SystemIssueFactory(organisation=other_organisation)
    for path in ["", "edit/", "share/", "actions/new/", "evidence.csv", "actions.csv"]:
        assert advocate_client.get(f"/system-issues/{foreign.pk}/{path}").status_code in {403, 404}
    assert advocate_client.get(f"/system-issues/{foreign.pk}/").status_code == 404


def test_an_advocate_tags_a_case_to_an_existing_issue(advocate_client, organisation, system_issue):
    """Choosing an open issue adds the case as evidence and returns to the issue."""
    case = CaseFactory(organisation=organisation)
    response = advocate_client.post(
        f"/system-issues/tag/{case.pk}/", {"system_issue": str(system_issue.pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/system-issues/{system_issue.pk}/"
    assert EvidenceLink.objects.filter(system_issue=system_issue, case=case).exists()
    page = advocate_client.get(response["Location"]).content.decode()
    assert f"Case {case.reference} added as evidence" in page


def test_tagging_the_same_case_twice_shows_the_message_beside_the_choice(
    advocate_client, organisation, system_issue
):
    """A duplicate is refused with the reason in the error summary and beside the radios."""
    case = CaseFactory(organisation=organisation)
    EvidenceLinkFactory(system_issue=system_issue, case=case)
    response = advocate_client.post(
        f"/system-issues/tag/{case.pk}/", {"system_issue": str(system_issue.pk)}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Case {case.reference} is already evidence for" in body
    assert 'href="#id_system_issue"' in body
    assert "<title>Error: " in body


def test_an_advocate_proposes_a_new_issue_from_a_case(advocate_client, organisation):
    """Proposing needs a title, theme and description; it then waits for a manager."""
    case = CaseFactory(organisation=organisation)
    issue = IssueFactory(case=case, in_their_words="Nobody explained my rights")
    missing = advocate_client.post(f"/system-issues/tag/{case.pk}/", {"system_issue": "new"})
    assert "Enter a title for the new system issue" in missing.content.decode()
    response = advocate_client.post(
        f"/system-issues/tag/{case.pk}/",
        {
            "system_issue": "new",
            "title": "Rights not explained on the ward",
            "theme": "rights_not_explained",
            "description": "People detained are not told about IMHAs.",
            "issue": str(issue.pk),
        },
    )
    assert response.status_code == 302
    proposed = SystemIssue.objects.get(title="Rights not explained on the ward")
    assert proposed.status == SystemIssueStatus.PROPOSED
    assert EvidenceLink.objects.get(system_issue=proposed).issue == issue


def test_a_manager_proposing_from_a_case_records_an_open_issue(manager_client, organisation):
    """A manager's new system issue needs no review."""
    case = CaseFactory(organisation=organisation)
    manager_client.post(
        f"/system-issues/tag/{case.pk}/",
        {"system_issue": "new", "title": "Delays", "theme": "delays", "description": "Waiting."},
    )
    assert SystemIssue.objects.get(title="Delays").status == SystemIssueStatus.OPEN


def test_tagging_a_restricted_case_is_refused_and_audited(
    advocate_client, organisation, system_issue
):
    """Only those who may open a restricted case may tag it; the attempt is audited."""
    case = CaseFactory(organisation=organisation, is_restricted=True)
    response = advocate_client.post(
        f"/system-issues/tag/{case.pk}/", {"system_issue": str(system_issue.pk)}
    )
    assert response.status_code == 403
    assert not EvidenceLink.objects.exists()
    assert AuditEvent.objects.filter(
        event_type="case.restricted_access_refused", target_id=str(case.pk)
    ).exists()


def test_tag_page_lists_the_cases_issues_and_existing_links(
    advocate_client, organisation, system_issue
):
    """The tag page offers the person's issues and says where the case is already evidence."""
    case = CaseFactory(organisation=organisation)
    IssueFactory(case=case, in_their_words="I want to go home")
    EvidenceLinkFactory(system_issue=system_issue, case=case)
    body = advocate_client.get(f"/system-issues/tag/{case.pk}/").content.decode()
    assert "I want to go home" in body
    assert "This case is already evidence for" in body


def test_an_advocate_proposes_and_a_manager_accepts(client, organisation):
    """Created by an advocate: proposed. Marked open by a manager: accepted, with a message."""
    advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE).user
    client.force_login(advocate)
    data = {
        "title": "No Easy Read letters",
        "theme": "information_and_communication",
        "description": "Review letters are never in Easy Read.",
    }
    response = client.post("/system-issues/new/", data)
    proposed = SystemIssue.objects.get()
    assert response["Location"] == f"/system-issues/{proposed.pk}/"
    assert proposed.status == SystemIssueStatus.PROPOSED
    manager = MembershipFactory(organisation=organisation, role=Role.MANAGER).user
    client.force_login(manager)
    response = client.post(f"/system-issues/{proposed.pk}/edit/", {**data, "status": "open"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == SystemIssueStatus.OPEN
    assert "accepted onto the register" in client.get(response["Location"]).content.decode()


def test_create_form_errors_keep_what_was_typed(manager_client):
    """A missing theme is reported beside the field and the title typed is kept."""
    response = manager_client.post("/system-issues/new/", {"title": "Kept title"})
    body = response.content.decode()
    assert "Select a theme" in body and "Enter what is happening" in body
    assert 'value="Kept title"' in body


def test_a_manager_adds_and_changes_an_action(manager_client, organisation, system_issue):
    """The action plan: owner, due date, status and what changed."""
    owner = Membership.objects.get(user=manager_client.user)
    response = manager_client.post(
        f"/system-issues/{system_issue.pk}/actions/new/",
        {
            "description": "Meet the commissioner",
            "owner": str(owner.pk),
            "due_on-day": "31",
            "due_on-month": "3",
            "due_on-year": "2026",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    action = system_issue.actions.get()
    assert (action.owner, action.due_on, action.status) == (
        owner,
        dt.date(2026, 3, 31),
        "in_progress",
    )
    manager_client.post(
        f"/system-issues/{system_issue.pk}/actions/{action.pk}/",
        {"description": "Meet the commissioner", "status": "done", "what_changed": "New policy"},
    )
    action.refresh_from_db()
    assert (action.status, action.what_changed, action.owner) == ("done", "New policy", None)


def test_an_action_with_a_bad_date_is_refused_beside_the_field(manager_client, system_issue):
    """A date that does not exist is a message beside the date, not a 500."""
    response = manager_client.post(
        f"/system-issues/{system_issue.pk}/actions/new/",
        {
            "description": "Do it",
            "due_on-day": "31",
            "due_on-month": "2",
            "due_on-year": "2026",
            "status": "not_started",
        },
    )
    assert response.status_code == 200
    assert "Due date must be a real date" in response.content.decode()


def test_an_action_of_another_issue_is_not_found(manager_client, organisation, system_issue):
    """An action is only reachable under its own system issue."""
    other = SystemIssueActionFactory(system_issue=SystemIssueFactory(organisation=organisation))
    response = manager_client.get(f"/system-issues/{system_issue.pk}/actions/{other.pk}/")
    assert response.status_code == 404


def test_the_share_page_previews_and_shares(manager_client, organisation, system_issue):
    """The manager sees exactly what would be shared, then shares it."""
    for _ in range(3):
        EvidenceLinkFactory(system_issue=system_issue)
    preview = manager_client.get(f"/system-issues/{system_issue.pk}/share/").content.decode()
    assert "What the network would see" in preview
    assert "fewer than 5" in preview
    response = manager_client.post(f"/system-issues/{system_issue.pk}/share/", {"share": "yes"})
    assert response.status_code == 302
    system_issue.refresh_from_db()
    assert system_issue.share_with_network
    assert system_issue.shared_summary["counts"]["cases"] == "fewer than 5"


def test_sharing_a_title_with_a_name_shows_why_not(manager_client, organisation):
    """The refusal is shown on the page, and the issue stays unshared."""
    person = PersonFactory(organisation=organisation, last_name="Oyelaran")
    system_issue = SystemIssueFactory(organisation=organisation, title="Oyelaran case")
    EvidenceLinkFactory(
        system_issue=system_issue, case=CaseFactory(organisation=organisation, person=person)
    )
    response = manager_client.post(f"/system-issues/{system_issue.pk}/share/", {"share": "yes"})
    assert response.status_code == 200
    assert "Remove “Oyelaran” from the title" in response.content.decode()
    system_issue.refresh_from_db()
    assert not system_issue.share_with_network


def test_removing_evidence_asks_first_then_removes(manager_client, organisation, system_issue):
    """Removal is a confirmation page, then a POST."""
    link = EvidenceLinkFactory(system_issue=system_issue)
    url = f"/system-issues/{system_issue.pk}/evidence/{link.pk}/remove/"
    assert "Remove case" in manager_client.get(url).content.decode()
    assert EvidenceLink.objects.filter(pk=link.pk).exists()
    assert manager_client.post(url).status_code == 302
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()


def test_the_case_tag_link_partial_links_to_the_tag_page(rf, organisation, make_member):
    """The case page's include shows "This is a system issue" to staff who may tag."""
    from django.template.loader import render_to_string

    case = CaseFactory(organisation=organisation)
    advocate = make_member(organisation, Role.ADVOCATE)
    commissioner = make_member(organisation, Role.COMMISSIONER)
    html = render_to_string(
        "system_change/_case_tag_link.html",
        {"case": case, "user": advocate, "current_organisation": organisation},
    )
    assert f'href="/system-issues/tag/{case.pk}/"' in html
    assert "This is a system issue" in html
    hidden = render_to_string(
        "system_change/_case_tag_link.html",
        {"case": case, "user": commissioner, "current_organisation": organisation},
    )
    assert "This is a system issue" not in hidden


def test_navigation_links_to_the_register(advocate_client):
    """Casework staff find "System issues" in the menu."""
    body = advocate_client.get("/system-issues/").content.decode()
    assert 'href="/system-issues/" aria-current="page">System issues</a>' in body


def test_cases_stay_in_place(organisation):
    """Deleting a system issue removes its links, not the cases they point to."""
    link = EvidenceLinkFactory(system_issue=SystemIssueFactory(organisation=organisation))
    link.system_issue.delete()
    assert Case.objects.filter(pk=link.case_id).exists()
