import rules

from heard.core.permissions import Perm
from heard.organisations.rules import is_admin_or_manager, sees_personal_data

# Intake: admins, managers and advocates enter referrals that arrive by phone, email or letter.
rules.add_perm(Perm.REFERRALS_ADD_REFERRAL, sees_personal_data)

# Triage: admins and service managers see new referrals and decide on them.
rules.add_perm(Perm.REFERRALS_VIEW_REFERRAL, is_admin_or_manager)
rules.add_perm(Perm.REFERRALS_TRIAGE_REFERRAL, is_admin_or_manager)

# The optional equality answers given at referral are special category data: only for those
# who see personal data (never a commissioner), wherever a referral is shown (page or API).
rules.add_perm(Perm.REFERRALS_VIEW_EQUALITY_ANSWERS, sees_personal_data)
