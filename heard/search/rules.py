import rules

from heard.core.permissions import Perm
from heard.organisations.rules import sees_personal_data

# Results name people, so only roles that see personal data; never commissioners or the network.
rules.add_perm(Perm.SEARCH_SEARCH, sees_personal_data)
