import rules

from heard.organisations.rules import sees_personal_data

rules.add_perm("people.view_person", sees_personal_data)
rules.add_perm("people.add_person", sees_personal_data)
rules.add_perm("people.change_person", sees_personal_data)
