"""Staff-entered referrals (phone, email, letter)."""

urlpatterns = []
