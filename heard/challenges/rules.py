"""Who may do what with challenges. Which cases a user may open is heard.casework.access."""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin, is_admin_or_manager, sees_personal_data

# Challenges sit inside cases, so casework staff only; never commissioners or the network.
rules.add_perm(Perm.CHALLENGES_VIEW_CHALLENGES, sees_personal_data)
rules.add_perm(Perm.CHALLENGES_RAISE_CHALLENGE, sees_personal_data)
# Recording a response and escalating: any casework member who may open the case.
rules.add_perm(Perm.CHALLENGES_UPDATE_CHALLENGE, sees_personal_data)
# An export takes personal data out of Heard: managers and admins only.
rules.add_perm(Perm.CHALLENGES_EXPORT_CHALLENGES, is_admin_or_manager)
# Default response times are organisation settings, like the rest of the settings page.
rules.add_perm(Perm.CHALLENGES_SET_RESPONSE_TIMES, is_admin)
