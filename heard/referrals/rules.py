import rules

from heard.organisations.rules import is_admin_or_manager, sees_personal_data

# Intake: admins, managers and advocates enter referrals that arrive by phone, email or letter.
rules.add_perm("referrals.add_referral", sees_personal_data)

# Triage: admins and service managers see new referrals and decide on them.
rules.add_perm("referrals.view_referral", is_admin_or_manager)
rules.add_perm("referrals.triage_referral", is_admin_or_manager)
