"""Who may do what with the system issues register.

The register names cases and the people in them, so every page is for staff
who see personal data; commissioners and network coordinators get nothing here
(the network receives only the anonymised summary a manager chooses to share).
"""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin_or_manager, sees_personal_data

rules.add_perm(Perm.SYSTEM_CHANGE_VIEW_SYSTEM_ISSUES, sees_personal_data)
# Advocates propose system issues and tag their cases; managers accept, run and share them.
rules.add_perm(Perm.SYSTEM_CHANGE_PROPOSE_SYSTEM_ISSUE, sees_personal_data)
rules.add_perm(Perm.SYSTEM_CHANGE_TAG_CASE, sees_personal_data)
rules.add_perm(Perm.SYSTEM_CHANGE_MANAGE_SYSTEM_ISSUES, is_admin_or_manager)
rules.add_perm(Perm.SYSTEM_CHANGE_SHARE_SYSTEM_ISSUE, is_admin_or_manager)
rules.add_perm(Perm.SYSTEM_CHANGE_VIEW_DASHBOARD, is_admin_or_manager)
# A CSV of a system issue's evidence lists people and their cases: managers and admins only.
rules.add_perm(Perm.SYSTEM_CHANGE_EXPORT_EVIDENCE, is_admin_or_manager)
