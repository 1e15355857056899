import rules

from heard.core.permissions import Perm
from heard.organisations.rules import sees_personal_data

rules.add_perm(Perm.PEOPLE_VIEW_PERSON, sees_personal_data)
rules.add_perm(Perm.PEOPLE_ADD_PERSON, sees_personal_data)
rules.add_perm(Perm.PEOPLE_CHANGE_PERSON, sees_personal_data)
