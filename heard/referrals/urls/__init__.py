"""Staff referral pages: /referrals/... (intake and triage live in their own modules)."""

from heard.referrals.urls import intake as urls_intake
from heard.referrals.urls import triage as urls_triage

app_name = "referrals"

urlpatterns = urls_intake.urlpatterns + urls_triage.urlpatterns
