"""Who may do what with voice and co-production records.

Anyone who works with people's records may see feedback results and the registers and offer a
feedback link when a case closes; managers and admins record, publish and assess.
"""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin_or_manager, sees_personal_data

rules.add_perm(Perm.VOICE_VIEW, sees_personal_data)
rules.add_perm(Perm.VOICE_OFFER_FEEDBACK, sees_personal_data)
rules.add_perm(Perm.VOICE_MANAGE, is_admin_or_manager)
