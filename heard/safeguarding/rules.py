"""Who may do what with safeguarding concerns. Which cases a user may open is heard.casework.access."""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin_or_manager, sees_personal_data

rules.add_perm(Perm.SAFEGUARDING_VIEW_CONCERNS, sees_personal_data)
rules.add_perm(Perm.SAFEGUARDING_RAISE_CONCERN, sees_personal_data)
# Acknowledgement, chase date and outcome: whoever is following the concern up.
rules.add_perm(Perm.SAFEGUARDING_UPDATE_CONCERN, sees_personal_data)
# Sign-off is a manager's check that the concern was handled properly.
rules.add_perm(Perm.SAFEGUARDING_SIGN_OFF, is_admin_or_manager)
rules.add_perm(Perm.SAFEGUARDING_EXPORT_CONCERNS, is_admin_or_manager)
