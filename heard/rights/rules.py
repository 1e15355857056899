"""Who may handle people's data protection rights.

Subject access requests: the organisation's managers and admins. Private notes
(reflective notes naming the person) are read only by the data protection lead,
in the audited review step of a request (ADR-0011, ADR-0030).
"""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin, is_admin_or_manager, membership_of


@rules.predicate
def is_data_protection_lead(user, obj=None) -> bool:
    membership = membership_of(user, obj)
    if membership is None:
        return False
    from .selectors import data_protection_lead_id

    return data_protection_lead_id(membership.organisation) == membership.pk


rules.add_perm(Perm.RIGHTS_MANAGE_REQUESTS, is_admin_or_manager)
# Asking for and approving an erasure: managers and admins (two different people).
rules.add_perm(Perm.RIGHTS_ERASE, is_admin_or_manager)
rules.add_perm(Perm.RIGHTS_MANAGE_SETTINGS, is_admin)
# Running and approving the retention rules' dry run: managers and admins.
rules.add_perm(Perm.RIGHTS_MANAGE_RETENTION, is_admin_or_manager)
rules.add_perm(Perm.RIGHTS_REVIEW_PRIVATE_NOTES, is_data_protection_lead & is_admin_or_manager)
