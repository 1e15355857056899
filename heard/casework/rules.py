import rules

from heard.organisations.rules import is_admin_or_manager, sees_personal_data

# The waiting list names people, so only roles that see personal data; never commissioners.
rules.add_perm("casework.view_waiting_list", sees_personal_data)
rules.add_perm("casework.change_priority", is_admin_or_manager)
