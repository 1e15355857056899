import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin_or_manager, membership_of, sees_personal_data

# The waiting list names people, so only roles that see personal data; never commissioners.
rules.add_perm(Perm.CASEWORK_VIEW_WAITING_LIST, sees_personal_data)
rules.add_perm(Perm.CASEWORK_CHANGE_PRIORITY, is_admin_or_manager)
# "My day" is the member's own tasks and cases; the manager view is figures across all staff.
rules.add_perm(Perm.CASEWORK_VIEW_MY_DAY, sees_personal_data)
rules.add_perm(Perm.CASEWORK_VIEW_MANAGER_DASHBOARD, is_admin_or_manager)


# Cases (lifecycle and allocation). Who may open a restricted case is heard.casework.access.
@rules.predicate
def is_case_advocate(user, case=None) -> bool:
    """The user is the advocate allocated to ``case`` (false for anything but a case)."""
    allocated_to_id = getattr(case, "allocated_to_id", None)
    if allocated_to_id is None:
        return False
    membership = membership_of(user, case)
    return membership is not None and membership.pk == allocated_to_id


rules.add_perm(Perm.CASEWORK_VIEW_CASES, sees_personal_data)
rules.add_perm(Perm.CASEWORK_ALLOCATE, is_admin_or_manager)
rules.add_perm(Perm.CASEWORK_WORK_ON_CASE, is_admin_or_manager | is_case_advocate)
rules.add_perm(Perm.CASEWORK_RESTRICT_CASE, is_admin_or_manager)
rules.add_perm(Perm.CASEWORK_MANAGE_CASELOAD_WEIGHTS, is_admin_or_manager)
rules.add_perm(Perm.CASEWORK_DECLARE_CONFLICT, sees_personal_data)
rules.add_perm(Perm.CASEWORK_VIEW_ALL_CONFLICTS, is_admin_or_manager)
# Records inside a case (issues, activities, tasks, documents): casework staff; which cases
# they may open is then the case access function's answer (restricted cases).
rules.add_perm(Perm.CASEWORK_RECORD_CASEWORK, sees_personal_data)
rules.add_perm(Perm.CASEWORK_VIEW_TIME_REPORT, is_admin_or_manager)
