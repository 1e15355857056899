"""Who may do what with the system issues register.

The register names cases and the people in them, so every page is for staff
who see personal data; commissioners and network coordinators get nothing here
(the network receives only the anonymised summary a manager chooses to share).
"""

import rules

from heard.organisations.rules import is_admin_or_manager, sees_personal_data

rules.add_perm("system_change.view_system_issues", sees_personal_data)
# Advocates propose system issues and tag their cases; managers accept, run and share them.
rules.add_perm("system_change.propose_system_issue", sees_personal_data)
rules.add_perm("system_change.tag_case", sees_personal_data)
rules.add_perm("system_change.manage_system_issues", is_admin_or_manager)
rules.add_perm("system_change.share_system_issue", is_admin_or_manager)
rules.add_perm("system_change.view_dashboard", is_admin_or_manager)
# A CSV of a system issue's evidence lists people and their cases: managers and admins only.
rules.add_perm("system_change.export_evidence", is_admin_or_manager)
