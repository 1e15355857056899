import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin

rules.add_perm(Perm.AUDIT_VIEW_ACCESS_LOG, is_admin)
rules.add_perm(Perm.AUDIT_VIEW_HISTORY, is_admin)
