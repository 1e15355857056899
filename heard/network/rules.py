"""Who may use the network hub, organisation-wide.

Which network someone may see is row-level and lives in ``heard.network.access``
(coordinators of that network, staff of its active members); these are the gates.
"""

import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin, is_network_coordinator, sees_personal_data

# Coordinators run networks; staff of member organisations take part (forum, library, surveys).
rules.add_perm(Perm.NETWORK_USE_HUB, is_network_coordinator | sees_personal_data)
rules.add_perm(Perm.NETWORK_CREATE_NETWORK, is_network_coordinator)
# Joining a network and accepting its data-sharing agreement: the organisation's admin.
rules.add_perm(Perm.NETWORK_RESPOND_TO_INVITATION, is_admin)
# Hubs on other installations this organisation sends its figures to: its admins only.
rules.add_perm(Perm.NETWORK_MANAGE_REMOTE_HUBS, is_admin)
