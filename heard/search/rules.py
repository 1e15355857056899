import rules

from heard.organisations.rules import sees_personal_data

# Results name people, so only roles that see personal data; never commissioners or the network.
rules.add_perm("search.search", sees_personal_data)
