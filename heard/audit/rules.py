import rules

from heard.organisations.rules import is_admin

rules.add_perm("audit.view_access_log", is_admin)
rules.add_perm("audit.view_history", is_admin)
