"""Who may import an organisation's history: admins and managers."""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin_or_manager

rules.add_perm(Perm.IMPORTS_IMPORT, is_admin_or_manager)
