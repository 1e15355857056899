"""Triage of new referrals by managers."""

urlpatterns = []
