"""Who may see reports. Which services a commissioner sees is ``heard.reporting.access``."""

import rules

from heard.core.permissions import Perm
from heard.organisations.models import Role
from heard.organisations.rules import has_role, is_admin, is_admin_or_manager

sees_reports = has_role(Role.ADMIN, Role.MANAGER, Role.COMMISSIONER)

rules.add_perm(Perm.REPORTING_VIEW_REPORTS, sees_reports)
rules.add_perm(Perm.REPORTING_EXPORT_REPORTS, sees_reports)
# The lists behind a figure hold personal data: the organisation's own managers and admins.
rules.add_perm(Perm.REPORTING_VIEW_COUNTED_RECORDS, is_admin_or_manager)
rules.add_perm(Perm.REPORTING_MANAGE_COMMISSIONERS, is_admin)
