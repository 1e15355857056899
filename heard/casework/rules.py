import rules

from heard.organisations.rules import is_admin_or_manager, membership_of, sees_personal_data

# The waiting list names people, so only roles that see personal data; never commissioners.
rules.add_perm("casework.view_waiting_list", sees_personal_data)
rules.add_perm("casework.change_priority", is_admin_or_manager)
# "My day" is the member's own tasks and cases; the manager view is figures across all staff.
rules.add_perm("casework.view_my_day", sees_personal_data)
rules.add_perm("casework.view_manager_dashboard", is_admin_or_manager)


# Cases (lifecycle and allocation). Who may open a restricted case is heard.casework.access.
@rules.predicate
def is_case_advocate(user, case=None) -> bool:
    """The user is the advocate allocated to ``case`` (false for anything but a case)."""
    allocated_to_id = getattr(case, "allocated_to_id", None)
    if allocated_to_id is None:
        return False
    membership = membership_of(user, case)
    return membership is not None and membership.pk == allocated_to_id


rules.add_perm("casework.view_cases", sees_personal_data)
rules.add_perm("casework.allocate", is_admin_or_manager)
rules.add_perm("casework.work_on_case", is_admin_or_manager | is_case_advocate)
rules.add_perm("casework.restrict_case", is_admin_or_manager)
rules.add_perm("casework.manage_caseload_weights", is_admin_or_manager)
rules.add_perm("casework.declare_conflict", sees_personal_data)
rules.add_perm("casework.view_all_conflicts", is_admin_or_manager)
# Records inside a case (issues, activities, tasks, documents): casework staff; which cases
# they may open is then the case access function's answer (restricted cases).
rules.add_perm("casework.record_casework", sees_personal_data)
rules.add_perm("casework.view_time_report", is_admin_or_manager)
