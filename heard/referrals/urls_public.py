"""Public referral pages (no sign-in): /refer/<organisation-slug>/..."""

app_name = "refer"

urlpatterns = []
