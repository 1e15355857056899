"""Who may do what with advocates' development records.

Row-level rules (whose record, whose supervisor, whose note) live in
``heard.development.access``; these are the organisation-wide gates.
"""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin_or_manager, sees_personal_data

# Every member who does casework has their own development record.
rules.add_perm(Perm.DEVELOPMENT_VIEW_OWN, sees_personal_data)
# The team view, training matrix and settings: managers and admins.
rules.add_perm(Perm.DEVELOPMENT_VIEW_TEAM, is_admin_or_manager)
rules.add_perm(Perm.DEVELOPMENT_MANAGE, is_admin_or_manager)
