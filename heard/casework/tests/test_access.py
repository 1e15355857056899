"""The case access function: restricted cases open only for their advocate and named managers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from heard.audit.models import AuditEvent
from heard.casework.access import CaseAccess, case_access, get_case_or_404, with_access
from heard.casework.models import Case
from heard.organisations.models import Role
from tests.factories import CaseFactory, MembershipFactory


@pytest.fixture
def staff(organisation):
    return {
        role: MembershipFactory(organisation=organisation, role=role)
        for role in (Role.ADVOCATE, Role.MANAGER, Role.ADMIN, Role.COMMISSIONER)
    }


@pytest.fixture
def restricted(organisation, staff):
    other_advocate = MembershipFactory(organisation=organisation, role=Role.ADVOCATE)
    case = CaseFactory(organisation=organisation, is_restricted=True, allocated_to=other_advocate)
    named_manager = MembershipFactory(organisation=organisation, role=Role.MANAGER)
    case.restricted_managers.add(named_manager)
    return {"case": case, "advocate": other_advocate, "manager": named_manager}


def test_unrestricted_cases_open_for_casework_staff(organisation, staff):
    """Any casework role may open an ordinary case; commissioners may not see it at all."""
    case = CaseFactory(organisation=organisation)
    assert case_access(staff[Role.ADVOCATE], case) is CaseAccess.FULL
    assert case_access(staff[Role.ADMIN], case) is CaseAccess.FULL
    assert case_access(staff[Role.COMMISSIONER], case) is CaseAccess.NONE
    assert case_access(None, case) is CaseAccess.NONE


def test_restricted_case_opens_only_for_its_advocate_and_named_managers(staff, restricted):
    """Everyone else gets the placeholder, admins included."""
    case = restricted["case"]
    assert case_access(restricted["advocate"], case) is CaseAccess.FULL
    assert case_access(restricted["manager"], case) is CaseAccess.FULL
    assert case_access(staff[Role.MANAGER], case) is CaseAccess.PLACEHOLDER
    assert case_access(staff[Role.ADMIN], case) is CaseAccess.PLACEHOLDER
    assert case_access(staff[Role.ADVOCATE], case) is CaseAccess.PLACEHOLDER


def test_list_annotation_agrees_with_the_function(organisation, staff, restricted):
    """``with_access`` computes the same answer in SQL for every member."""
    CaseFactory(organisation=organisation)
    for membership in [*staff.values(), restricted["advocate"], restricted["manager"]]:
        for case in with_access(Case.objects.filter(organisation=organisation), membership):
            expected = case_access(membership, case) is CaseAccess.FULL
            assert case.can_open is expected, (membership.role, case.is_restricted)


def test_refused_attempt_is_audited(organisation, staff, restricted):
    """Opening a restricted case without access is a 403 and leaves an audit event."""
    request = RequestFactory().get(f"/cases/{restricted['case'].pk}/")
    request.user = staff[Role.ADVOCATE].user
    request.organisation = organisation
    request.membership = staff[Role.ADVOCATE]
    with pytest.raises(PermissionDenied):
        get_case_or_404(request, restricted["case"].pk)
    event = AuditEvent.objects.get(event_type="case.restricted_access_refused")
    assert event.actor == staff[Role.ADVOCATE].user
    assert event.target_id == str(restricted["case"].pk)
