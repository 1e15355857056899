"""Who may reach each register page: casework staff view, advocates propose and tag,
managers and admins run and share; commissioners and network coordinators nothing."""

import pytest

from heard.organisations.models import Role
from tests.factories import CaseFactory, EvidenceLinkFactory, SystemIssueActionFactory

VIEW = {Role.ADMIN, Role.MANAGER, Role.ADVOCATE}
MANAGE = {Role.ADMIN, Role.MANAGER}
ALL_ROLES = [Role.ADMIN, Role.MANAGER, Role.ADVOCATE, Role.COMMISSIONER, Role.NETWORK_COORDINATOR]

PAGES = [
    ("/system-issues/", VIEW),
    ("/system-issues/export.csv", VIEW),
    ("/system-issues/new/", VIEW),
    ("/system-issues/{issue}/", VIEW),
    ("/system-issues/{issue}/actions.csv", VIEW),
    ("/system-issues/{issue}/people-by-month.csv", VIEW),
    ("/system-issues/tag/{case}/", VIEW),
    ("/system-issues/{issue}/edit/", MANAGE),
    ("/system-issues/{issue}/share/", MANAGE),
    ("/system-issues/{issue}/actions/new/", MANAGE),
    ("/system-issues/{issue}/actions/{action}/", MANAGE),
    ("/system-issues/{issue}/evidence/{link}/remove/", MANAGE),
    ("/system-issues/{issue}/evidence.csv", MANAGE),
    ("/system-issues/dashboard/", MANAGE),
    ("/system-issues/dashboard/system-issues.csv", MANAGE),
    ("/system-issues/dashboard/challenges.csv", MANAGE),
    ("/system-issues/dashboard/safeguarding.csv", MANAGE),
]


@pytest.fixture
def objects(organisation):
    link = EvidenceLinkFactory(
        system_issue__organisation=organisation, case=CaseFactory(organisation=organisation)
    )
    action = SystemIssueActionFactory(system_issue=link.system_issue)
    return {
        "issue": link.system_issue.pk,
        "case": CaseFactory(organisation=organisation).pk,
        "action": action.pk,
        "link": link.pk,
    }


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize(("path", "allowed"), PAGES, ids=[path for path, _ in PAGES])
def test_each_role_reaches_only_its_pages(client_as, organisation, objects, role, path, allowed):
    """200 for the roles the page is for, 403 for every other role."""
    client = client_as(role, organisation)
    response = client.get(path.format(**objects))
    assert response.status_code == (200 if role in allowed else 403)


def test_signed_out_visitors_are_sent_to_sign_in(client, organisation, objects):
    """Nothing in the register is public."""
    response = client.get(f"/system-issues/{objects['issue']}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("role", [Role.ADVOCATE, Role.COMMISSIONER])
def test_roles_that_may_not_manage_cannot_post_changes(client_as, organisation, objects, role):
    """Refusals hold for POSTs too, not only for showing the form."""
    client = client_as(role, organisation)
    issue = objects["issue"]
    assert client.post(f"/system-issues/{issue}/share/", {"share": "yes"}).status_code == 403
    assert (
        client.post(f"/system-issues/{issue}/evidence/{objects['link']}/remove/").status_code == 403
    )


def test_commissioners_see_no_menu_link(client_as, organisation):
    """The menu only offers the register to roles that may see it."""
    body = client_as(Role.COMMISSIONER, organisation).get("/").content.decode()
    assert "System issues" not in body
