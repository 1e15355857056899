"""Who may do what with safeguarding concerns. Which cases a user may open is heard.casework.access."""

import rules

from heard.organisations.rules import is_admin_or_manager, sees_personal_data

rules.add_perm("safeguarding.view_concerns", sees_personal_data)
rules.add_perm("safeguarding.raise_concern", sees_personal_data)
# Acknowledgement, chase date and outcome: whoever is following the concern up.
rules.add_perm("safeguarding.update_concern", sees_personal_data)
# Sign-off is a manager's check that the concern was handled properly.
rules.add_perm("safeguarding.sign_off", is_admin_or_manager)
rules.add_perm("safeguarding.export_concerns", is_admin_or_manager)
