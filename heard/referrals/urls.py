"""Staff referral pages: /referrals/... (intake and triage live in their own modules)."""

from . import urls_intake, urls_triage

app_name = "referrals"

urlpatterns = urls_intake.urlpatterns + urls_triage.urlpatterns
