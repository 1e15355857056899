"""Who may issue and revoke API tokens. A token never does more than its user may."""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin, is_admin_or_manager

# Connecting another system is an organisation's decision, so admins and managers issue tokens.
rules.add_perm(Perm.API_ISSUE_TOKEN, is_admin_or_manager)
# Admins see every token of the organisation and may revoke any of them.
rules.add_perm(Perm.API_MANAGE_ALL_TOKENS, is_admin)
